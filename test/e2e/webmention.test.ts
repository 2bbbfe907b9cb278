import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";
import { launchChromium } from "../support/browser";

/**
 * Another blog on loopback that sends Chorus Webmentions: real HTML pages (an h-entry reply with its
 * h-card, a like, a page that never links, one that stops linking, one that goes 410), redirect
 * chains, a huge page and a JSON one. `replyText` and `gone` change what it serves, as its author would.
 */
function otherBlog(target: () => string) {
  const state = { replyText: "I agree with this post, right up to the conclusion.", gone: false, laterLinks: true };
  const entry = (body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Dana's blog</title></head>
    <body><article class="h-entry">
      <a class="p-author h-card u-url" href="/"><img class="u-photo" src="/dana.jpg" alt=""><span class="p-name">Dana Theus</span></a>
      <time class="dt-published" datetime="2026-12-01T10:00:00Z">1 December</time>
      ${body}
    </article></body></html>`;
  const pages: Record<string, () => { status: number; type?: string; body?: string; location?: string }> = {
    "/reply": () =>
      state.gone
        ? { status: 410, type: "text/html", body: "<p>Gone</p>" }
        : {
            status: 200,
            type: "text/html; charset=utf-8",
            body: entry(
              `<p>In reply to <a class="u-in-reply-to" href="${target()}">this post</a></p>
              <div class="e-content"><p>${state.replyText}</p></div>`,
            ),
          },
    "/later": () => ({
      status: 200,
      type: "text/html",
      body: entry(
        `${state.laterLinks ? `<a class="u-in-reply-to" href="${target()}">Re: the post</a>` : ""}<p class="e-content">A second thought.</p>`,
      ),
    }),
    "/like": () => ({
      status: 200,
      type: "text/html",
      body: entry(`<a class="u-like-of" href="${target()}">Liked</a>`),
    }),
    "/pinging": () => ({
      status: 200,
      type: "text/html",
      body: `<html><body><p>An old blog that still sends pingbacks, about <a href="${target()}">this post</a>.</p></body></html>`,
    }),
    "/silent": () => ({ status: 200, type: "text/html", body: entry(`<div class="e-content">No link here.</div>`) }),
    "/hop1": () => ({ status: 301, location: "/hop2" }),
    "/hop2": () => ({ status: 302, location: "/hop3" }),
    "/hop3": () => ({ status: 307, location: "/chained" }),
    "/chained": () => ({
      status: 200,
      type: "text/html",
      body: entry(`<div class="e-content">Found after three redirects: <a href="${target()}">the post</a></div>`),
    }),
    "/huge": () => ({
      status: 200,
      type: "text/html",
      body: `<html><body><a href="${target()}">x</a>${"<p>padding</p>".repeat(100_000)}</body></html>`,
    }),
    "/data.json": () => ({ status: 200, type: "application/json", body: JSON.stringify({ link: target() }) }),
  };
  for (let hop = 0; hop < 6; hop++) pages[`/loop${hop}`] = () => ({ status: 302, location: `/loop${hop + 1}` });
  const server: Server = createServer((request, response) => {
    const page = pages[request.url ?? ""]?.() ?? { status: 404, type: "text/plain", body: "not found" };
    response.writeHead(page.status, {
      ...(page.type ? { "Content-Type": page.type } : {}),
      ...(page.location ? { Location: page.location } : {}),
    });
    response.end(page.body ?? "");
  });
  return { server, state };
}

let worker: LocalWorker;
let browser: Browser;
let source: string;
const blog = otherBlog(() => `${worker.blogOrigin}/post.html`);

beforeAll(async () => {
  await new Promise<void>((resolve) => blog.server.listen(0, "127.0.0.1", resolve));
  source = `http://127.0.0.1:${(blog.server.address() as AddressInfo).port}`;
  worker = await startLocalWorker({
    vars: { WEBMENTION_PRIVATE_SOURCES: "allow" },
    pages: (apiOrigin) => ({
      "post.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The post</title>
        <link rel="webmention" href="${apiOrigin}/api/webmention"></head>
        <body><h1>The post</h1><script src="${apiOrigin}/embed.js" data-site="mentions" async></script></body></html>`,
    }),
  });
  worker.site("create", "mentions", "--name", "Mentioned", "--origin", worker.blogOrigin);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  blog.server.close();
});

/** Sends a Webmention as another blog does, and waits for the queue's consumer to settle it. */
async function mention(path: string): Promise<{ status: string; detail: string | null }> {
  const response = await fetch(`${worker.apiOrigin}/api/webmention`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ source: `${source}${path}`, target: `${worker.blogOrigin}/post.html` }),
  });
  expect(response.status).toBe(202);
  const statusUrl = response.headers.get("Location") ?? "";
  const started = Date.now();
  for (;;) {
    const status = (await (await fetch(statusUrl)).json()) as { status: string; detail: string | null };
    if (status.status !== "queued") return { status: status.status, detail: status.detail };
    if (Date.now() - started > 20_000) throw new Error(`${path} is still queued`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function thread() {
  const response = await fetch(`${worker.apiOrigin}/api/sites/mentions/thread?page=/post.html`);
  return (await response.json()) as {
    comments: { authorName: string; authorWebsite: string | null; bodyHtml: string; status: string }[];
  };
}

describe("Webmentions from another blog, through the queue, in workerd", () => {
  it("shows a verified reply in the thread, updates it when resent, and removes it when the source stops linking or is gone", async () => {
    expect(await mention("/reply")).toEqual({ status: "accepted", detail: "reply" });
    let comments = (await thread()).comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ authorName: "Dana Theus", authorWebsite: source, status: "published" });
    expect(comments[0]?.bodyHtml).toContain("I agree with this post, right up to the conclusion.");
    expect(comments[0]?.bodyHtml).toContain(
      `<a href="${source}/reply" rel="nofollow ugc noopener" target="_blank">127.0.0.1</a>`,
    );

    const page = await browser.newPage();
    await page.goto(`${worker.blogOrigin}/post.html`);
    const shown = page.locator("chorus-comment").first();
    await expect.poll(() => shown.locator(".author").textContent()).toBe("Dana Theus");
    expect(await shown.locator(".body").textContent()).toContain("Replied on 127.0.0.1");
    expect(await shown.locator(".body a").getAttribute("rel")).toBe("nofollow ugc noopener");
    await page.close();

    blog.state.replyText = "On reflection, I agree with the conclusion too.";
    expect(await mention("/reply")).toEqual({ status: "accepted", detail: "reply" });
    comments = (await thread()).comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]?.bodyHtml).toContain("On reflection, I agree with the conclusion too.");

    blog.state.gone = true;
    expect(await mention("/reply")).toEqual({ status: "removed", detail: "the source answered 410 Gone" });
    expect((await thread()).comments).toEqual([]);

    expect(await mention("/later")).toEqual({ status: "accepted", detail: "reply" });
    expect((await thread()).comments.map((comment) => comment.authorName)).toEqual(["Dana Theus"]);
    blog.state.laterLinks = false;
    expect(await mention("/later")).toEqual({ status: "removed", detail: "the source does not link to the target" });
    expect((await thread()).comments).toEqual([]);
  });

  it("follows up to five redirects, and refuses more, pages without the link, huge pages and non-HTML, storing nothing", async () => {
    expect(await mention("/hop1")).toEqual({ status: "accepted", detail: "mention" });
    const [chained] = (await thread()).comments;
    expect(chained?.bodyHtml).toContain("Found after three redirects");
    expect(chained?.bodyHtml).toContain(`href="${source}/hop1"`);

    expect(await mention("/loop0")).toEqual({ status: "rejected", detail: "the source redirects more than 5 times" });
    expect(await mention("/silent")).toEqual({ status: "rejected", detail: "the source does not link to the target" });
    expect(await mention("/huge")).toEqual({ status: "rejected", detail: "the source is larger than 1 MB" });
    expect(await mention("/data.json")).toEqual({
      status: "rejected",
      detail: "the source is application/json, not HTML",
    });
    expect(await mention("/missing")).toEqual({ status: "rejected", detail: "the source answered 404" });
    expect(await mention("/like")).toEqual({ status: "accepted", detail: "like" });
    expect((await thread()).comments).toHaveLength(1);
  });

  it("takes a Pingback through the same queue and checks, and shows it", async () => {
    const call = `<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName><params>
      <param><value><string>${source}/pinging</string></value></param>
      <param><value><string>${worker.blogOrigin}/post.html</string></value></param></params></methodCall>`;
    const response = await fetch(`${worker.apiOrigin}/api/pingback`, { method: "POST", body: call });
    const xml = await response.text();
    const statusUrl = /checked: (\S+)<\/string>/.exec(xml)?.[1] ?? "";
    expect(statusUrl).toMatch(/\/api\/webmention\//);
    const started = Date.now();
    let status = { status: "queued" };
    while (status.status === "queued" && Date.now() - started < 20_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await (await fetch(statusUrl)).json()) as { status: string };
    }
    expect(status).toMatchObject({ status: "accepted", detail: "mention" });
    const texts = (await thread()).comments.map((comment) => comment.bodyHtml);
    expect(texts.some((html) => html.includes("An old blog that still sends pingbacks"))).toBe(true);
  });
});
