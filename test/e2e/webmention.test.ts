import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlLiteral } from "../../scripts/lib/d1";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";
import { hashPassword } from "../../worker/auth/password";
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
    "/third": () => ({
      status: 200,
      type: "text/html",
      body: entry(
        `<a class="u-in-reply-to" href="${target()}">Re</a><div class="e-content">One more thought, after the ban.</div>`,
      ),
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

/**
 * A Mastodon-API server on loopback: `GET /api/v1/statuses/:id/context` in the documented shape, the
 * replies to status 1122 as `replies` holds them (public, unlisted and a direct one), or a 429 once
 * when `limited`.
 */
function mastodon() {
  const account = (username: string, name: string) => ({
    id: username,
    username,
    acct: username,
    display_name: name,
    url: `https://social.example/@${username}`,
    avatar: "https://social.example/avatar.png",
  });
  const status = (
    id: string,
    parent: string,
    who: ReturnType<typeof account>,
    content: string,
    visibility = "public",
  ) => ({
    id,
    uri: `https://social.example/users/${who.username}/statuses/${id}`,
    url: `https://social.example/@${who.username}/${id}`,
    in_reply_to_id: parent,
    visibility,
    content,
    created_at: "2026-12-01T10:00:00.000Z",
    account: who,
  });
  const state = {
    limited: false,
    replies: [
      status("2001", "1122", account("ruth", "Ruth B."), "<p>Loved this &amp; shared it with my team.</p>"),
      status("2002", "2001", account("sam", "Sam"), "<p>Same here!<br>Especially the second part.</p>", "unlisted"),
      status("2003", "1122", account("dm", "Direct"), "<p>A private note</p>", "direct"),
    ],
  };
  const server: Server = createServer((request, response) => {
    if (request.url !== "/api/v1/statuses/1122/context") return response.writeHead(404).end();
    if (state.limited) {
      state.limited = false;
      return response.writeHead(429, { "Retry-After": "3600" }).end();
    }
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ ancestors: [], descendants: state.replies }));
  });
  return { server, state };
}

let worker: LocalWorker;
let browser: Browser;
let source: string;
const blog = otherBlog(() => `${worker.blogOrigin}/post.html`);
const social = mastodon();
let socialOrigin: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => blog.server.listen(0, "127.0.0.1", resolve));
  source = `http://127.0.0.1:${(blog.server.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => social.server.listen(0, "127.0.0.1", resolve));
  socialOrigin = `http://127.0.0.1:${(social.server.address() as AddressInfo).port}`;
  worker = await startLocalWorker({
    vars: { WEBMENTION_PRIVATE_SOURCES: "allow" },
    pages: (apiOrigin) => ({
      "post.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The post</title>
        <link rel="webmention" href="${apiOrigin}/api/webmention"></head>
        <body><h1>The post</h1><script src="${apiOrigin}/embed.js" data-site="mentions" async></script></body></html>`,
      "tooted.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tooted</title></head>
        <body><h1>A post discussed on Mastodon</h1><script src="${apiOrigin}/embed.js" data-site="mentions" async></script></body></html>`,
    }),
  });
  worker.site("create", "mentions", "--name", "Mentioned", "--origin", worker.blogOrigin);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  blog.server.close();
  social.server.close();
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

    const page = await browser.newPage();
    await page.goto(`${worker.blogOrigin}/post.html`);
    const faces = page.locator("chorus-toolbar [part=elsewhere]");
    await expect.poll(() => faces.textContent()).toMatch(/On other sites: ♥ 1 · ↻ 0/);
    const face = faces.locator("a");
    expect(await face.getAttribute("title")).toBe("Dana Theus");
    expect(await face.getAttribute("href")).toBe(`${source}/like`);
    expect(await face.getAttribute("rel")).toBe("nofollow ugc noopener");
    await page.close();
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

