import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limits } from "../../common/vocabulary";
import { launchChromium } from "../support/browser";
import { type ApiCall, comment, openBlogPage, postPage, threadBody } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const form = (page: Page) => page.locator("chorus-thread > chorus-form form, chorus-form form").first();

async function fill(page: Page, fields: { name?: string; body?: string; website?: string }) {
  if (fields.body !== undefined) await form(page).locator("textarea[name=body]").fill(fields.body);
  if (fields.name !== undefined) await form(page).locator("input[name=authorName]").fill(fields.name);
  if (fields.website !== undefined) await form(page).locator("input[name=authorWebsite]").fill(fields.website);
}

const posts = (calls: ApiCall[]) => calls.filter((call) => call.method === "POST");

describe("<chorus-form>", () => {
  it("shows the server's field errors next to the fields", async () => {
    const { page } = await openBlogPage(browser, postPage(), (call) =>
      call.method === "POST"
        ? {
            status: 400,
            body: {
              error: {
                code: "invalid_input",
                message: "authorWebsite: must be an http or https address",
                fields: [{ field: "authorWebsite", message: "website must be an http or https address" }],
              },
            },
          }
        : { body: threadBody([]) },
    );
    await fill(page, { name: "Ada", body: "Hello", website: "ftp://ada.example" });
    await form(page).locator("button[type=submit]").click();
    await expect
      .poll(() => page.locator("#new-authorWebsite-error").textContent())
      .toBe("website must be an http or https address");
    expect(await form(page).locator("input[name=authorWebsite]").getAttribute("aria-invalid")).toBe("true");
    expect(await form(page).locator("textarea[name=body]").inputValue()).toBe("Hello");
    await page.close();
  });

  it("limits each field to what the server takes (the website field allowed 254 characters, the server 200)", async () => {
    const { page } = await openBlogPage(browser, postPage(), () => ({ body: threadBody([]) }));
    const maxLength = (name: string) => form(page).locator(`[name=${name}]`).getAttribute("maxlength");
    expect(await maxLength("authorName")).toBe(String(limits.authorName));
    expect(await maxLength("authorEmail")).toBe(String(limits.authorEmail));
    expect(await maxLength("authorWebsite")).toBe(String(limits.authorWebsite));
    expect(await maxLength("body")).toBe(String(limits.body));
    await page.close();
  });

  it("asks for a name and a comment before sending anything", async () => {
    const { page, calls } = await openBlogPage(browser, postPage(), () => ({ body: threadBody([]) }));
    await form(page).locator("button[type=submit]").click();
    await expect.poll(() => page.locator("#new-authorName-error").textContent()).toBe("Please give your name.");
    expect(await page.locator("#new-body-error").textContent()).toBe("Please write a comment.");
    expect(posts(calls)).toHaveLength(0);
    await page.close();
  });

  it("retries after a network error with the same idempotency key, and sends a double click once", async () => {
    let failNext = true;
    const { page, calls } = await openBlogPage(browser, postPage(), (call) => {
      if (call.method !== "POST") return { body: threadBody([]) };
      if (failNext) {
        failNext = false;
        return "network-error";
      }
      return { status: 201, body: { comment: comment(7, { bodyHtml: "<p>Hello</p>" }), commentCount: 1 } };
    });
    await fill(page, { name: "Ada", body: "Hello" });
    await form(page).locator("button[type=submit]").click();
    await expect.poll(() => form(page).locator("[role=alert]").textContent()).toContain("Could not reach the server");
    await form(page).locator("button[type=submit]").dblclick();
    await expect.poll(() => page.locator("chorus-thread h2").textContent()).toContain("1 comment");
    const keys = posts(calls).map((call) => (call.body as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(await page.locator("chorus-comment").count()).toBe(1);
    expect(await form(page).locator("textarea[name=body]").inputValue()).toBe("");
    await page.close();
  });

  it("keeps the idempotency key when the server refreshes the form, so a comment stored after all is not posted twice", async () => {
    const answers: ("network-error" | { status: number; body: unknown })[] = [
      "network-error",
      { status: 403, body: { error: { code: "form_token_used", message: "This form was already sent" } } },
      { status: 200, body: { comment: comment(8, { bodyHtml: "<p>Once</p>" }), commentCount: 1 } },
    ];
    const { page, calls } = await openBlogPage(browser, postPage(), (call) =>
      call.method === "POST" ? (answers.shift() ?? "network-error") : { body: threadBody([]) },
    );
    await fill(page, { name: "Ada", body: "Once" });
    await form(page).locator("button[type=submit]").click();
    await expect.poll(() => form(page).locator("[role=alert]").textContent()).toContain("Could not reach the server");
    await form(page).locator("button[type=submit]").click();
    await expect.poll(() => form(page).locator("[role=alert]").textContent()).toContain("The form was refreshed");
    await form(page).locator("button[type=submit]").click();
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(1);
    const keys = posts(calls).map((call) => (call.body as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    await page.close();
  });

  it("sends a form sent too soon again by itself once the server's wait is over, with the same form token", async () => {
    const tooFast = {
      status: 425,
      body: {
        error: {
          code: "form_too_fast",
          message: "Just a moment: the form was sent within seconds of appearing. Sending it again shortly…",
          fields: [{ field: "formToken", message: "was issued less than 3 seconds ago" }],
        },
      },
    };
    const answers = [
      tooFast,
      { status: 201, body: { comment: comment(11, { bodyHtml: "<p>Quick</p>" }), commentCount: 1 } },
    ];
    const { page, calls } = await openBlogPage(browser, postPage(), (call) =>
      call.method === "POST" ? (answers.shift() ?? "network-error") : { body: threadBody([]) },
    );
    await fill(page, { name: "Ada", body: "Quick" });
    await form(page).locator("button[type=submit]").click();
    await expect.poll(() => form(page).locator("[role=alert]").textContent()).toContain("Just a moment");
    await expect.poll(() => page.locator("chorus-comment").count(), { timeout: 10_000 }).toBe(1);
    const sent = posts(calls).map((call) => call.body as { formToken: string; body: string });
    expect(sent).toHaveLength(2);
    expect(sent[1]?.formToken).toBe(sent[0]?.formToken);
    expect(sent[1]?.body).toBe("Quick");
    await page.close();
  });

  it("shows a held comment to its author with the awaiting-moderation badge and announces it", async () => {
    const { page, calls } = await openBlogPage(browser, postPage(), (call) =>
      call.method === "POST"
        ? { status: 201, body: { comment: comment(9, { status: "pending" }), commentCount: 0 } }
        : { body: threadBody([]) },
    );
    await fill(page, { name: "Ada", body: "Hello" });
    await form(page).locator("button[type=submit]").click();
    await expect.poll(() => page.locator("#comment-9 .badge").textContent()).toBe("Awaiting moderation");
    expect(await page.locator("chorus-thread [role=status]").textContent()).toContain("awaiting moderation");
    expect(posts(calls)[0]?.headers["x-chorus-reader"]).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    await page.close();
  });

  it("posts a reply with its parent's id and shows it under the parent", async () => {
    const { page, calls } = await openBlogPage(browser, postPage(), (call) =>
      call.method === "POST"
        ? { status: 201, body: { comment: comment(2, { parentId: 1, authorName: "Grace" }), commentCount: 2 } }
        : { body: threadBody([comment(1)]) },
    );
    await page.locator("chorus-comment button.reply-button").first().click();
    const reply = page.locator("chorus-comment chorus-form form");
    await reply.locator("textarea[name=body]").fill("A reply");
    await reply.locator("input[name=authorName]").fill("Grace");
    await reply.locator("button[type=submit]").click();
    await expect.poll(() => page.locator("chorus-comment chorus-comment .author").textContent()).toBe("Grace");
    expect(posts(calls)[0]?.body).toMatchObject({ parentId: 1 });
    expect(await page.locator("chorus-comment chorus-form").count()).toBe(0);
    await page.close();
  });
});
