import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ErrorBody, PostedComment, PublicComment, ThreadPage } from "../../../worker/api/schemas";
import { call, createSite, formToken, getThread, postComment } from "../helpers";

async function post(site: string, fields: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await postComment(site, fields, headers);
  expect(response.status).toBe(201);
  return ((await response.json()) as PostedComment).comment;
}

async function thread(site: string, page = "/post/hello", headers: Record<string, string> = {}, query = "") {
  const response = await getThread(site, page, headers, query);
  expect(response.status).toBe(200);
  return (await response.json()) as ThreadPage;
}

const ids = (comments: PublicComment[]): unknown[] =>
  comments.map((comment) => (comment.replies.length ? [comment.id, ids(comment.replies)] : comment.id));

describe("GET /api/sites/:site/thread", () => {
  it("nests replies under their parents, however deep", async () => {
    await createSite("nested");
    const top = await post("nested", { body: "top" });
    const reply = await post("nested", { body: "reply", parentId: top.id });
    const deeper = await post("nested", { body: "deeper", parentId: reply.id });
    const other = await post("nested", { body: "other" });
    const page = await thread("nested");
    expect(ids(page.comments)).toEqual([[top.id, [[reply.id, [deeper.id]]]], other.id]);
    expect(page.thread.commentCount).toBe(4);
    expect(page.nextCursor).toBeNull();
  });

  it("pages top-level comments by cursor, each page carrying its replies", async () => {
    await createSite("paged");
    const tops = [];
    for (let index = 0; index < 5; index++) tops.push(await post("paged", { body: `top ${index}` }));
    const reply = await post("paged", { body: "late reply to the first", parentId: tops[0]?.id });
    const first = await thread("paged", "/post/hello", {}, "&limit=2");
    expect(ids(first.comments)).toEqual([[tops[0]?.id, [reply.id]], tops[1]?.id]);
    expect(first.nextCursor).not.toBeNull();
    const second = await thread("paged", "/post/hello", {}, `&limit=2&cursor=${first.nextCursor}`);
    expect(ids(second.comments)).toEqual([tops[2]?.id, tops[3]?.id]);
    const third = await thread("paged", "/post/hello", {}, `&limit=2&cursor=${second.nextCursor}`);
    expect(ids(third.comments)).toEqual([tops[4]?.id]);
    expect(third.nextCursor).toBeNull();
  });

  it("reads a page in one D1 round trip", async () => {
    await createSite("one-trip");
    const top = await post("one-trip", { body: "top" });
    await post("one-trip", { body: "reply", parentId: top.id });
    const response = await getThread("one-trip", "/post/hello");
    expect(response.headers.get("Server-Timing")).toContain('desc="1 round trips"');
  });

  it("shows a held comment to its author only, as awaiting moderation", async () => {
    await createSite("held", { moderationMode: "hold_all" });
    const author = { "X-Chorus-Reader": "reader-key-of-the-author-0001" };
    const held = await post("held", { body: "please approve" }, author);
    expect(held.status).toBe("pending");
    const forAuthor = await thread("held", "/post/hello", author);
    expect(forAuthor.comments.map((comment) => [comment.id, comment.status])).toEqual([[held.id, "pending"]]);
    expect(forAuthor.thread.commentCount).toBe(0);
    const forOthers = await thread("held", "/post/hello", { "X-Chorus-Reader": "some-other-reader-key-0002" });
    expect(forOthers.comments).toEqual([]);
    expect((await thread("held")).comments).toEqual([]);
  });

  it("keeps a removed comment as a placeholder when visible replies hang beneath it", async () => {
    await createSite("removed");
    const top = await post("removed", { body: "soon removed", authorEmail: "secret@example.com" });
    await post("removed", { body: "a reply", parentId: top.id });
    const lonely = await post("removed", { body: "removed, no replies" });
    await env.DB.prepare("UPDATE comments SET status = 'deleted' WHERE id IN (?, ?)").bind(top.id, lonely.id).run();
    const page = await thread("removed");
    expect(page.comments).toHaveLength(1);
    expect(page.comments[0]).toMatchObject({ id: top.id, status: "removed", authorName: "", bodyHtml: "" });
    expect(page.comments[0]?.replies[0]?.bodyHtml).toBe("<p>a reply</p>");
  });

  it("never returns an author's email", async () => {
    await createSite("private");
    await post("private", { authorEmail: "ada@private.example" });
    const response = await getThread("private", "/post/hello");
    expect(await response.text()).not.toContain("private.example");
  });

  it("answers 404 for an unknown site, and an empty thread for a page nobody commented on yet", async () => {
    await createSite("known");
    const unknownSite = await getThread("no-such-site", "/post/hello");
    expect(unknownSite.status).toBe(404);
    expect(((await unknownSite.json()) as ErrorBody).error.code).toBe("site_not_found");
    const unknownPage = await getThread("known", "/never-commented/");
    expect(unknownPage.status).toBe(200);
    expect(await unknownPage.json()).toEqual({
      thread: {
        page: "/never-commented",
        title: null,
        closed: false,
        commentCount: 0,
        reactions: {},
        myReaction: null,
        revision: 0,
      },
      comments: [],
      nextCursor: null,
    });
    expect(unknownPage.headers.get("Access-Control-Allow-Origin")).toBe("https://blog.example");
  });

  it("tells WordPress's /?p=4 and /?p=6 apart, and ignores the other parameters, as the site names them", async () => {
    await createSite("plain-links");
    await postComment("plain-links", { page: "/?p=4&utm_source=feed", body: "On post four" });
    await postComment("plain-links", { page: "/?p=6", body: "On post six" });
    const four = (await (await getThread("plain-links", "/?utm_medium=x&p=4")).json()) as ThreadPage;
    expect(four.thread.page).toBe("/?p=4");
    expect(four.comments.map((comment) => comment.bodyHtml)).toEqual(["<p>On post four</p>"]);
    const counts = await call("/api/sites/plain-links/counts?page=/%3Fp%3D6&page=/%3Fp%3D4%26ref%3Dhome&page=/");
    expect(await counts.json()).toEqual({ counts: { "/?p=6": 1, "/?p=4&ref=home": 1, "/": 0 } });

    await createSite("one-page");
    await env.DB.prepare(`UPDATE sites SET page_params = '["id"]' WHERE id = 'one-page'`).run();
    const onePage = async (page: string, body: string) =>
      postComment("one-page", { page, body, formToken: await formToken("one-page", page, 10_000, ["id"]) });
    expect((await onePage("/?p=4", "Everything is the front page")).status).toBe(201);
    expect((await onePage("/article?id=9&p=6", "Article nine")).status).toBe(201);
    const front = (await (await getThread("one-page", "/?p=6")).json()) as ThreadPage;
    expect(front.comments.map((comment) => comment.bodyHtml)).toEqual(["<p>Everything is the front page</p>"]);
    const article = (await (await getThread("one-page", "/article?id=9")).json()) as ThreadPage;
    expect(article.comments.map((comment) => comment.bodyHtml)).toEqual(["<p>Article nine</p>"]);
  });

  it("refuses an origin the site does not allow, with 403", async () => {
    await createSite("guarded");
    const response = await call("/api/sites/guarded/thread?page=/x", { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.code).toBe("origin_not_allowed");
    expect(response.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("rejects a bad cursor or limit with 400 naming the field", async () => {
    await createSite("bad-query");
    const response = await call("/api/sites/bad-query/thread?page=/x&cursor=abc&limit=500");
    expect(response.status).toBe(400);
    const fields = ((await response.json()) as ErrorBody).error.fields?.map((field) => field.field);
    expect(fields?.sort()).toEqual(["cursor", "limit"]);
  });
});

describe("OPTIONS /api/sites/:site/* (CORS preflight)", () => {
  it("allows the site's origins and refuses others", async () => {
    await createSite("preflight", { origins: ["https://a.example", "https://b.example"] });
    const allowed = await call("/api/sites/preflight/comments", { method: "OPTIONS", origin: "https://b.example" });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe("https://b.example");
    expect(allowed.headers.get("Access-Control-Allow-Headers")).toContain("X-Chorus-Reader");
    const refused = await call("/api/sites/preflight/comments", { method: "OPTIONS", origin: "https://c.example" });
    expect(refused.status).toBe(403);
    const unknown = await call("/api/sites/nope/comments", { method: "OPTIONS", origin: "https://a.example" });
    expect(unknown.status).toBe(404);
  });
});

describe("GET /api/sites/:site/counts", () => {
  it("counts published comments for many pages in one request, normalising paths", async () => {
    await createSite("counted", { moderationMode: "hold_first" });
    const sameBrowser = { "X-Chorus-Reader": "counted-reader-key-0001" };
    await post("counted", { page: "/a", authorEmail: "new@example.com" }, sameBrowser);
    await env.DB.prepare("UPDATE comments SET status = 'published' WHERE site_id = 'counted'").run();
    await env.DB.prepare("UPDATE threads SET comment_count = 1 WHERE site_id = 'counted'").run();
    await post("counted", { page: "/a/", authorEmail: "new@example.com", body: "second, now trusted" }, sameBrowser);
    await post("counted", { page: "/b", authorEmail: "stranger@example.com", body: "held" });
    const response = await call("/api/sites/counted/counts?page=/a/index.html&page=/b&page=/c");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ counts: { "/a": 2, "/b": 0, "/c": 0 } });
  });

  it("requires at least one page and at most 50", async () => {
    await createSite("count-limits");
    const none = await call("/api/sites/count-limits/counts");
    expect(none.status).toBe(400);
    const many = Array.from({ length: 51 }, (_, index) => `page=/p${index}`).join("&");
    const tooMany = await call(`/api/sites/count-limits/counts?${many}`);
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as ErrorBody).error.fields?.[0]?.field).toBe("page");
  });
});
