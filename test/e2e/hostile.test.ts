/**
 * Renders a thread holding every hostile payload (bodies through the server's renderer, names and
 * websites as stored, including websites no validation would let in) in real Chromium, with a trap
 * that records any script execution, and checks that nothing ran and nothing escaped the widget.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlLiteral } from "../../scripts/lib/d1";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";
import { renderMarkdown } from "../../worker/render/markdown";
import { forbiddenWebsites, hostileBodies, hostileNames, hostileWebsites } from "../fixtures/hostile/payloads";
import { launchChromium } from "../support/browser";
import { injectedMarkup, installTrap } from "../support/trap";

let worker: LocalWorker;
let browser: Browser;
const topLevel = 10;

beforeAll(async () => {
  worker = await startLocalWorker({
    pages: (apiOrigin) => ({
      "hostile.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile</title></head>
        <body><main id="post"><h1>A post</h1></main>
        <script src="${apiOrigin}/embed.js" data-site="hostile" async></script></body></html>`,
    }),
  });
  worker.site("create", "hostile", "--name", "Hostile", "--origin", worker.blogOrigin);
  const websites = [...hostileWebsites, ...forbiddenWebsites];
  const rows = hostileBodies.map((body, index) => {
    const parent =
      index < topLevel ? "NULL" : `(SELECT id FROM comments WHERE idempotency_key = 'hostile-${index % topLevel}')`;
    return `INSERT INTO comments (site_id, thread_id, parent_id, root_id, depth, author_name, author_website, body, body_html, status, idempotency_key)
      VALUES ('hostile', (SELECT id FROM threads WHERE site_id = 'hostile' AND path = '/hostile'), ${parent}, ${parent}, ${index < topLevel ? 0 : 1},
      ${sqlLiteral(hostileNames[index % hostileNames.length] ?? "x")}, ${sqlLiteral(websites[index % websites.length] ?? null)},
      ${sqlLiteral(body)}, ${sqlLiteral(renderMarkdown(body))}, 'published', 'hostile-${index}')`;
  });
  await worker.sql([
    `INSERT INTO threads (site_id, path, title, comment_count) VALUES ('hostile', '/hostile', ${sqlLiteral(hostileNames[0] ?? "")}, ${hostileBodies.length})`,
    ...rows,
  ]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

describe(`a thread of ${hostileBodies.length} hostile comments in Chromium`, () => {
  it("runs no script, links no javascript: URL, and keeps every comment inside the widget", async () => {
    const page = await browser.newPage();
    const trapped = await installTrap(page);
    await page.goto(`${worker.blogOrigin}/hostile.html`);
    await expect.poll(() => page.locator("chorus-comment").count(), { timeout: 20_000 }).toBe(hostileBodies.length);
    await page.mouse.move(200, 200);
    await page.waitForTimeout(500);

    expect(await trapped()).toEqual([]);
    const { foreign, addresses } = await injectedMarkup(page);
    expect(foreign).toEqual([]);
    expect(addresses.filter((address) => !/^(https?:|mailto:)/i.test(address))).toEqual([]);
    const outside = await page.evaluate(() =>
      [...document.body.children].map((element) => element.tagName.toLowerCase()),
    );
    expect(outside).toEqual(["main", "script", "chorus-thread"]);
    await page.close();
  });
});
