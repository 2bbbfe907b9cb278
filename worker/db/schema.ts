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
 *
 * A **reaction** is one reader's (by reader hash, never by email) single reaction to a comment or, with
 * `comment_id` 0, to the page itself. `comments.score` counts a comment's reactions and is kept in step
 * with every reaction write, so threads sort by it with a keyset cursor. A comment's author may edit or
 * delete it for `sites.edit_window_minutes` after posting, proven by a secret whose SHA-256 is
 * `comments.edit_secret_hash`; `edited_at` marks an edit.
 *
 * A **subscriber** is an email that asked, by ticking the box under a comment, to hear of replies to
 * its comments on a site (`comments.notify_replies` marks those comments). It is `pending` until the
 * person follows the link in the confirmation email (double opt-in), then `confirmed`, and
 * `unsubscribed` after the one-click link in any notification. Links carry a token derived from a
 * secret; only its SHA-256 is stored. Every email waits in the **outbox** until a sender takes it:
 * the request that queued it tries at once, the cron retries with a back-off, and sent rows are
 * dropped after a week.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  type alertEvents,
  banActions,
  banKinds,
  commentStatuses,
  duplicateKinds,
  identityRoleNames,
  moderationModes,
  reactionKinds,
  reportReasons,
  signInProviderKinds,
  trainingLabels,
  webhookFormats,
} from "../../common/vocabulary";

/** The spam settings a site stores; the defaults fill what is missing. */
export interface StoredSpamSettings {
  holdAbove: number;
  spamAbove: number;
  blocked: { words: string[]; domains: string[]; emails: string[]; ipHashes: string[] };
  allowed: { domains: string[]; emails: string[]; ipHashes: string[] };
  linksToHold: number;
  prior: boolean;
}

const createdAt = () => integer("created_at", { mode: "number" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const sites = sqliteTable("sites", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** JSON array of origins such as "https://blog.example". */
  allowedOrigins: text("allowed_origins", { mode: "json" }).$type<string[]>().notNull(),
  /** The query parameters that identify a page on this site (`normalizePagePath`); the rest are dropped. */
  pageParams: text("page_params", { mode: "json" }).$type<string[]>().notNull().default(["p", "page_id"]),
  moderationMode: text("moderation_mode", { enum: moderationModes }).notNull().default("publish"),
  /** Spam thresholds and block and allow lists (see worker/spam); missing fields take the defaults. */
  spamSettings: text("spam_settings", { mode: "json" }).$type<Partial<StoredSpamSettings>>().notNull().default({}),
  /** What happens to comments by banned authors: silently marked spam, or refused. */
  banAction: text("ban_action", { enum: banActions }).notNull().default("spam"),
  /** Shown after a moderator's name on their staff replies, such as "Staff" or "Editor". */
  staffLabel: text("staff_label").notNull().default("Staff"),
  /**
   * Readers' reports that hold a published comment for a moderator: the sum of their weights (a
   * report counts 1, less from a reader whose reports moderators often overruled).
   */
  reportThreshold: real("report_threshold").notNull().default(3),
  /** Threads close themselves this many days after their page's first comment; null never. */
  autoCloseDays: integer("auto_close_days"),
  /** Cloudflare Turnstile keys; both set turns the challenge on. */
  turnstileSiteKey: text("turnstile_site_key"),
  turnstileSecret: text("turnstile_secret"),
  /** Akismet API key; set turns the Akismet check on. */
  akismetKey: text("akismet_key"),
  /** How long after posting an author may edit or delete their comment, in minutes (0 turns it off). */
  editWindowMinutes: integer("edit_window_minutes").notNull().default(15),
  /**
   * Whether authors with an email get their Gravatar image instead of a generated identicon. Off by
   * default: it puts the SHA-256 of each author's email in public responses, and Gravatar's hashes
   * can be reversed by guessing addresses.
   */
  gravatar: integer("gravatar", { mode: "boolean" }).notNull().default(false),
  /** Whether the site's owners get a daily email of new and held comments. */
  ownerDigest: integer("owner_digest", { mode: "boolean" }).notNull().default(false),
  /** Whether replies from elsewhere (Webmentions, pingbacks, fediverse replies) wait for a moderator, whatever their verdict. */
  holdMentions: integer("hold_mentions", { mode: "boolean" }).notNull().default(false),
  /** Whether listing pages' counts include replies from elsewhere (the thread itself always shows them). */
  countMentions: integer("count_mentions", { mode: "boolean" }).notNull().default(true),
  /** Whether only signed-in readers may comment (guests still read); a thread can ask for it alone. */
  requireSignIn: integer("require_sign_in", { mode: "boolean" }).notNull().default(false),
  /** Whether readers may sign in with a one-time link emailed to them (needs the deployment to send email). */
  emailSignIn: integer("email_sign_in", { mode: "boolean" }).notNull().default(false),
  /**
   * The HS256 key the site's own server signs its logged-in users' sign-in tokens with (site SSO);
   * null when the site offers none. Shown to an owner once, when made.
   */
  ssoSecret: text("sso_secret"),
  /**
   * Where the site publishes the public keys its server signs RS256 or ES256 sign-in tokens with (a
   * JWKS address), instead of or beside the HS256 secret; null when it signs none that way.
   */
  ssoJwksUrl: text("sso_jwks_url"),
  createdAt: createdAt(),
});

/**
 * A site's learned spam model (worker/spam/classifier.ts): labelled-document counts here, and one row
 * per feature key in `spam_features`. Every change is an addition, so concurrent decisions compose.
 */
export const spamModels = sqliteTable("spam_models", {
  siteId: text("site_id")
    .primaryKey()
    .references(() => sites.id, { onDelete: "cascade" }),
  hamDocs: integer("ham_docs").notNull().default(0),
  spamDocs: integer("spam_docs").notNull().default(0),
});

export const spamFeatures = sqliteTable(
  "spam_features",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    feature: text("feature").notNull(),
    weight: real("weight").notNull().default(0),
    squaredGradients: real("squared_gradients").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.siteId, table.feature] })],
);

