import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { openBlogPage } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const listing = `<!doctype html><html><body>
  <chorus-count id="a" page="/posts/a/">…</chorus-count>
  <chorus-count id="a-again" page="/posts/a/index.html">…</chorus-count>
  <chorus-count id="b" page="https://blog.test/posts/b?x=1">…</chorus-count>
  <chorus-count id="c" page="/posts/c">…</chorus-count>
  <script src="/embed.js" data-site="demo" data-mode="counts" async></script></body></html>`;

describe("<chorus-count>", () => {
  it("fills every count on a listing page from one request", async () => {
    const { page, calls } = await openBlogPage(
      browser,
      listing,
      () => ({ body: { counts: { "/posts/a": 1, "/posts/b?x=1": 12, "/posts/c": 0 } } }),
      "/",
    );
    await expect.poll(() => page.locator("#c").textContent()).toBe("0 comments");
    expect(await page.locator("#a").textContent()).toBe("1 comment");
    expect(await page.locator("#a-again").textContent()).toBe("1 comment");
    expect(await page.locator("#b").textContent()).toBe("12 comments");
    expect(calls).toHaveLength(1);
    // Query parameters go as written: the server keeps those its site says identify a page.
    expect(calls[0]?.query.getAll("page")).toEqual(["/posts/a", "/posts/b?x=1", "/posts/c"]);
    expect(await page.locator("chorus-thread").count()).toBe(0);
    await page.close();
  });

  it("clears the placeholder when counts cannot be loaded", async () => {
    const { page } = await openBlogPage(browser, listing, () => "network-error", "/");
    await expect.poll(() => page.locator("#a").textContent()).toBe("");
    await page.close();
  });
});