describe("a moderator and replies from elsewhere", () => {
  it("sees where a reply came from in the console, and bans that site's later replies", async () => {
    const owner = { email: "olive@mentions.example", password: "a long console passphrase" };
    await worker.sql([
      `INSERT INTO moderators (id, email, display_name, password_hash) VALUES (1, ${sqlLiteral(owner.email)}, 'Olive', ${sqlLiteral(await hashPassword(owner.password))})`,
      "INSERT INTO site_moderators (site_id, moderator_id, role) VALUES ('mentions', 1, 'owner')",
    ]);
    const page = await browser.newPage();
    await page.goto(`${worker.apiOrigin}/admin/#/mentions/all`);
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password").fill(owner.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const card = page.locator("console-comment", { hasText: "Found after three redirects" });
    await card.waitFor();
    expect(await card.locator("a.source").textContent()).toBe("from 127.0.0.1");
    expect(await card.locator("a.source").getAttribute("href")).toBe(`${source}/hop1`);
    await card.getByText("More…").click();
    await card.getByRole("button", { name: "Ban replies from 127.0.0.1" }).click();
    await expect
      .poll(() => page.locator("chorus-console [role=status]").textContent())
      .toBe("Replies from 127.0.0.1 banned");
    await page.close();

    expect(await mention("/third")).toMatchObject({ status: "accepted" });
    const [stored] = await worker.sql([
      "SELECT status, reasons FROM comments WHERE body LIKE 'One more thought, after the ban.%'",
    ]);
    expect(stored?.results[0]?.status).toBe("spam");
    expect(String(stored?.results[0]?.reasons)).toContain("ban.ip_hash");
  });
});

describe("replies from the fediverse", () => {
  async function tooted() {
    const response = await fetch(`${worker.apiOrigin}/api/sites/mentions/thread?page=/tooted.html`);
    return (await response.json()) as {
      comments: { authorName: string; bodyHtml: string; replies: { authorName: string; bodyHtml: string }[] }[];
    };
  }

  async function until<T>(look: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const started = Date.now();
    for (;;) {
      const value = await look();
      if (done(value) || Date.now() - started > 20_000) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it("shows a status's public replies nested, drops deleted ones on the next read, and waits when the server says 429", async () => {
    await worker.sql([
      `INSERT INTO threads (site_id, path, title, fediverse_status, fediverse_due_at)
        VALUES ('mentions', '/tooted', 'Tooted', '${socialOrigin}/@brand/1122', 0)`,
    ]);
    const first = await until(tooted, (thread) => thread.comments.length > 0);
    expect(first.comments.map((comment) => comment.authorName)).toEqual(["Ruth B."]);
    expect(first.comments[0]?.bodyHtml).toContain("Loved this &amp; shared it with my team.");
    expect(first.comments[0]?.bodyHtml).toContain(
      '<a href="https://social.example/@ruth/2001" rel="nofollow ugc noopener" target="_blank">social.example</a>',
    );
    expect(first.comments[0]?.replies.map((reply) => reply.authorName)).toEqual(["Sam"]);
    expect(JSON.stringify(first)).not.toContain("A private note");

    const page = await browser.newPage();
    await page.goto(`${worker.blogOrigin}/tooted.html`);
    await expect.poll(() => page.locator("chorus-comment .author").allTextContents()).toEqual(["Ruth B.", "Sam"]);
    expect(await page.locator("chorus-comment .body").first().textContent()).toContain("Replied on social.example");
    const replyThere = page.locator("chorus-toolbar [part=reply-elsewhere]");
    expect(await replyThere.textContent()).toBe("Reply on Mastodon");
    expect(await replyThere.getAttribute("href")).toBe(`${socialOrigin}/@brand/1122`);
    await page.close();

    social.state.replies = social.state.replies.filter((reply) => reply.id !== "2002");
    await worker.sql(["UPDATE threads SET fediverse_due_at = 0 WHERE path = '/tooted'"]);
    const later = await until(tooted, (thread) => thread.comments[0]?.replies.length === 0);
    expect(later.comments.map((comment) => [comment.authorName, comment.replies.length])).toEqual([["Ruth B.", 0]]);

    // The ten-minute cron reads what is due, as thread reads do.
    social.state.limited = true;
    await worker.sql(["UPDATE threads SET fediverse_due_at = 0 WHERE path = '/tooted'"]);
    await worker.scheduled("*/10 * * * *");
    const [due] = await until(
      async () =>
        (await worker.sql(["SELECT fediverse_due_at AS due FROM threads WHERE path = '/tooted'"]))[0]?.results ?? [],
      (rows) => Number(rows[0]?.due) > Date.now() + 3_000_000,
    );
    expect(Number(due?.due)).toBeGreaterThan(Date.now() + 3_000_000);
  });
});