/** Banned authors: by email, by email domain or by IP hash. */
export const bans = sqliteTable(
  "bans",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: banKinds }).notNull(),
    value: text("value").notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.siteId, table.kind, table.value] })],
);

/** Authors whose comments are never held (they still go through the spam checks' hard blocks). */
export const trustedAuthors = sqliteTable(
  "trusted_authors",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.siteId, table.email] })],
);

/** Fixed-window counters for rate limits, exact in D1: `key` names the limit and who it counts. */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStartedAt: integer("window_started_at").notNull(),
  count: integer("count").notNull(),
});

/** Form tokens already used, so a signed token cannot be replayed; rows are dropped once expired. */
export const usedFormTokens = sqliteTable("used_form_tokens", {
  tokenId: text("token_id").primaryKey(),
  expiresAt: integer("expires_at").notNull(),
  /** The submission that used it, so a retry of that submission is told apart from a replayed form. */
  idempotencyKey: text("idempotency_key"),
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
    /** Whether only signed-in readers may comment here, whatever the site's setting. */
    requireSignIn: integer("require_sign_in", { mode: "boolean" }).notNull().default(false),
    commentCount: integer("comment_count").notNull().default(0),
    /**
     * A Mastodon (or Mastodon-API) status the page is discussed under: its public replies are shown
     * in the thread (worker/mentions/fediverse.ts). `fediverse_due_at` is when they are read next.
     */
    fediverseStatus: text("fediverse_status"),
    fediverseDueAt: integer("fediverse_due_at"),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("threads_by_site_path").on(table.siteId, table.path),
    /** The threads whose fediverse replies are due, for the cron. */
    index("threads_by_fediverse_due").on(table.fediverseDueAt),
  ],
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
    /**
     * Whether its author proved `author_email` when posting: the address was confirmed by a link, or
     * the same reader key wrote an earlier published comment with it. Only a proven address earns
     * trust, the hold_first pass and an email-based avatar; a typed one proves nothing.
     */
    authorProven: integer("author_proven", { mode: "boolean" }).notNull().default(false),
    authorWebsite: text("author_website"),
    body: text("body").notNull(),
    bodyHtml: text("body_html").notNull(),
    status: text("status", { enum: commentStatuses }).notNull(),
    readerHash: text("reader_hash"),
    idempotencyKey: text("idempotency_key").notNull(),
    ipHash: text("ip_hash"),
    /** The spam pipeline's combined score (0-1) and every finding behind its verdict. */
    spamScore: real("spam_score"),
    reasons: text("reasons", { mode: "json" }).$type<StoredReason[]>().notNull().default([]),
    /** The body as duplicate detection compares it (worker/duplicates/normalize.ts). */
    normalizedBody: text("normalized_body"),
    /** The earlier comment this one repeats or copies, how, and how closely (0-1). */
    duplicateOf: integer("duplicate_of"),
    duplicateKind: text("duplicate_kind", { enum: duplicateKinds }),
    duplicateSimilarity: real("duplicate_similarity"),
    /** The label the site's classifier was last taught from this comment, if any. */
    trainedLabel: text("trained_label", { enum: trainingLabels }),
    /**
     * The verdict intake gave it when it was posted, kept beside the status a moderator may change:
     * the dashboard compares the two. Null for imported comments and staff replies.
     */
    autoStatus: text("auto_status", { enum: commentStatuses }),
    /**
     * When intake held it or marked it spam: the layers of checks that scored on it, sorted and
     * comma-separated ("classifier,rules"), for the dashboard without reading every reason.
     */
    caughtBy: text("caught_by"),
    /** When a moderator deleted it (restorable for 30 days), and the status to restore. */
    deletedAt: integer("deleted_at"),
    statusBeforeDelete: text("status_before_delete", { enum: commentStatuses }),
    pinned: integer("pinned", { mode: "boolean" }).notNull().default(false),
    /** The moderator who wrote it as staff, shown with the site's staff label. */
    staffModeratorId: integer("staff_moderator_id").references(() => moderators.id, { onDelete: "set null" }),
    /** How many reactions readers gave it; the "top" sort order. */
    score: integer("score").notNull().default(0),
    /** SHA-256 (hex) of the secret its author got when posting, which proves their edits and deletes. */
    editSecretHash: text("edit_secret_hash"),
    /** When its author last edited it. */
    editedAt: integer("edited_at"),
    /** Its author asked to be emailed replies to it (sent once their address is confirmed). */
    notifyReplies: integer("notify_replies", { mode: "boolean" }).notNull().default(false),
    /** For a reply written elsewhere and sent as a Webmention: the page it was written on. */
    mentionSource: text("mention_source"),
    /** The signed-in identity that wrote it, if its author was signed in. */
    identityId: integer("identity_id").references(() => identities.id, { onDelete: "set null" }),
    /**
     * Where it stands in its thread's changes: D1 triggers (migrations/0011) give it the thread's next
     * number whenever it is stored or anything readers see of it changes, so `revision > n` is what a
     * reader who saw the thread at revision n has missed (worker/live).
     */
    revision: integer("revision").notNull().default(0),
    createdAt: createdAt(),
  },
  (table) => [
    index("comments_by_thread_root").on(table.threadId, table.rootId, table.id),
    index("comments_by_thread_revision").on(table.threadId, table.revision),
    /** A thread's pinned comments, without walking its other top-level ones. */
    index("comments_by_thread_pinned").on(table.threadId, table.pinned, table.rootId, table.id),
    index("comments_by_thread_root_score").on(table.threadId, table.rootId, table.score, table.id),
    /** The replies a reader may see under a page's comments, without reading hidden ones. */
    index("comments_by_thread_root_status").on(table.threadId, table.rootId, table.status, table.readerHash),
    /** The first published replies under a comment in order, read no further than a page of them. */
    index("comments_by_thread_root_status_id").on(table.threadId, table.rootId, table.status, table.id),
    index("comments_by_site_status").on(table.siteId, table.status, table.id),
    /** A site's comments of the last days with what the dashboard counts of them, read from the index alone. */
    index("comments_by_site_created").on(
      table.siteId,
      table.createdAt,
      table.status,
      table.autoStatus,
      table.trainedLabel,
      table.duplicateOf,
      table.threadId,
      table.caughtBy,
    ),
    index("comments_by_duplicate_of").on(table.duplicateOf),
    /** A thread's replies from elsewhere, for counts that leave them out. */
    index("comments_mentions_by_thread")
      .on(table.threadId, table.status)
      .where(sql`${table.mentionSource} IS NOT NULL`),
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
    /** When the session was last used: one left idle longer than `sessionIdleMs` is over. */
    lastSeenAt: integer("last_seen_at").notNull().default(0),
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

/** Duplicate-detection keys (worker/duplicates): each comment is findable by a few dozen keys. */
export const duplicateKeys = sqliteTable(
  "duplicate_keys",
  {
    siteId: text("site_id").notNull(),
    key: text("key").notNull(),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
  },
  (table) => [
    primaryKey({ columns: [table.siteId, table.key, table.commentId] }),
    index("duplicate_keys_by_comment").on(table.commentId),
  ],
);

/** Readers' reactions: one per reader per comment (or per page, with `comment_id` 0). */
export const reactions = sqliteTable(
  "reactions",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    threadId: integer("thread_id")
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    /** The comment reacted to, or 0 for the page itself. */
    commentId: integer("comment_id").notNull(),
    readerHash: text("reader_hash").notNull(),
    kind: text("kind", { enum: reactionKinds }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.threadId, table.commentId, table.readerHash] })],
);

