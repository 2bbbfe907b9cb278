import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ActionResult, CommentList, DuplicateCluster, Settings } from "../../../../worker/api/admin-schemas";
import type { ErrorBody, PostedComment, ThreadPage } from "../../../../worker/api/schemas";
import { confirmEmail, createSite, getThread, postComment } from "../../helpers";
import { createModerator, signIn } from "../../moderators";

async function post(site: string, fields: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await postComment(site, fields, headers);
  expect([200, 201]).toContain(response.status);
  return ((await response.json()) as PostedComment).comment;
}

async function statusOf(id: number) {
  return env.DB.prepare("SELECT status FROM comments WHERE id = ?").bind(id).first("status");
}

describe("console authorisation", () => {
  it("hides another site (404), keeps owner-only routes from moderators (403) and requires CSRF (403)", async () => {
    await createSite("auth-a");
    await createSite("auth-b");
    await createModerator("mod@auth.example", { "auth-a": "moderator" });
    const console_ = await signIn("mod@auth.example");
    expect((await console_.request("/api/admin/sites/auth-a/comments")).status).toBe(200);
    const other = await console_.request("/api/admin/sites/auth-b/comments");
    expect(other.status).toBe(404);
    expect(((await other.json()) as ErrorBody).error.code).toBe("site_not_found");
    expect((await console_.request("/api/admin/sites/auth-a/settings")).status).toBe(403);
    const noCsrf = await console_.request("/api/admin/sites/auth-a/comments/actions", {
      body: { action: "approve", ids: [1] },
      csrf: null,
    });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as ErrorBody).error.code).toBe("csrf_failed");
  });

  it("never changes another site's comments, even by id", async () => {
    await createSite("mine");
    await createSite("theirs", { moderationMode: "hold_all" });
    await createModerator("mod@mine.example", { mine: "moderator" });
    const theirs = await post("theirs");
    const console_ = await signIn("mod@mine.example");
    const response = await console_.request("/api/admin/sites/mine/comments/actions", {
      body: { action: "approve", ids: [theirs.id] },
    });
    expect(response.status).toBe(404);
    expect(await statusOf(theirs.id)).toBe("pending");
  });
});

describe("GET /api/admin/sites/:site/comments", () => {
  it("lists a queue newest first with private fields and reasons, searches, and sizes the queues", async () => {
    await createSite("queues", { moderationMode: "hold_all" });
    await createModerator("owner@queues.example", { queues: "owner" });
    const first = await post("queues", { body: "About the sourdough starter", authorEmail: "baker@example.com" });
    const second = await post("queues", { body: "Another question about rye" });
    const console_ = await signIn("owner@queues.example");
    const list = (await (await console_.request("/api/admin/sites/queues/comments?queue=held")).json()) as CommentList;
    expect(list.comments.map((comment) => comment.id)).toEqual([second.id, first.id]);
    expect(list.queueSizes.held).toBe(2);
    expect(list.comments[1]).toMatchObject({
      authorEmail: "baker@example.com",
      page: "/post/hello",
      status: "pending",
    });
    expect(list.comments[1]?.reasons.map((reason) => reason.check)).toContain("mode.hold_all");
    expect(list.comments[1]?.ipHash).toMatch(/^[0-9a-f]{64}$/);
    const found = (await (
      await console_.request("/api/admin/sites/queues/comments?queue=all&q=sourdough")
    ).json()) as CommentList;
    expect(found.comments.map((comment) => comment.id)).toEqual([first.id]);
    const byEmail = (await (
      await console_.request("/api/admin/sites/queues/comments?queue=all&email=baker@example.com")
    ).json()) as CommentList;
    expect(byEmail.comments.map((comment) => comment.id)).toEqual([first.id]);
    const paged = (await (
      await console_.request("/api/admin/sites/queues/comments?queue=held&limit=1")
    ).json()) as CommentList;
    expect(paged.nextCursor).toBe(String(second.id));
  });

  it("rejects an unknown queue and a bad date with 400 naming the field", async () => {
    await createSite("bad-queue");
    await createModerator("mod@bad-queue.example", { "bad-queue": "moderator" });
    const console_ = await signIn("mod@bad-queue.example");
    const response = await console_.request("/api/admin/sites/bad-queue/comments?queue=nope&from=yesterday");
    expect(response.status).toBe(400);
    const fields = ((await response.json()) as ErrorBody).error.fields?.map((field) => field.field).sort();
    expect(fields).toEqual(["from", "queue"]);
  });
});

