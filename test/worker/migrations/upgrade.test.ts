import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("migrations", () => {
  it("upgrade the first release's schema, then the previous release's, with their data in place", async () => {
    const db = env.MIGRATION_DB;
    const [first, ...later] = env.TEST_MIGRATIONS;
    const newest = later.pop();
    if (!first || !newest) throw new Error("fewer than two migrations");
    await applyD1Migrations(db, [first]);
    await db.batch([
      db.prepare(
        "INSERT INTO sites (id, name, allowed_origins, moderation_mode) VALUES ('old', 'Old blog', '[\"https://old.example\"]', 'hold_first')",
      ),
      db.prepare("INSERT INTO threads (site_id, path, title, comment_count) VALUES ('old', '/post/a', 'A', 1)"),
      db.prepare(
        "INSERT INTO comments (site_id, thread_id, author_name, author_email, body, body_html, status, idempotency_key) VALUES ('old', 1, 'Ada', 'ada@example.com', 'Hello', '<p>Hello</p>', 'published', 'old-key-0000000001')",
      ),
    ]);
    await applyD1Migrations(db, later);
    await db
      .prepare("INSERT INTO used_form_tokens (token_id, expires_at) VALUES ('previous-release-token', 4102444800000)")
      .run();
    await applyD1Migrations(db, [newest]);
    expect(await db.prepare("SELECT * FROM used_form_tokens").first()).toEqual({
      token_id: "previous-release-token",
      expires_at: 4102444800000,
      idempotency_key: null,
    });
    const comment = await db
      .prepare("SELECT author_email, body_html, status, reasons, pinned, notify_replies FROM comments")
      .first();
    expect(comment).toEqual({
      author_email: "ada@example.com",
      body_html: "<p>Hello</p>",
      status: "published",
      reasons: "[]",
      pinned: 0,
      notify_replies: 0,
    });
    const site = await db
      .prepare("SELECT moderation_mode, ban_action, staff_label, spam_settings, owner_digest FROM sites")
      .first();
    expect(site).toEqual({
      moderation_mode: "hold_first",
      ban_action: "spam",
      staff_label: "Staff",
      spam_settings: "{}",
      owner_digest: 0,
    });
    const tables = await db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all<{ name: string }>();
    const names = tables.results.map((table) => table.name);
    for (const table of ["moderators", "sessions", "spam_features", "duplicate_keys", "bans", "subscribers", "outbox"])
      expect(names).toContain(table);
  });
});
