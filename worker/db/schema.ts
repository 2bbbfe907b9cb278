/**
 * The data model, in one place.
 *
 * A **site** is one blog (one tenant of the deployment). It lists the origins allowed to call the
 * API for it and how new comments are moderated:
 *   - `publish`: new comments are shown at once;
 *   - `hold_first`: an author's first comment on the site waits for a moderator, later ones are
 *     shown at once (the author is known by email);
 *   - `hold_all`: every new comment waits for a moderator.
 *
 * A **thread** is the conversation on one page of a site, keyed by the page's normalised path. It is
 * created by the first comment posted to that page. `comment_count` counts published comments and
 * is kept in step with every write, so counts never need a scan.
 *
 * A **comment** belongs to a thread. Top-level comments have no parent and no root; a reply points
 * at its parent and at the top-level comment of its subtree (`root_id`), so one indexed query
 * fetches a page of top-level comments with all their replies. Its `status` is one of:
 *   - `published`: shown to everyone and counted;
 *   - `pending`: held for a moderator; shown only to its author, as "awaiting moderation";
 *   - `spam`: stored for review, never shown;
 *   - `deleted`: removed; shown as a placeholder only if it still has visible replies.
 * `author_email` is private: no public endpoint ever returns it. `reader_hash` is the SHA-256 of a
 * random per-browser key, so a reader can see their own pending comments without an account.
 * `idempotency_key` is chosen by the widget per submission; a repeat returns the first result.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const moderationModes = ["publish", "hold_first", "hold_all"] as const;
export type ModerationMode = (typeof moderationModes)[number];

export const commentStatuses = ["published", "pending", "spam", "deleted"] as const;
export type CommentStatus = (typeof commentStatuses)[number];

const createdAt = () => integer("created_at", { mode: "number" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const sites = sqliteTable("sites", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** JSON array of origins such as "https://blog.example". */
  allowedOrigins: text("allowed_origins", { mode: "json" }).$type<string[]>().notNull(),
  moderationMode: text("moderation_mode", { enum: moderationModes }).notNull().default("publish"),
  createdAt: createdAt(),
});

export const threads = sqliteTable(
  "threads",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    title: text("title"),
    url: text("url"),
    closed: integer("closed", { mode: "boolean" }).notNull().default(false),
    commentCount: integer("comment_count").notNull().default(0),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("threads_by_site_path").on(table.siteId, table.path)],
);

export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    threadId: integer("thread_id")
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    parentId: integer("parent_id"),
    rootId: integer("root_id"),
    depth: integer("depth").notNull().default(0),
    authorName: text("author_name").notNull(),
    authorEmail: text("author_email"),
    authorWebsite: text("author_website"),
    body: text("body").notNull(),
    bodyHtml: text("body_html").notNull(),
    status: text("status", { enum: commentStatuses }).notNull(),
    readerHash: text("reader_hash"),
    idempotencyKey: text("idempotency_key").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    index("comments_by_thread_root").on(table.threadId, table.rootId, table.id),
    uniqueIndex("comments_by_idempotency_key").on(table.siteId, table.idempotencyKey),
    index("comments_by_site_email").on(table.siteId, table.authorEmail, table.status),
  ],
);

export type Site = typeof sites.$inferSelect;
export type Thread = typeof threads.$inferSelect;
export type Comment = typeof comments.$inferSelect;
