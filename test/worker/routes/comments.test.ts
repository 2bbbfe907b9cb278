import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ErrorBody, PostedComment, ThreadPage } from "../../../worker/api/schemas";
import { createSite, getThread, newKey, postComment } from "../helpers";

describe("POST /api/sites/:site/comments", () => {
  it("stores a comment and shows it in the thread", async () => {
    await createSite("happy");
    const response = await postComment("happy", { body: "Nice *post*", authorWebsite: "https://ada.example" });
    expect(response.status).toBe(201);
    const posted = (await response.json()) as PostedComment;
    expect(posted.comment).toMatchObject({ authorName: "Ada", status: "published", bodyHtml: "<p>Nice <em>post</em></p>" });
    expect(posted.commentCount).toBe(1);
    const thread = (await (await getThread("happy", "/post/hello/")).json()) as ThreadPage;
    expect(thread.thread.commentCount).toBe(1);
    expect(thread.comments.map((comment) => comment.id)).toEqual([posted.comment.id]);
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
    expect(body.error.fields?.map((field) => field.field).sort()).toEqual(["authorEmail", "authorName", "authorWebsite", "body"]);
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
    expect(((await second.json()) as PostedComment).comment.id).toBe(((await first.json()) as PostedComment).comment.id);
    const thread = (await (await getThread("idempotent", "/post/hello")).json()) as ThreadPage;
    expect(thread.thread.commentCount).toBe(1);
  });
});
