import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ErrorBody, PostedComment, ThreadPage } from "../../../worker/api/schemas";
import { blogOrigin, call, createSite, formToken, getThread, newKey, postComment } from "../helpers";

describe("POST /api/sites/:site/comments", () => {
  it("stores a comment and shows it in the thread", async () => {
    await createSite("happy");
    const response = await postComment("happy", {
      body: "Nice *photos* of the harbour",
      authorWebsite: "https://ada.example",
    });
    expect(response.status).toBe(201);
    const posted = (await response.json()) as PostedComment;
    expect(posted.comment).toMatchObject({
      authorName: "Ada",
      status: "published",
      bodyHtml: "<p>Nice <em>photos</em> of the harbour</p>",
    });
    expect(posted.commentCount).toBe(1);
    const thread = (await (await getThread("happy", "/post/hello/")).json()) as ThreadPage;
    expect(thread.thread.commentCount).toBe(1);
    expect(thread.comments.map((comment) => comment.id)).toEqual([posted.comment.id]);
  });

  it("stores a comment in two D1 round trips once the site is in the public cache", async () => {
    await createSite("trips");
    const timing = { SERVER_TIMING: "writes" };
    expect((await postComment("trips", { body: "The first comment warms the cache." }, {}, timing)).status).toBe(201);
    const response = await postComment(
      "trips",
      { body: "A second comment, on another page.", page: "/other" },
      {},
      timing,
    );
    expect(response.status).toBe(201);
    expect(response.headers.get("Server-Timing")).toContain('desc="2 round trips"');
  });

  it("rejects bad fields with 400 naming each one and stores nothing", async () => {
    await createSite("invalid");
    const response = await postComment("invalid", {
      authorName: "  ",
      authorEmail: "not-an-email",
      authorWebsite: "javascript:alert(1)",
      body: "",
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.fields?.map((field) => field.field).sort()).toEqual([
      "authorEmail",
      "authorName",
      "authorWebsite",
      "body",
    ]);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE site_id = 'invalid'").first("n");
    expect(stored).toBe(0);
  });

  it("returns the first result for a repeated idempotency key", async () => {
    await createSite("idempotent");
    const idempotencyKey = newKey();
    const first = await postComment("idempotent", { idempotencyKey });
    const second = await postComment("idempotent", { idempotencyKey });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    expect(((await second.json()) as PostedComment).comment.id).toBe(
      ((await first.json()) as PostedComment).comment.id,
    );
    const thread = (await (await getThread("idempotent", "/post/hello")).json()) as ThreadPage;
    expect(thread.thread.commentCount).toBe(1);
  });

  it("answers a reused idempotency key with different text by 422, storing nothing new", async () => {
    await createSite("reused");
    const idempotencyKey = newKey();
    await postComment("reused", { idempotencyKey, body: "one" });
    const response = await postComment("reused", { idempotencyKey, body: "two" });
    expect(response.status).toBe(422);
    expect(((await response.json()) as ErrorBody).error.fields?.[0]?.field).toBe("idempotencyKey");
  });

  it("holds a new author's first comment when the site holds first comments", async () => {
    await createSite("first-held", { moderationMode: "hold_first" });
    const response = await postComment("first-held", { authorEmail: "new@example.com" });
    expect(((await response.json()) as PostedComment).comment.status).toBe("pending");
  });

  it("refuses posts to a closed thread with 403 and stores nothing", async () => {
    await createSite("closed");
    await env.DB.prepare("INSERT INTO threads (site_id, path, closed) VALUES ('closed', '/post/hello', 1)").run();
    const response = await postComment("closed", {});
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.code).toBe("thread_closed");
    expect(await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE site_id = 'closed'").first("n")).toBe(0);
  });

  it("refuses a reply to a comment of another thread with 404 naming parentId", async () => {
    await createSite("parents");
    const elsewhere = (await (await postComment("parents", { page: "/other" })).json()) as PostedComment;
    const response = await postComment("parents", { parentId: elsewhere.comment.id });
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.fields?.[0]?.field).toBe("parentId");
  });

  it("refuses a post without an allowed Origin with 403", async () => {
    await createSite("origins");
    const body = {
      page: "/p",
      authorName: "Ada",
      body: "Hi",
      idempotencyKey: newKey(),
      formToken: await formToken("origins", "/p"),
    };
    const missing = await call("/api/sites/origins/comments", { body, origin: null });
    expect(missing.status).toBe(403);
    const foreign = await call("/api/sites/origins/comments", { body, origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE site_id = 'origins'").first("n")).toBe(0);
  });

  it("answers 404 for an unknown site", async () => {
    const response = await postComment("no-such-site", {});
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.code).toBe("site_not_found");
  });

  it("answers malformed JSON with 400, another media type with 415, a huge body with 413", async () => {
    await createSite("malformed");
    const broken = await call("/api/sites/malformed/comments", {
      rawBody: '{"page": "/p",',
      headers: { "Content-Type": "application/json" },
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as ErrorBody).error.code).toBe("invalid_json");
    const form = await call("/api/sites/malformed/comments", {
      rawBody: "page=/p",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    const huge = await call("/api/sites/malformed/comments", {
      rawBody: JSON.stringify({ body: "x".repeat(70_000) }),
      headers: { "Content-Type": "application/json" },
    });
    expect(huge.status).toBe(413);
  });

  it("accepts a comment at the length limit and refuses one over it", async () => {
    await createSite("limits");
    expect((await postComment("limits", { body: "a".repeat(10_000) })).status).toBe(201);
    const over = await postComment("limits", { body: "a".repeat(10_001) });
    expect(over.status).toBe(400);
    expect(((await over.json()) as ErrorBody).error.fields?.[0]?.field).toBe("body");
  });
});

describe("refusals the blog's page can read", () => {
  it("lets an allowed origin read a 400 naming the field, even when the body never reached the route, and no other origin", async () => {
    await createSite("readable");
    const bad = await call("/api/sites/readable/comments", { body: { page: "/post/hello", body: "" } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("Access-Control-Allow-Origin")).toBe(blogOrigin);
    expect(((await bad.json()) as { error: { fields: { field: string }[] } }).error.fields.length).toBeGreaterThan(0);
    const notJson = await call("/api/sites/readable/comments", {
      rawBody: "{",
      headers: { "Content-Type": "application/json" },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get("Access-Control-Allow-Origin")).toBe(blogOrigin);
    const elsewhere = await call("/api/sites/readable/comments", {
      body: { page: "/post/hello", body: "" },
      origin: "https://evil.example",
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });
});
