import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";
import { launchChromium } from "../support/browser";

let worker: LocalWorker;
let browser: Browser;

beforeAll(async () => {
  worker = await startLocalWorker({
    pages: (apiOrigin) => ({
      "plain.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A plain post</title></head>
      <body><h1>A plain post</h1><p>Some words.</p>
      <script src="${apiOrigin}/embed.js" data-site="e2e" async></script></body></html>`,
      "fresh.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A fresh post</title>
      <link rel="icon" href="data:,"></head>
      <body><h1>A fresh post</h1><script src="${apiOrigin}/embed.js" data-site="e2e" async></script></body></html>`,
      "unread.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unread</title></head>
      <body><script src="${apiOrigin}/embed.js" data-site="e2e" async></script></body></html>`,
      "listing.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Index</title></head>
      <body><chorus-count id="plain" page="/plain.html">…</chorus-count> <chorus-count id="other" page="/other/">…</chorus-count>
      <script src="${apiOrigin}/embed.js" data-site="e2e" data-mode="counts" async></script></body></html>`,
    }),
  });
  worker.site("create", "e2e", "--name", "End to end", "--origin", worker.blogOrigin);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

/** Types like a reader: the server refuses forms sent within 3 seconds of being shown, as scripts do. */
async function postFrom(page: Page, scope: string, fields: { name: string; body: string }) {
  const form = page.locator(`${scope} chorus-form form`).first();
  await form.locator("textarea[name=body]").fill(fields.body);
  await form.locator("input[name=authorName]").fill(fields.name);
  await page.waitForTimeout(3_100);
  await form.locator("button[type=submit]").click();
}

describe("a reader on a plain blog page embedding the built embed.js", () => {
  it("loads a post nobody has commented on yet with an empty console and no answer above 399", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("console", (message) => problems.push(`console ${message.type()}: ${message.text()}`));
    page.on("pageerror", (error) => problems.push(`error: ${error.message}`));
    page.on("requestfailed", (request) => problems.push(`failed: ${request.url()}`));
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
    });
    await page.goto(`${worker.blogOrigin}/fresh.html`);
    await expect.poll(() => page.locator("chorus-thread h2").textContent()).toContain("0 comments");
    await page.locator("chorus-form textarea[name=body]").waitFor();
    await page.waitForTimeout(1_500);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("posts a comment and a reply, reloads, and sees both, nested", async () => {
    const page = await browser.newPage();
    await page.goto(`${worker.blogOrigin}/plain.html`);
    await expect.poll(() => page.locator("chorus-thread h2").textContent()).toContain("0 comments");

    await postFrom(page, "chorus-thread >> nth=0 >>", {
      name: "Ada",
      body: "First! With **Markdown** <b>and raw HTML</b>.",
    });
    await expect.poll(() => page.locator("chorus-thread h2").textContent()).toContain("1 comment");
    const first = page.locator("chorus-comment").first();
    await expect
      .poll(() => first.locator(".body").innerHTML())
      .toContain("<strong>Markdown</strong> &lt;b&gt;and raw HTML&lt;/b&gt;");

    await first.locator("button.reply-button").click();
    await postFrom(page, "chorus-comment >> nth=0 >>", { name: "Grace", body: "A reply to Ada." });
    await expect.poll(() => page.locator("chorus-thread h2").textContent()).toContain("2 comments");

    await page.reload();
    await expect.poll(() => page.locator("chorus-thread h2").textContent()).toContain("2 comments");
    await expect.poll(() => page.locator("chorus-comment .author").allTextContents()).toEqual(["Ada", "Grace"]);
    const reply = page.locator("chorus-comment").first().locator("chorus-comment");
    expect(await reply.locator(".author").textContent()).toBe("Grace");
    expect(await reply.locator(".body").textContent()).toContain("A reply to Ada.");
    await page.close();
  });

  it("shows the counts of a listing page from one request", async () => {
    const page = await browser.newPage();
    const countRequests: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/counts")) countRequests.push(request.url());
    });
    await page.goto(`${worker.blogOrigin}/listing.html`);
    await expect.poll(() => page.locator("#plain").textContent()).toBe("2 comments");
    expect(await page.locator("#other").textContent()).toBe("0 comments");
    expect(countRequests).toHaveLength(1);
    await page.close();
  });

  it("refuses a page whose origin the site no longer allows", async () => {
    worker.site("update", "e2e", "--origin", "https://elsewhere.example");
    const page = await browser.newPage();
    // A page no reader has read: another page's cached copy would carry the site's origins as they
    // were when it was read, for up to the cache's lifetime (docs/operations.md).
    await page.goto(`${worker.blogOrigin}/unread.html`);
    await expect.poll(() => page.locator("chorus-thread p").first().textContent()).toContain("could not be loaded");
    await page.close();
  });
});
