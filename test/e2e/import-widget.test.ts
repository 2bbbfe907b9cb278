/**
 * Imported threads in the reader's widget: a Disqus export imported with the CLI into the local D1
 * of a running Worker shows on a plain blog page, nested, with removed comments as placeholders and
 * spam and held comments hidden.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../scripts/lib/compiled-cli";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";
import { launchChromium } from "../support/browser";

let worker: LocalWorker;
let browser: Browser;

beforeAll(async () => {
  worker = await startLocalWorker({
    pages: (apiOrigin) => ({
      "hello-world.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hello world</title>
      <link rel="canonical" href="https://blog.example/post/hello-world/"></head>
      <body><h1>Hello world</h1><p>An old post whose comments lived on Disqus.</p>
      <script src="${apiOrigin}/embed.js" data-site="migrated" async></script></body></html>`,
    }),
  });
  worker.site("create", "migrated", "--name", "Migrated blog", "--origin", worker.blogOrigin);
  const run = runCli("import", [
    "--site",
    "migrated",
    "disqus",
    "test/fixtures/import/disqus.xml",
    "--persist-to",
    worker.stateDir,
  ]);
  if (run.status !== 0) throw new Error(`import failed:\n${run.stderr}${run.stdout}`);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

describe("a page whose comments were imported from Disqus", () => {
  it("shows the imported thread in the widget", async () => {
    const page = await browser.newPage();
    await page.goto(`${worker.blogOrigin}/hello-world.html`);
    await expect
      .poll(() => page.locator("chorus-thread h2").textContent(), { timeout: 20_000 })
      .toContain("4 comments");
    await expect
      .poll(() => page.locator("chorus-comment .author").allTextContents())
      .toEqual(["Ada", "Grace", "Linus", "Ada"]);
    const first = page.locator("chorus-comment").first();
    expect(await first.locator(".body").first().innerHTML()).toContain("Hello <strong>world</strong>! First comment.");
    const link = first.locator("chorus-comment").first().locator(".body a").first();
    expect(await link.getAttribute("href")).toBe("https://example.com/docs");
    expect(await page.locator("chorus-comment .removed").allTextContents()).toEqual(["This comment was removed."]);
    const text = await page.locator("chorus-thread").evaluate((element) => element.shadowRoot?.textContent ?? "");
    expect(text).not.toMatch(/Cheap pills|Waiting for a moderator|mallory/i);
    await page.close();
  });
});
