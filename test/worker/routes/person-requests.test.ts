import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ErrorBody, PostedComment, ThreadPage } from "../../../worker/api/schemas";
import type { PersonExport } from "../../../worker/db/person-requests";
import { createSite, getThread, postComment } from "../helpers";
import { createModerator, signIn } from "../moderators";

/** Signs a moderator in; each call posts `body` to a console route, with the CSRF token unless told otherwise. */
async function console_(email: string) {
  const signedIn = await signIn(email);
  return (path: string, body: unknown, csrf?: string | null) => signedIn.request(path, { body, csrf });
}

async function post(site: string, fields: Record<string, unknown>) {
  const response = await postComment(site, fields);
  expect([200, 201]).toContain(response.status);
  return ((await response.json()) as PostedComment).comment;
}

describe("POST /api/admin/sites/:site/people/export", () => {
  it("exports every comment written with the email, and records that in the audit log", async () => {
    await createSite("people-export");
    await createModerator("owner@people-export.example", { "people-export": "owner" });
    const first = await post("people-export", {
      authorName: "Ada",
      authorEmail: "Ada@Example.com",
      body: "First words",
    });
    await post("people-export", { authorName: "Grace", authorEmail: "grace@example.com", body: "Not Ada" });
    await post("people-export", {
      authorName: "Ada L.",
      authorEmail: "ada@example.com",
      body: "Second words",
      parentId: first.id,
    });
    const request = await console_("owner@people-export.example");
    const response = await request("/api/admin/sites/people-export/people/export", { email: " ADA@example.com " });
    expect(response.status).toBe(200);
    const exported = (await response.json()) as PersonExport;
    expect(exported).toMatchObject({
      format: "chorus-person-export",
      version: 1,
      site: "people-export",
      email: "ada@example.com",
    });
    expect(exported.comments.map((comment) => [comment.authorName, comment.body, comment.page])).toEqual([
      ["Ada", "First words", "/post/hello"],
      ["Ada L.", "Second words", "/post/hello"],
    ]);
    expect(exported.comments[0]?.ipHash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await env.DB.prepare(
      "SELECT action, comment_ids, detail FROM audit_log WHERE site_id = 'people-export'",
    ).first();
    expect(audit).toMatchObject({ action: "person_export", detail: '{"count":2,"via":"console"}' });
    expect(JSON.stringify(audit)).not.toContain("ada@");
  });

  it("answers an invalid email with 400 naming the field", async () => {
    await createSite("people-invalid");
    await createModerator("owner@people-invalid.example", { "people-invalid": "owner" });
    const request = await console_("owner@people-invalid.example");
    const response = await request("/api/admin/sites/people-invalid/people/export", { email: "not an address" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.fields?.[0]?.field).toBe("email");
  });
});

describe("POST /api/admin/sites/:site/people/erase", () => {
  it("erases text and personal fields, keeps replies and counts, and touches no one else", async () => {
    await createSite("people-erase");
    await createModerator("owner@people-erase.example", { "people-erase": "owner" });
    const theirs = await post("people-erase", {
      authorName: "Ada",
      authorEmail: "ada@example.com",
      authorWebsite: "https://ada.example",
      body: "After years of reading along, this is the first time I disagree with the conclusion.",
    });
    await post("people-erase", {
      authorName: "Grace",
      authorEmail: "grace@example.com",
      body: "A reply to Ada",
      parentId: theirs.id,
    });
    await env.DB.batch([
      env.DB.prepare("INSERT INTO trusted_authors (site_id, email) VALUES ('people-erase', 'ada@example.com')"),
      env.DB.prepare(
        "INSERT INTO subscribers (site_id, email, status, confirm_token_hash, unsubscribe_token_hash) VALUES ('people-erase', 'ada@example.com', 'confirmed', 'c-hash', 'u-hash')",
      ),
      env.DB.prepare(
        "INSERT INTO outbox (site_id, kind, subject_key, recipient, subject, text_body, html_body, headers, next_attempt_at) VALUES ('people-erase', 'reply', '1', 'ada@example.com', 'S', 'T', 'H', '{}', 0)",
      ),
    ]);
    const request = await console_("owner@people-erase.example");
    const response = await request("/api/admin/sites/people-erase/people/erase", { email: "ada@example.com" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ erased: 1 });
    const stored = await env.DB.prepare(
      "SELECT body, body_html, author_name, author_email, author_website, ip_hash, reader_hash, normalized_body, status FROM comments WHERE id = ?",
    )
      .bind(theirs.id)
      .first();
    expect(stored).toEqual({
      body: "deleted",
      body_html: "<p>deleted</p>",
      author_name: "deleted",
      author_email: null,
      author_website: null,
      ip_hash: null,
      reader_hash: null,
      normalized_body: null,
      status: "published",
    });
    const keys = await env.DB.prepare("SELECT count(*) AS n FROM duplicate_keys WHERE comment_id = ?")
      .bind(theirs.id)
      .first("n");
    expect(keys).toBe(0);
    const trusted = await env.DB.prepare(
      "SELECT count(*) AS n FROM trusted_authors WHERE site_id = 'people-erase'",
    ).first("n");
    expect(trusted).toBe(0);
    const mail = await env.DB.prepare(
      "SELECT (SELECT count(*) FROM subscribers WHERE site_id = 'people-erase') + (SELECT count(*) FROM outbox WHERE site_id = 'people-erase') AS n",
    ).first("n");
    expect(mail).toBe(0);
    const thread = (await (await getThread("people-erase", "/post/hello")).json()) as ThreadPage;
    expect(thread.thread.commentCount).toBe(2);
    expect(thread.comments[0]).toMatchObject({
      authorName: "deleted",
      authorWebsite: null,
      bodyHtml: "<p>deleted</p>",
    });
    expect(thread.comments[0]?.replies[0]).toMatchObject({ authorName: "Grace", bodyHtml: "<p>A reply to Ada</p>" });
    const audit = await env.DB.prepare(
      "SELECT action, comment_ids FROM audit_log WHERE site_id = 'people-erase'",
    ).first();
    expect(audit).toEqual({ action: "person_erase", comment_ids: `[${theirs.id}]` });
  });

  it("is for owners only (403), hides other sites (404) and needs the CSRF token (403)", async () => {
    await createSite("people-guarded");
    await createSite("people-elsewhere");
    await createModerator("mod@people-guarded.example", { "people-guarded": "moderator" });
    await createModerator("owner@people-guarded.example", { "people-guarded": "owner" });
    const moderator = await console_("mod@people-guarded.example");
    const forbidden = await moderator("/api/admin/sites/people-guarded/people/erase", { email: "a@example.com" });
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as ErrorBody).error.code).toBe("owner_only");
    expect((await moderator("/api/admin/sites/people-guarded/people/export", { email: "a@example.com" })).status).toBe(
      403,
    );
    const owner = await console_("owner@people-guarded.example");
    const elsewhere = await owner("/api/admin/sites/people-elsewhere/people/erase", { email: "a@example.com" });
    expect(elsewhere.status).toBe(404);
    const noToken = await owner("/api/admin/sites/people-guarded/people/erase", { email: "a@example.com" }, null);
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as ErrorBody).error.code).toBe("csrf_failed");
    const nobody = await owner("/api/admin/sites/people-guarded/people/erase", { email: "nobody@example.com" });
    expect(await nobody.json()).toEqual({ erased: 0 });
  });
});