export const reportResolutions = ["upheld", "overruled"] as const;

/**
 * Readers' reports of comments: one per reader key and comment, with the reason, the weight it was
 * given (1 / (1 + the reader's overruled reports) when it was made) and, once a moderator acted on
 * the comment, whether they agreed (`upheld`: spam or deleted) or not (`overruled`: approved).
 */
export const reports = sqliteTable(
  "reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    commentId: integer("comment_id")
      .notNull()
      .references(() => comments.id, { onDelete: "cascade" }),
    readerHash: text("reader_hash").notNull(),
    ipHash: text("ip_hash").notNull(),
    reason: text("reason", { enum: reportReasons }).notNull(),
    weight: real("weight").notNull(),
    resolution: text("resolution", { enum: reportResolutions }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("reports_once").on(table.commentId, table.readerHash),
    /** The Reported queue: a site's comments with open reports. */
    index("reports_by_site_open").on(table.siteId, table.resolution, table.commentId),
    /** A reporter's record, for the weight of their next report. */
    index("reports_by_reader").on(table.siteId, table.readerHash, table.resolution),
    /** The rate limit: reports from one network in the last hour. */
    index("reports_by_network").on(table.ipHash, table.createdAt),
  ],
);

export const subscriberStatuses = ["pending", "confirmed", "unsubscribed"] as const;

