import type { Browser, BrowserContext, Page, WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";
import { launchChromium } from "../support/browser";

let worker: LocalWorker;
let browser: Browser;

const blogPage = (apiOrigin: string, site: string, title: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
  <body><h1>${title}</h1><script src="${apiOrigin}/embed.js" data-site="${site}" async></script></body></html>`;

beforeAll(async () => {
  worker = await startLocalWorker({
    pages: (apiOrigin) => ({
      "open.html": blogPage(apiOrigin, "live", "An open post"),
      "held.html": blogPage(apiOrigin, "live-held", "A moderated post"),
      "away.html": blogPage(apiOrigin, "live", "A post read while away"),
      "first.html": blogPage(apiOrigin, "live", "A single-page blog's first post"),
      "second.html": blogPage(apiOrigin, "live", "A single-page blog's second post"),
    }),
  });
  worker.site("create", "live", "--name", "Live", "--origin", worker.blogOrigin);
  worker.site("create", "live-held", "--name", "Held", "--origin", worker.blogOrigin, "--moderation", "hold_all");
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

/** Types like a reader: the server refuses forms sent within 3 seconds of being shown, as scripts do. */
async function post(page: Page, fields: { name: string; body: string }) {
  const form = page.locator("chorus-form form").first();
  await form.locator("textarea[name=body]").fill(fields.body);
  await form.locator("input[name=authorName]").fill(fields.name);
  await page.waitForTimeout(3_100);
  await form.locator("button[type=submit]").click();
}

/** Opens a blog page in a browser context and waits until its thread and its writing half are there. */
async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${worker.blogOrigin}${path}`);
  await expect.poll(() => page.locator("chorus-form textarea").count()).toBe(1);
  return page;
}

const heading = (page: Page) => page.locator("chorus-thread h2").textContent();
const bodies = (page: Page) => page.locator("chorus-comment .body").allTextContents();
const showNew = (page: Page) => page.locator("chorus-toolbar button.show-new");

describe("a live thread on a blog at another origin", () => {
  it("follows the new page live once a single-page blog moves its thread there", async () => {
    const reader = await browser.newContext();
    const writer = await browser.newContext();
    const watching = await open(reader, "/first.html");
    await watching.evaluate(() => document.querySelector("chorus-thread")?.setAttribute("page", "/second.html"));
    await expect.poll(() => watching.locator("chorus-thread").getAttribute("page")).toBe("/second.html");
    await watching.waitForTimeout(500);
    const posting = await open(writer, "/second.html");
    await post(posting, { name: "Ada", body: "On the second post." });
    await expect.poll(() => heading(watching)).toContain("1 comment");
    await showNew(watching).click();
    await expect.poll(() => bodies(watching)).toEqual(["On the second post."]);
    await reader.close();
    await writer.close();
  });

  it("shows a comment posted in another browser without a reload, behind a button", async () => {
    const reader = await browser.newContext();
    const writer = await browser.newContext();
    const watching = await open(reader, "/open.html");
    const posting = await open(writer, "/open.html");
    await post(posting, { name: "Ada", body: "Hello from another browser." });
    await expect.poll(() => heading(watching)).toContain("1 comment");
    await expect.poll(() => showNew(watching).textContent()).toContain("Show new comments (1)");
    expect(await bodies(watching)).toEqual([]);
    await showNew(watching).click();
    await expect.poll(() => bodies(watching)).toEqual(["Hello from another browser."]);
    expect(await showNew(watching).count()).toBe(0);
    await reader.close();
    await writer.close();
  });

  it("sends a held comment to its author's other tabs and to nobody else", async () => {
    const author = await browser.newContext();
    const stranger = await browser.newContext();
    const writing = await open(author, "/held.html");
    const elsewhere = await open(stranger, "/held.html");
    await post(writing, { name: "Grace", body: "Please approve me." });
    await expect.poll(() => writing.locator("chorus-comment .badge").textContent()).toBe("Awaiting moderation");
    // The author's second tab, opened after posting, follows the thread with the same reader key.
    const secondTab = await open(author, "/held.html");
    await expect.poll(() => bodies(secondTab)).toEqual(["Please approve me."]);
    await post(writing, { name: "Grace", body: "And one more, held too." });
    await expect.poll(() => showNew(secondTab).textContent()).toContain("(1)");
    await showNew(secondTab).click();
    await expect.poll(() => bodies(secondTab)).toEqual(["Please approve me.", "And one more, held too."]);
    await elsewhere.waitForTimeout(1_000);
    expect(await showNew(elsewhere).count()).toBe(0);
    expect(await bodies(elsewhere)).toEqual([]);
    expect(
      await elsewhere.locator("chorus-thread").evaluate((element) => element.shadowRoot?.textContent),
    ).not.toContain("approve");
    await author.close();
    await stranger.close();
  });

  it("catches up on what it missed while its connection was down", async () => {
    const reader = await browser.newContext();
    const writer = await browser.newContext();
    const routes: WebSocketRoute[] = [];
    let dropping = false;
    await reader.routeWebSocket(/\/live\?/, (route) => {
      routes.push(route);
      const server = route.connectToServer();
      server.onMessage((message) => {
        if (!dropping) route.send(message);
      });
    });
    const watching = await open(reader, "/away.html");
    await expect.poll(() => routes.length).toBe(1);
    expect(await heading(watching)).toContain("0 comments");
    dropping = true;
    const posting = await open(writer, "/away.html");
    await post(posting, { name: "Lin", body: "Said while you were away." });
    await expect.poll(() => heading(posting)).toContain("1 comment");
    await watching.waitForTimeout(500);
    expect(await heading(watching)).toContain("0 comments");
    dropping = false;
    await routes[0]?.close();
    await expect.poll(() => routes.length).toBe(2);
    await expect.poll(() => heading(watching)).toContain("1 comment");
    await showNew(watching).click();
    await expect.poll(() => bodies(watching)).toContain("Said while you were away.");
    await reader.close();
    await writer.close();
  });
});
