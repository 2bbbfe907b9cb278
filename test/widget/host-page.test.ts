/**
 * The widget on someone else's page: it takes on the host's look (font, text colour, light or dark
 * from the page's own background) and offers the host page an API (events, `refresh()`, lazy
 * loading, a page identity that can change at runtime).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { type ApiCall, comment, openBlogPage, postPage, threadBody } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const isThread = (call: ApiCall) => call.path.endsWith("/thread");

/** A computed style of the first comment's body (inside two shadow roots), and whether the thread is dark. */
async function looks(page: Page) {
  await expect.poll(() => page.locator("chorus-comment .body").count()).toBeGreaterThan(0);
  const body = page.locator("chorus-comment .body").first();
  return {
    font: await body.evaluate((element) => getComputedStyle(element).fontFamily),
    color: await body.evaluate((element) => getComputedStyle(element).color),
    border: await page
      .locator("chorus-comment .badge")
      .first()
      .evaluate((element) => getComputedStyle(element).borderTopColor),
    dark: await page.locator("chorus-thread").evaluate((element) => element.hasAttribute("dark")),
  };
}

const pinned = () => ({ body: threadBody([comment(1, { pinned: true })]) });

describe("the widget on a host page", () => {
  it("takes the host's font and text colour, and the dark palette from its dark background", async () => {
    const serifDark = postPage(
      'data-site="demo"',
      "<style>body { font-family: Georgia, serif; color: rgb(230, 220, 200); background: rgb(20, 24, 28) }</style>",
    );
    const dark = await openBlogPage(browser, serifDark, pinned);
    expect(await looks(dark.page)).toEqual({
      font: "Georgia, serif",
      color: "rgb(230, 220, 200)",
      border: "rgb(61, 68, 77)",
      dark: true,
    });
    await dark.page.close();

    const light = await openBlogPage(
      browser,
      postPage('data-site="demo"', "<style>body { background: #fffdf5 }</style>"),
      pinned,
    );
    expect(await looks(light.page)).toMatchObject({ border: "rgb(209, 217, 224)", dark: false });
    await light.page.close();

    const restyled = postPage(
      'data-site="demo" data-theme="light"',
      `<style>body { font-family: Georgia, serif; background: #111 }
      chorus-thread { --chorus-font: "Courier New", monospace; --chorus-text: rgb(1, 2, 3); --chorus-border: rgb(4, 5, 6) }</style>`,
    );
    const forced = await openBlogPage(browser, restyled, pinned);
    expect(await looks(forced.page)).toEqual({
      font: '"Courier New", monospace',
      color: "rgb(1, 2, 3)",
      border: "rgb(4, 5, 6)",
      dark: false,
    });
    await forced.page.close();
  });

  it("tells the host page when the thread is ready and when its count changes", async () => {
    const { page } = await openBlogPage(
      browser,
      postPage(
        'data-site="demo"',
        `<script>window.heard = [];
        for (const name of ["chorus-ready", "chorus-count-changed"]) {
          document.addEventListener(name, (event) => heard.push([name, event.detail.commentCount]));
        }</script>`,
      ),
      (call) =>
        call.method === "POST"
          ? {
              status: 201,
              body: { comment: comment(9, { bodyHtml: "<p>Mine</p>" }), commentCount: 3, editSecret: "s".repeat(32) },
            }
          : { body: threadBody([comment(1), comment(2)]) },
    );
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { heard: unknown[] }).heard))
      .toEqual([["chorus-ready", 2]]);
    const form = page.locator("chorus-thread >> nth=0 >> chorus-form form").first();
    await form.locator("textarea[name=body]").fill("Mine");
    await form.locator("input[name=authorName]").fill("Ada");
    await form.locator("button[type=submit]").click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { heard: unknown[] }).heard))
      .toEqual([
        ["chorus-ready", 2],
        ["chorus-count-changed", 3],
      ]);
    await page.close();
  });

  it("reads the thread again on refresh() and when its page changes, as a single-page blog navigates", async () => {
    const { page, calls } = await openBlogPage(browser, postPage(), (call) => ({
      body: threadBody(call.query.get("page") === "/posts/next" ? [comment(5)] : [comment(1), comment(2)]),
    }));
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(2);
    await page.evaluate(() => (document.querySelector("chorus-thread") as HTMLElement & { refresh(): void }).refresh());
    await expect.poll(() => calls.filter(isThread).length).toBe(2);
    await page.evaluate(() => document.querySelector("chorus-thread")?.setAttribute("page", "/posts/next/"));
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(1);
    expect(calls.filter(isThread).at(-1)?.query.get("page")).toBe("/posts/next");
    await page.close();
  });

  it('with loading="lazy", reads the thread only when it comes near the screen', async () => {
    const tall = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Long</title></head>
      <body><div style="height: 5000px">A long post</div>
      <chorus-thread site="demo" api="http://blog.test" loading="lazy"></chorus-thread>
      <script src="/embed.js" data-site="demo" async></script></body></html>`;
    const { page, calls } = await openBlogPage(browser, tall, () => ({ body: threadBody([comment(1)]) }));
    await page.waitForFunction(() => customElements.get("chorus-thread") !== undefined);
    await page.waitForTimeout(300);
    expect(calls.filter(isThread)).toHaveLength(0);
    await page.mouse.wheel(0, 4_500);
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(1);
    expect(calls.filter(isThread)).toHaveLength(1);
    await page.close();
  });
});