/** Emails that asked for reply notifications on a site, and where their double opt-in stands. */
export const subscribers = sqliteTable(
  "subscribers",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    /** Lowercased. */
    email: text("email").notNull(),
    status: text("status", { enum: subscriberStatuses }).notNull(),
    /** SHA-256 (hex) of the tokens in the confirmation and unsubscribe links. */
    confirmTokenHash: text("confirm_token_hash").notNull(),
    unsubscribeTokenHash: text("unsubscribe_token_hash").notNull(),
    /**
     * The reader key (hashed) that asked while the address was unconfirmed: following the link
     * proves the address for that reader only, never for whoever types it later.
     */
    readerHash: text("reader_hash"),
    /** When the last confirmation email was queued, so a busy commenter is not sent one per comment. */
    confirmationSentAt: integer("confirmation_sent_at"),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.siteId, table.email] }),
    uniqueIndex("subscribers_by_confirm_token").on(table.confirmTokenHash),
    uniqueIndex("subscribers_by_unsubscribe_token").on(table.unsubscribeTokenHash),
  ],
);

/**
 * A site's **webhooks**: where its moderators hear of new held, spam, duplicate and reported comments
 * (and a daily digest), in Chorus's JSON signed with the webhook's secret (HMAC-SHA256) or a chat
 * service's format. Each alert waits in the outbox like an email (kind `alert`, recipient
 * `webhook:ID`) and is composed when it is sent. `created_by` is the moderator whose one-click links
 * the alerts carry: an approve or spam through them is audited as theirs.
 */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    format: text("format", { enum: webhookFormats }).notNull(),
    /** JSON array of the `alertEvents` this webhook hears of. */
    events: text("events", { mode: "json" }).$type<(typeof alertEvents)[number][]>().notNull(),
    /** The HMAC-SHA256 key of the signature header; shown to the owner once, when the webhook is made. */
    secret: text("secret").notNull(),
    /** Telegram's `chat_id` (format `telegram` only). */
    telegramChatId: text("telegram_chat_id"),
    /** Whether alerts carry the author's email address, a private field; off unless the owner chooses it. */
    includeEmail: integer("include_email", { mode: "boolean" }).notNull().default(false),
    createdBy: integer("created_by").references(() => moderators.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (table) => [index("webhooks_by_site").on(table.siteId)],
);

