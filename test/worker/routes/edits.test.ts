import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { EditedComment, ErrorBody, PostedComment, ThreadPage } from "../../../worker/api/schemas";
import { call, createSite, getThread, postComment } from "../helpers";

async function post(site: string, fields: Record<string, unknown> = {}) {
  const response = await postComment(site, fields);
  expect(response.status).toBe(201);
  return (await response.json()) as PostedComment;
}

function edit(site: string, id: number, body: Record<string, unknown>) {
  return call(`/api/sites/${site}/comments/${id}/edit`, { body, headers: { "CF-Connecting-IP": "192.0.2.200" } });
}

function remove(site: string, id: number, body: Record<string, unknown>) {
  return call(`/api/sites/${site}/comments/${id}/delete`, { body });
}

async function stored(id: number) {
  return env.DB.prepare("SELECT body, status, edited_at, edit_secret_hash FROM comments WHERE id = ?")
    .bind(id)
    .first<{ body: string; status: string; edited_at: number | null; edit_secret_hash: string }>();
}

describe("POST /api/sites/:site/comments/:id/edit", () => {
  it("gives the author a secret at post time and stores only its SHA-256", async () => {
    await createSite("edit-secret");
    const posted = await post("edit-secret");
    expect(posted.editSecret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(Date.parse(posted.editableUntil ?? "") - Date.parse(posted.comment.createdAt)).toBe(15 * 60_000);
    const row = await stored(posted.comment.id);
    expect(row?.edit_secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.edit_secret_hash).not.toContain(posted.editSecret);
  });

  it("edits the text, renders it again and marks the comment edited", async () => {
    await createSite("edit-ok");
    const posted = await post("edit-ok", { body: "Frist!" });
    const response = await edit("edit-ok", posted.comment.id, { secret: posted.editSecret, body: "First, *really*." });
    expect(response.status).toBe(200);
    const edited = (await response.json()) as EditedComment;
    expect(edited.comment.bodyHtml).toBe("<p>First, <em>really</em>.</p>");
    expect(edited.comment.editedAt).not.toBeNull();
    const page = (await (await getThread("edit-ok", "/post/hello")).json()) as ThreadPage;
    expect(page.comments[0]).toMatchObject({ bodyHtml: "<p>First, <em>really</em>.</p>" });
    expect(page.comments[0]?.editedAt).toBe(edited.comment.editedAt);
  });

  it("sends an edit through the spam checks again: a spammy edit is no longer shown", async () => {
    await createSite("edit-spam");
    const posted = await post("edit-spam", { body: "A thoughtful remark about the post." });
    const spam =
      "BUY CHEAP PILLS http://spam.example http://spam.example/a http://spam.example/b http://spam.example/c check out my channel subscribe";
    const response = await edit("edit-spam", posted.comment.id, { secret: posted.editSecret, body: spam });
    expect(response.status).toBe(200);
    const after = await stored(posted.comment.id);
    expect(after?.status).not.toBe("published");
    const page = (await (await getThread("edit-spam", "/post/hello")).json()) as ThreadPage;
    expect(page.comments).toEqual([]);
    expect(page.thread.commentCount).toBe(0);
  });

  it("refuses a wrong secret with 403 and changes nothing", async () => {
    await createSite("edit-wrong");
    const posted = await post("edit-wrong", { body: "Original words" });
    const response = await edit("edit-wrong", posted.comment.id, { secret: "x".repeat(32), body: "Changed" });
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.code).toBe("edit_secret_wrong");
    expect(await stored(posted.comment.id)).toMatchObject({ body: "Original words", edited_at: null });
  });

  it("refuses an edit after the site's window with 403 and changes nothing", async () => {
    await createSite("edit-late");
    await env.DB.prepare("UPDATE sites SET edit_window_minutes = 5 WHERE id = 'edit-late'").run();
    const posted = await post("edit-late", { body: "Original words" });
    expect(Date.parse(posted.editableUntil ?? "") - Date.parse(posted.comment.createdAt)).toBe(5 * 60_000);
    await env.DB.prepare("UPDATE comments SET created_at = created_at - 6 * 60000 WHERE id = ?")
      .bind(posted.comment.id)
      .run();
    const response = await edit("edit-late", posted.comment.id, { secret: posted.editSecret, body: "Changed" });
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.code).toBe("edit_window_closed");
    expect((await stored(posted.comment.id))?.body).toBe("Original words");
  });

  it("validates the body and the secret, naming the field", async () => {
    await createSite("edit-invalid");
    const posted = await post("edit-invalid");
    const empty = await edit("edit-invalid", posted.comment.id, { secret: posted.editSecret, body: "  " });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as ErrorBody).error.fields?.[0]?.field).toBe("body");
    const noSecret = await edit("edit-invalid", posted.comment.id, { body: "fine" });
    expect(((await noSecret.json()) as ErrorBody).error.fields?.[0]?.field).toBe("secret");
  });

  it("claims no form token and counts apart from posting: edits leave the author's posting limit whole", async () => {
    await createSite("edit-counts");
    const address = { "CF-Connecting-IP": "192.0.2.201" };
    const posted = await postComment("edit-counts", { body: "Version 0 of my remark." }, address);
    const { editSecret, comment } = (await posted.json()) as PostedComment;
    const tokensBefore = await env.DB.prepare("SELECT count(*) AS n FROM used_form_tokens").first<{ n: number }>();
    for (let version = 1; version <= 5; version++) {
      const response = await call(`/api/sites/edit-counts/comments/${comment.id}/edit`, {
        body: { secret: editSecret, body: `Version ${version} of my remark.` },
        headers: address,
      });
      expect(response.status).toBe(200);
    }
    const tokensAfter = await env.DB.prepare("SELECT count(*) AS n FROM used_form_tokens").first<{ n: number }>();
    expect(tokensAfter?.n).toBe(tokensBefore?.n);
    // The per-address limit is 5 posts a minute: one post and five edits leave four posts.
    for (let post = 1; post <= 4; post++) {
      expect((await postComment("edit-counts", { body: `Another remark, number ${post}.` }, address)).status).toBe(201);
    }
    expect((await postComment("edit-counts", { body: "One too many." }, address)).status).toBe(429);
    const sixth = await call(`/api/sites/edit-counts/comments/${comment.id}/edit`, {
      body: { secret: editSecret, body: "Version 6 of my remark." },
      headers: address,
    });
    expect(sixth.status).toBe(429);
  });

  it("answers 404 for a comment of another site", async () => {
    await createSite("edit-a");
    await createSite("edit-b");
    const posted = await post("edit-a");
    const response = await edit("edit-b", posted.comment.id, { secret: posted.editSecret, body: "mine now" });
    expect(response.status).toBe(404);
  });
});

describe("POST /api/sites/:site/comments/:id/delete", () => {
  it("deletes the author's comment and keeps the count in step", async () => {
    await createSite("delete-ok");
    const posted = await post("delete-ok");
    await post("delete-ok", { body: "Another one" });
    const response = await remove("delete-ok", posted.comment.id, { secret: posted.editSecret });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ deleted: posted.comment.id, commentCount: 1 });
    const page = (await (await getThread("delete-ok", "/post/hello")).json()) as ThreadPage;
    expect(page.comments.map((comment) => comment.id)).not.toContain(posted.comment.id);
    const again = await remove("delete-ok", posted.comment.id, { secret: posted.editSecret });
    expect(again.status).toBe(404);
  });

  it("refuses a wrong secret with 403 and deletes nothing", async () => {
    await createSite("delete-wrong");
    const posted = await post("delete-wrong");
    const other = await post("delete-wrong", { body: "Someone else" });
    const response = await remove("delete-wrong", posted.comment.id, { secret: other.editSecret });
    expect(response.status).toBe(403);
    expect((await stored(posted.comment.id))?.status).toBe("published");
  });
});