describe("POST /api/admin/sites/:site/comments/actions", () => {
  it("approves held comments in bulk: published, counted, trained as ham, audited", async () => {
    await createSite("approve", { moderationMode: "hold_all" });
    await createModerator("mod@approve.example", { approve: "moderator" });
    const held = [await post("approve", { body: "one" }), await post("approve", { body: "two" })];
    const console_ = await signIn("mod@approve.example");
    const response = await console_.request("/api/admin/sites/approve/comments/actions", {
      body: { action: "approve", ids: held.map((comment) => comment.id) },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as ActionResult).changed.sort()).toEqual(held.map((comment) => comment.id).sort());
    const thread = (await (await getThread("approve", "/post/hello")).json()) as ThreadPage;
    expect(thread.thread.commentCount).toBe(2);
    expect(await env.DB.prepare("SELECT ham_docs FROM spam_models WHERE site_id = 'approve'").first("ham_docs")).toBe(
      2,
    );
    const audit = await env.DB.prepare("SELECT action, comment_ids FROM audit_log WHERE site_id = 'approve'").first();
    expect(audit).toMatchObject({ action: "approve" });
  });

  it("deletes softly, restores, and purges for good (keeping a tombstone where replies hang)", async () => {
    await createSite("lifecycle");
    await createModerator("mod@lifecycle.example", { lifecycle: "moderator" });
    const parent = await post("lifecycle", { body: "parent", authorEmail: "p@example.com" });
    await post("lifecycle", { body: "reply", parentId: parent.id });
    const lonely = await post("lifecycle", { body: "lonely" });
    const console_ = await signIn("mod@lifecycle.example");
    const act = (action: string, ids: number[]) =>
      console_.request("/api/admin/sites/lifecycle/comments/actions", { body: { action, ids } });
    await act("delete", [parent.id, lonely.id]);
    expect(await statusOf(parent.id)).toBe("deleted");
    await act("restore", [parent.id]);
    expect(await statusOf(parent.id)).toBe("published");
    await act("purge", [parent.id, lonely.id]);
    expect(await statusOf(lonely.id)).toBeNull();
    const tombstone = await env.DB.prepare("SELECT status, body, author_email FROM comments WHERE id = ?")
      .bind(parent.id)
      .first();
    expect(tombstone).toEqual({ status: "deleted", body: "", author_email: null });
    const thread = (await (await getThread("lifecycle", "/post/hello")).json()) as ThreadPage;
    expect(thread.comments.map((comment) => comment.status)).toEqual(["removed"]);
    expect(thread.thread.commentCount).toBe(1);
  });

  it("takes at most 500 comments at once", async () => {
    await createSite("bulk-limit");
    await createModerator("mod@bulk-limit.example", { "bulk-limit": "moderator" });
    const console_ = await signIn("mod@bulk-limit.example");
    const response = await console_.request("/api/admin/sites/bulk-limit/comments/actions", {
      body: { action: "spam", ids: Array.from({ length: 501 }, (_, index) => index + 1) },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.fields?.[0]?.field).toBe("ids");
  });

  it("learns from moderators: after their decisions, a similar comment is held instead of published", async () => {
    await createSite("learning");
    await createModerator("mod@learning.example", { learning: "moderator" });
    const pitch = (n: number) => `Bright yellow sofas make small living rooms feel larger and warmer, honestly ${n}`;
    const before = await post("learning", { body: pitch(0), authorName: "Sam" });
    expect(before.status).toBe("published");
    const console_ = await signIn("mod@learning.example");
    const ham = [];
    for (const text of [
      "Lovely photos of the harbour",
      "The second recipe worked for me",
      "Thanks for the clear steps",
    ]) {
      ham.push((await post("learning", { body: text })).id);
    }
    const spam = [before.id];
    for (let n = 1; n <= 3; n++) spam.push((await post("learning", { body: pitch(n), authorName: "Sam" })).id);
    await console_.request("/api/admin/sites/learning/comments/actions", { body: { action: "approve", ids: ham } });
    await console_.request("/api/admin/sites/learning/comments/actions", { body: { action: "spam", ids: spam } });
    const response = await postComment("learning", {
      body: "Honestly, yellow sofas brighten living rooms: small spaces feel warmer",
      authorName: "Sam",
    });
    const after = (await response.json()) as PostedComment;
    expect(response.status).toBe(201);
    expect(after.comment.status).toBe("pending");
    const stored = await env.DB.prepare("SELECT reasons FROM comments WHERE id = ?")
      .bind(after.comment.id)
      .first<string>("reasons");
    const reasons = JSON.parse(stored ?? "[]") as { check: string; score: number }[];
    expect(reasons.filter((reason) => reason.check.startsWith("duplicate"))).toEqual([]);
    expect(reasons.find((reason) => reason.check === "classifier")?.score).toBeGreaterThan(1);
  });
});

describe("duplicates, people and threads", () => {
  it("lists a duplicate cluster and keeps the original while removing the copies", async () => {
    await createSite("clusters");
    await createModerator("mod@clusters.example", { clusters: "moderator" });
    const text = "The chapter on restoring vintage bicycle frames was the most useful part of the whole book for me";
    const original = await post("clusters", { body: text, authorEmail: "first@example.com" });
    const copy = await post("clusters", { body: text, authorEmail: "second@example.com", page: "/post/other" });
    expect(copy.status).toBe("pending");
    const console_ = await signIn("mod@clusters.example");
    const { clusters } = (await (await console_.request("/api/admin/sites/clusters/duplicates")).json()) as {
      clusters: DuplicateCluster[];
    };
    expect(clusters).toHaveLength(1);
    expect(clusters[0]?.original.id).toBe(original.id);
    expect(clusters[0]?.copies.map((comment) => [comment.id, comment.duplicate?.kind])).toEqual([[copy.id, "exact"]]);
    const resolved = await console_.request(`/api/admin/sites/clusters/duplicates/${original.id}/resolve`, {
      body: {},
    });
    expect(((await resolved.json()) as ActionResult).changed).toEqual([copy.id]);
    expect(await statusOf(copy.id)).toBe("deleted");
    expect(await statusOf(original.id)).toBe("published");
  });

  it("bans an author: their next comment goes to spam silently, or is refused when the site says so", async () => {
    await createSite("bans");
    await createModerator("owner@bans.example", { bans: "owner" });
    const console_ = await signIn("owner@bans.example");
    const banned = await console_.request("/api/admin/sites/bans/bans", {
      body: { kind: "email_domain", value: "Spam.Example" },
    });
    expect(banned.status).toBe(201);
    const silent = await post("bans", { authorEmail: "someone@spam.example", body: "hello again" });
    expect(silent.status).toBe("pending");
    expect(await statusOf(silent.id)).toBe("spam");
    await env.DB.prepare("UPDATE sites SET ban_action = 'reject' WHERE id = 'bans'").run();
    const refused = await postComment("bans", { authorEmail: "other@spam.example", body: "and again" });
    expect(refused.status).toBe(403);
    const invalid = await console_.request("/api/admin/sites/bans/bans", {
      body: { kind: "ip_hash", value: "not-a-hash" },
    });
    expect(invalid.status).toBe(400);
  });

  it("trusts an author so their comments skip the hold", async () => {
    await createSite("trust", { moderationMode: "hold_first" });
    await createModerator("mod@trust.example", { trust: "moderator" });
    const console_ = await signIn("mod@trust.example");
    expect(
      (await console_.request("/api/admin/sites/trust/trusted", { body: { email: "friend@example.com" } })).status,
    ).toBe(201);
    await confirmEmail("trust", "friend@example.com", "the-friends-own-reader-key");
    const friend = { "X-Chorus-Reader": "the-friends-own-reader-key" };
    expect((await post("trust", { authorEmail: "friend@example.com" }, friend)).status).toBe("published");
    expect((await post("trust", { authorEmail: "stranger@example.com", body: "hi" })).status).toBe("pending");
  });

  it("closes and reopens a thread", async () => {
    await createSite("closing");
    await createModerator("mod@closing.example", { closing: "moderator" });
    const console_ = await signIn("mod@closing.example");
    await console_.request("/api/admin/sites/closing/threads", { body: { page: "/post/hello/", closed: true } });
    expect((await postComment("closing", {})).status).toBe(403);
    await console_.request("/api/admin/sites/closing/threads", { body: { page: "/post/hello", closed: false } });
    expect((await postComment("closing", {})).status).toBe(201);
  });

  it("posts a staff reply shown with the moderator's name and the staff badge", async () => {
    await createSite("staff");
    await createModerator("editor@staff.example", { staff: "moderator" });
    const question = await post("staff", { body: "When is the next workshop?" });
    const console_ = await signIn("editor@staff.example");
    const reply = await console_.request("/api/admin/sites/staff/replies", {
      body: { parentId: question.id, body: "In **May**." },
    });
    expect(reply.status).toBe(201);
    const thread = (await (await getThread("staff", "/post/hello")).json()) as ThreadPage;
    expect(thread.comments[0]?.replies[0]).toMatchObject({
      authorName: "editor",
      badge: "Staff",
      bodyHtml: "<p>In <strong>May</strong>.</p>",
    });
    expect(thread.thread.commentCount).toBe(2);
  });
});

describe("settings and audit (owners)", () => {
  it("reads and writes settings, never returning secrets, and records it in the audit log", async () => {
    await createSite("settings");
    await createModerator("owner@settings.example", { settings: "owner" });
    const console_ = await signIn("owner@settings.example");
    const current = (await (await console_.request("/api/admin/sites/settings/settings")).json()) as Settings;
    expect(current).toMatchObject({
      moderationMode: "publish",
      holdAbove: 0.5,
      linksToHold: 2,
      reportThreshold: 3,
      pageParams: ["p", "page_id"],
      spamPrior: false,
      akismetKeySet: false,
    });
    const { turnstileSecretSet: _t, akismetKeySet: _a, ...editable } = current;
    const saved = await console_.request("/api/admin/sites/settings/settings", {
      method: "PUT",
      body: {
        ...editable,
        moderationMode: "hold_first",
        akismetKey: "secret-akismet-key",
        staffLabel: "Editor",
        linksToHold: 3,
        reportThreshold: 1.5,
        pageParams: ["id"],
        spamPrior: true,
      },
    });
    expect(saved.status).toBe(200);
    const text = await saved.text();
    expect(text).not.toContain("secret-akismet-key");
    expect(JSON.parse(text)).toMatchObject({
      moderationMode: "hold_first",
      akismetKeySet: true,
      staffLabel: "Editor",
      linksToHold: 3,
      reportThreshold: 1.5,
      pageParams: ["id"],
      spamPrior: true,
    });
    const invalid = await console_.request("/api/admin/sites/settings/settings", {
      method: "PUT",
      body: { ...editable, holdAbove: 0.99, spamAbove: 0.5 },
    });
    expect(invalid.status).toBe(400);
    const badLinks = await console_.request("/api/admin/sites/settings/settings", {
      method: "PUT",
      body: { ...editable, linksToHold: 0 },
    });
    expect(badLinks.status).toBe(400);
    expect(((await badLinks.json()) as ErrorBody).error.fields?.[0]?.field).toBe("linksToHold");
    for (const [field, value] of [
      ["reportThreshold", 0],
      ["pageParams", ["p=1"]],
    ] as const) {
      const bad = await console_.request("/api/admin/sites/settings/settings", {
        method: "PUT",
        body: { ...editable, [field]: value },
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as ErrorBody).error.fields?.[0]?.field).toMatch(new RegExp(`^${field}`));
    }
    const audit = (await (await console_.request("/api/admin/sites/settings/audit")).json()) as {
      entries: { action: string; moderator: string }[];
    };
    expect(audit.entries.map((entry) => entry.action)).toEqual(["settings"]);
    expect(audit.entries[0]?.moderator).toBe("owner");
  });
});