export type Webhook = typeof webhooks.$inferSelect;

/** One-click moderation links from alerts that were used: each works once, until it expires. */
export const usedAlertLinks = sqliteTable("used_alert_links", {
  tokenHash: text("token_hash").primaryKey(),
  expiresAt: integer("expires_at").notNull(),
});

/**
 * A reader **signed in** to a site: by the site's own sign-in (SSO: a token its server signs for its
 * logged-in user), known by `provider` and the `subject` that provider gives. `role` `staff` shows
 * the site's staff label on their comments. A **reader session** is a browser signed in as one: the
 * widget sends its token as `X-Chorus-Session`; only its SHA-256 is stored, and it expires.
 */
export const identities = sqliteTable(
  "identities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    subject: text("subject").notNull(),
    name: text("name").notNull(),
    /** Private, as an author's email: never returned by a public route. Verified by the provider. */
    email: text("email"),
    avatar: text("avatar"),
    role: text("role", { enum: identityRoleNames }).notNull().default("reader"),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("identities_once").on(table.siteId, table.provider, table.subject)],
);

export type Identity = typeof identities.$inferSelect;

/**
 * An account provider a site lets its readers **sign in** with (OAuth 2.0 / OpenID Connect), one per
 * kind: the client its owner registered with the provider, and for `oidc` the issuer (for
 * `microsoft`, the tenant). The secret is never shown again after it is saved.
 */
export const signInProviders = sqliteTable(
  "sign_in_providers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: signInProviderKinds }).notNull(),
    /** What the reader's button says: "GitHub", or the brand's "Acme staff". */
    label: text("label").notNull(),
    clientId: text("client_id").notNull(),
    clientSecret: text("client_secret").notNull(),
    issuer: text("issuer"),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("sign_in_providers_once").on(table.siteId, table.kind)],
);

export type SignInProvider = typeof signInProviders.$inferSelect;

/**
 * The app this deployment registered on a **Mastodon** instance (`POST /api/v1/apps`) the first time
 * a reader signed in from it, reused for every later sign-in there (all sites share it: the redirect
 * address is the deployment's).
 */
export const mastodonApps = sqliteTable("mastodon_apps", {
  instance: text("instance").primaryKey(),
  clientId: text("client_id").notNull(),
  clientSecret: text("client_secret").notNull(),
  redirectUri: text("redirect_uri").notNull(),
  createdAt: createdAt(),
});

/**
 * A **sign-in under way** in a reader's popup, from its start to the provider's answer (ten minutes
 * at most, used once): known by the hash of its OAuth `state`, with its PKCE verifier and OpenID
 * nonce, the page origin (and that page's nonce) the result goes back to by `postMessage`, and the
 * hash of the cookie that binds it to the popup's browser (so nobody can finish it in another).
 */
/**
 * A **sign-in link** emailed to a reader (passwordless email sign-in), good once for fifteen minutes:
 * known by the hash of the code in its link, and bound to the browser that asked for it (the hash
 * of a secret that browser keeps), so the link signs in only there.
 */
