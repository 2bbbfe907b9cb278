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
 *
 * A **moderator** signs in to the console with an email and a password (stored as a PBKDF2 hash) and
 * holds a **role** on each site they may moderate: `owner` (everything, including settings, other
 * moderators and the audit log) or `moderator` (comments, authors and threads). A **session** is a
 * signed-in browser: the cookie carries a random token whose SHA-256 is the row's key, and each
 * session has its own CSRF token. **Login attempts** count recent failures per email and per IP hash,
 * to slow password guessing. The **audit log** records who did what to which comments.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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

export const moderatorRoles = ["owner", "moderator"] as const;
export type ModeratorRole = (typeof moderatorRoles)[number];

export const moderators = sqliteTable("moderators", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** Lowercased. */
  email: text("email").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  createdAt: createdAt(),
});

export const siteModerators = sqliteTable(
  "site_moderators",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    moderatorId: integer("moderator_id")
      .notNull()
      .references(() => moderators.id, { onDelete: "cascade" }),
    role: text("role", { enum: moderatorRoles }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.siteId, table.moderatorId] }),
    index("site_moderators_by_moderator").on(table.moderatorId),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    moderatorId: integer("moderator_id")
      .notNull()
      .references(() => moderators.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: createdAt(),
    expiresAt: integer("expires_at").notNull(),
  },
  (table) => [index("sessions_by_moderator").on(table.moderatorId)],
);

export const loginAttempts = sqliteTable("login_attempts", {
  /** `email:<address>` or `ip:<hash>`. */
  key: text("key").primaryKey(),
  windowStartedAt: integer("window_started_at").notNull(),
  failures: integer("failures").notNull(),
});

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    moderatorId: integer("moderator_id").references(() => moderators.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    /** JSON array of the comment ids acted on, if any. */
    commentIds: text("comment_ids", { mode: "json" }).$type<number[]>().notNull(),
    /** JSON object with whatever else the action needs to be understood later. */
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("audit_log_by_site").on(table.siteId, table.id)],
);

export type Site = typeof sites.$inferSelect;
export type Thread = typeof threads.$inferSelect;
export type Comment = typeof comments.$inferSelect;
export type Moderator = typeof moderators.$inferSelect;
