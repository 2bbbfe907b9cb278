/**
 * Accessibility: axe-core (injected from its own source) checks the thread, the form and every
 * state a reader can meet, in real Chromium, through the shadow roots. Zero violations allowed.
 */
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { type ApiHandler, comment, openBlogPage, postPage, threadBody } from "./harness";

const axeSource = readFileSync("node_modules/axe-core/axe.min.js", "utf8");

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Violation {
  id: string;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe over the whole page (it descends into open shadow roots) and returns its violations. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((violation) => ({
      id: violation.id,
      help: violation.help,
      nodes: violation.nodes.map((node) => JSON.stringify(node.target)),
    }));
  });
  return found.map((violation) => `${violation.id}: ${violation.help} at ${violation.nodes.join(", ")}`);
}

const page = (body: string) =>
  postPage('data-site="demo"', "", "en")
    .replace("<h1>Hello</h1>", `<main><h1>Hello</h1>${body}`)
    .replace("</body>", "</main></body>");

const tree = [
  comment(1, {
    reactions: { like: 2 },
    myReaction: "like",
    avatar: "0a1b2c3d",
    replies: [comment(2, { parentId: 1, status: "pending", avatar: "ffee0011" })],
  }),
  comment(3, {
    pinned: true,
    badge: "Staff",
    editedAt: "2026-11-01T11:00:00.000Z",
    authorWebsite: "https://ada.example",
  }),
  comment(4, { status: "removed", authorName: "", bodyHtml: "", replies: [comment(5, { parentId: 4 })] }),
];

async function open(api: ApiHandler, settle: (page: Page) => Promise<void>) {
  const opened = await openBlogPage(browser, page(""), api);
  await settle(opened.page);
  return opened.page;
}

const states: [string, ApiHandler, (page: Page) => Promise<unknown>][] = [
  [
    "a thread with replies, reactions, badges and a removed comment",
    () => ({ body: threadBody(tree, {}, "4") }),
    (page) => expect.poll(() => page.locator("chorus-comment").count()).toBe(5),
  ],
  [
    "an empty thread",
    () => ({ body: threadBody([]) }),
    (page) => expect.poll(() => page.locator("chorus-form textarea").count()).toBe(1),
  ],
  [
    "a closed thread",
    () => ({ body: threadBody([comment(1)], { closed: true }) }),
    (page) => expect.poll(() => page.locator("chorus-thread .closed").count()).toBe(1),
  ],
  [
    "the error state",
    () => ({ status: 500, body: { error: { code: "internal_error", message: "Oops" } } }),
    (page) => expect.poll(() => page.locator("chorus-thread button.more").count()).toBe(1),
  ],
];

describe("accessibility (axe-core)", () => {
  for (const [name, api, settle] of states) {
    it(`reports no violations for ${name}`, async () => {
      const opened = await open(api, async (page) => {
        await settle(page);
      });
      expect(await violations(opened)).toEqual([]);
      await opened.close();
    });
  }

  it("reports no violations while loading", async () => {
    const opened = await openBlogPage(browser, page(""), () => "network-error");
    await opened.page.evaluate(() => {
      const thread = document.querySelector("chorus-thread") as HTMLElement & { state: string };
      thread.state = "loading";
    });
    await expect.poll(() => opened.page.locator("chorus-thread").textContent()).toBeDefined();
    expect(await opened.page.locator("chorus-thread .muted").first().textContent()).toContain("Loading");
    expect(await violations(opened.page)).toEqual([]);
    await opened.page.close();
  });

  it("reports no violations for a held comment, a form with errors, a reply form and an edit form", async () => {
    const opened = await openBlogPage(browser, page(""), (call) =>
      call.path.endsWith("/comments")
        ? {
            status: 201,
            body: {
              comment: comment(9, { status: "pending", authorName: "Me" }),
              commentCount: 0,
              editSecret: "secret-secret-secret-0001",
              editableUntil: new Date(Date.now() + 60_000).toISOString(),
            },
          }
        : { body: threadBody([comment(1)]) },
    );
    const { page: tab } = opened;
    await tab.locator("chorus-form button[type=submit]").first().click();
    await expect.poll(() => tab.locator("chorus-form [aria-invalid=true]").count()).toBeGreaterThan(0);
    expect(await violations(tab)).toEqual([]);
    await tab.locator("chorus-form textarea").first().fill("Held, please");
    await tab.locator("chorus-form input[name=authorName]").first().fill("Me");
    await tab.locator("chorus-form button[type=submit]").first().click();
    await expect.poll(() => tab.locator("#comment-9 .badge").textContent()).toBe("Awaiting moderation");
    await tab.locator("#comment-1 ~ * button.reply-button, chorus-comment button.reply-button").first().click();
    await tab.locator("chorus-comment button[part~='edit-button']").first().click();
    expect(await violations(tab)).toEqual([]);
    await tab.close();
  });

  it("can be used with the keyboard alone: Tab reaches the form, the reactions and Reply", async () => {
    const opened = await openBlogPage(browser, page(""), () => ({ body: threadBody([comment(1)]) }));
    const { page: tab } = opened;
    await expect.poll(() => tab.locator("chorus-comment").count()).toBe(1);
    const reached = new Set<string>();
    for (let step = 0; step < 25; step++) {
      await tab.keyboard.press("Tab");
      reached.add(
        await tab.evaluate(() => {
          let element: Element | null = document.activeElement;
          while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
          return `${element?.tagName.toLowerCase()}:${element?.getAttribute("name") ?? element?.textContent?.trim().slice(0, 20)}`;
        }),
      );
    }
    for (const expected of [
      "textarea:body",
      "input:authorName",
      "select:",
      "button:👍",
      "button:Reply",
      "button:Post comment",
    ]) {
      expect(
        [...reached].some((name) => name.startsWith(expected)),
        `${expected} in ${[...reached]}`,
      ).toBe(true);
    }
    await tab.close();
  });

  it("would report a violation inside the widget's shadow roots (the check can fail)", async () => {
    const opened = await openBlogPage(browser, page(""), () => ({ body: threadBody([comment(1)]) }));
    await expect.poll(() => opened.page.locator("chorus-comment").count()).toBe(1);
    await opened.page.evaluate(() => {
      const root = document.querySelector("chorus-thread")?.shadowRoot?.querySelector("chorus-comment")?.shadowRoot;
      root?.append(Object.assign(document.createElement("input"), { type: "text" }));
    });
    expect((await violations(opened.page)).join("\n")).toContain("label");
    await opened.page.close();
  });
});