export const emailSignIns = sqliteTable("email_sign_ins", {
  codeHash: text("code_hash").primaryKey(),
  siteId: text("site_id")
    .notNull()
    .references(() => sites.id, { onDelete: "cascade" }),
  email: text("email").notNull(),
  name: text("name").notNull(),
  browserHash: text("browser_hash").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

export const signInFlows = sqliteTable("sign_in_flows", {
  stateHash: text("state_hash").primaryKey(),
  siteId: text("site_id")
    .notNull()
    .references(() => sites.id, { onDelete: "cascade" }),
  providerId: integer("provider_id")
    .notNull()
    .references(() => signInProviders.id, { onDelete: "cascade" }),
  codeVerifier: text("code_verifier").notNull(),
  nonce: text("nonce").notNull(),
  openerOrigin: text("opener_origin").notNull(),
  openerNonce: text("opener_nonce").notNull(),
  /** For Mastodon: the reader's instance (its origin), whose app the flow uses. */
  instance: text("instance"),
  bindingHash: text("binding_hash").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

export const readerSessions = sqliteTable(
  "reader_sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    identityId: integer("identity_id")
      .notNull()
      .references(() => identities.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("reader_sessions_by_identity").on(table.identityId)],
);

export const webmentionStatuses = ["queued", "accepted", "rejected", "removed"] as const;

/**
 * **Webmentions** received (W3C Webmention): a `source` page that says it links to a `target` page
 * of a site. Each is checked by the queue consumer (worker/mentions); an accepted reply or mention
 * becomes a comment of the target's thread (`comment_id`, its idempotency key derived from source
 * and target, so a new mention of the same pair updates it). `id` is the token of its status URL.
 */
export const webmentions = sqliteTable(
  "webmentions",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    source: text("source").notNull(),
    target: text("target").notNull(),
    /** The target's page as the site names its threads. */
    page: text("page").notNull(),
    status: text("status", { enum: webmentionStatuses }).notNull(),
    /** Why it was rejected or removed, or what it is (`reply`, `mention`, `like`, `repost`) once accepted. */
    detail: text("detail"),
    commentId: integer("comment_id"),
    /** Who liked or reposted the page, as the source's h-card says (shown as a row of faces). */
    authorName: text("author_name"),
    authorPhoto: text("author_photo"),
    authorUrl: text("author_url"),
    /** The salted hash of the sender's network, for the receiver's rate limit (blanked with comments' after retention). */
    ipHash: text("ip_hash"),
    updatedAt: integer("updated_at").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    index("webmentions_by_pair").on(table.siteId, table.source, table.target),
    /** A page's accepted likes and reposts, for its thread read. */
    index("webmentions_by_page").on(table.siteId, table.page, table.status, table.detail),
    /** The rate limit: mentions from one network in the last hour. */
    index("webmentions_by_network").on(table.ipHash, table.createdAt),
  ],
);

export type Webmention = typeof webmentions.$inferSelect;

export const mailKinds = ["confirm", "reply", "digest", "alert", "sign_in"] as const;
export type MailKind = (typeof mailKinds)[number];

/** Emails waiting to be sent, being sent, sent or given up on. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: mailKinds }).notNull(),
    /** What the email is about, so it is queued once: the reply's id, the digest's day, the confirmation's time. */
    subjectKey: text("subject_key").notNull(),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    /** JSON object of extra headers, such as List-Unsubscribe. */
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** Not to be tried before this time (a back-off after a failure, or a sender's claim). */
    nextAttemptAt: integer("next_attempt_at").notNull(),
    sentAt: integer("sent_at"),
    /** Set when the last attempt failed; the row is given up once `attempts` reaches the limit. */
    lastError: text("last_error"),
    /** The webhook an alert goes to (kind `alert`); its alerts go when it is deleted. */
    webhookId: integer("webhook_id").references(() => webhooks.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex("outbox_once").on(table.siteId, table.kind, table.subjectKey, table.recipient),
    index("outbox_by_due").on(table.sentAt, table.nextAttemptAt),
    /** The emails an address got lately, for the daily cap (worker/db/mail.ts). */
    index("outbox_by_recipient").on(table.recipient, table.createdAt),
  ],
);

/** A finding of the spam pipeline as stored with the comment. */
export interface StoredReason {
  check: string;
  score: number;
  detail?: string;
  holds?: boolean;
}

export type Site = typeof sites.$inferSelect;
export type Thread = typeof threads.$inferSelect;
export type Comment = typeof comments.$inferSelect;
export type Moderator = typeof moderators.$inferSelect;
export type OutboxMail = typeof outbox.$inferSelect;
