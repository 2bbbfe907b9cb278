/**
 * The HTTP contract: every request and response body, in zod. The widget imports the inferred types
 * with `import type` only, so zod never enters the reader's bundle.
 */
import { z } from "zod";
import {
  limits,
  normalizePagePath,
  type ReactionKind,
  reactionKinds,
  reportReasons,
  type SignInProviderKind,
  type ThreadSort,
  threadSorts,
} from "../../common/vocabulary";

export type { ThreadSort };

const trimmedText = (max: number, what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .max(max, { error: `${what} must be at most ${max} characters` });

const optionalText = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

export const httpUrl = (max: number, what: string) =>
  trimmedText(max, what).refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === "http:" || url.protocol === "https:";
      } catch {
        return false;
      }
    },
    { error: `${what} must be an http or https address` },
  );

export const siteIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: "site must be 1-63 lowercase letters, digits or dashes" });

export const pagePathSchema = z
  .string({ error: "page is required" })
  .trim()
  .min(1, { error: "page is required" })
  .max(limits.pagePath, { error: `page must be at most ${limits.pagePath} characters` })
  // Every query parameter is kept here: a route narrows it to the ones its site names (http/page.ts).
  .transform((address) => normalizePagePath(address, "all"));

export const commentIdSchema = z.coerce
  .number({ error: "must be a comment id" })
  .int({ error: "must be a comment id" })
  .positive({ error: "must be a comment id" })
  .max(Number.MAX_SAFE_INTEGER, { error: "must be a comment id" });

/** Where a page of a thread starts: after this comment (and, sorted by top, this score). */
export interface ThreadCursor {
  id: number;
  score?: number;
}

export const threadQuerySchema = z
  .object({
    page: pagePathSchema,
    sort: z.enum(threadSorts, { error: "sort must be oldest, newest or top" }).default("oldest"),
    cursor: z
      .string()
      .regex(/^(?:(?:0|[1-9][0-9]{0,15})\.)?[1-9][0-9]{0,15}$/, { error: "cursor is not one this API returned" })
      .optional(),
    limit: z.coerce
      .number({ error: "limit must be a number" })
      .int({ error: "limit must be a whole number" })
      .min(1, { error: "limit must be at least 1" })
      .max(limits.pageSize, { error: `limit must be at most ${limits.pageSize}` })
      .default(20),
  })
  .superRefine((query, context) => {
    if (query.cursor !== undefined && query.cursor.includes(".") !== (query.sort === "top")) {
      context.addIssue({ code: "custom", path: ["cursor"], message: "cursor does not belong to this sort" });
    }
  })
  .transform(({ cursor, ...query }) => {
    if (cursor === undefined) return { ...query, cursor: undefined };
    const [first, second] = cursor.split(".").map(Number);
    const parsed: ThreadCursor = second === undefined ? { id: first ?? 0 } : { score: first, id: second };
    return { ...query, cursor: parsed };
  });

/** A reader's live connection to a page's thread (a WebSocket upgrade). */
export const liveQuerySchema = z.object({ page: pagePathSchema });

/** What changed in a page's thread since a revision that the thread read, a catch-up or a live event gave. */
export const repliesQuerySchema = z.object({
  page: pagePathSchema,
  /** The top-level comment whose replies to read on. */
  root: commentIdSchema,
  /** The `moreReplies` the thread read (or the previous answer) gave. */
  from: commentIdSchema,
});

/** A reader's report of a comment to the site's moderators. */
export const reportSchema = z.object({
  reason: z.enum(reportReasons, { error: `reason must be one of ${reportReasons.join(", ")}` }),
});

export const changesQuerySchema = z.object({
  page: pagePathSchema,
  since: z.coerce
    .number({ error: "since must be a number" })
    .int({ error: "since must be a whole number" })
    .min(0, { error: "since must be at least 0" })
    .max(Number.MAX_SAFE_INTEGER, { error: "since is not a revision this API returned" }),
  /** The revision the live connection said the thread is at: a cached answer older than it is read again. */
  upto: z.coerce
    .number({ error: "upto must be a number" })
    .int({ error: "upto must be a whole number" })
    .min(0, { error: "upto must be at least 0" })
    .max(Number.MAX_SAFE_INTEGER, { error: "upto is not a revision this API returned" })
    .optional(),
});

export const countsQuerySchema = z.object({
  page: z
    .array(pagePathSchema)
    .min(1, { error: "give at least one page" })
    .max(limits.countsPerRequest, { error: `at most ${limits.countsPerRequest} pages per request` }),
});

export const newCommentSchema = z.object({
  page: pagePathSchema,
  pageTitle: optionalText(trimmedText(limits.pageTitle, "pageTitle")),
  pageUrl: optionalText(httpUrl(limits.pageUrl, "pageUrl")),
  parentId: commentIdSchema.optional(),
  authorName: trimmedText(limits.authorName, "name").min(1, { error: "name is required" }),
  authorEmail: optionalText(
    z
      .string()
      .trim()
      .max(limits.authorEmail, { error: `email must be at most ${limits.authorEmail} characters` })
      .pipe(z.email({ error: "email is not a valid address" })),
  ),
  authorWebsite: optionalText(httpUrl(limits.authorWebsite, "website")),
  body: z
    .string({ error: "comment is required" })
    .max(limits.body * 2, { error: `comment must be at most ${limits.body} characters` })
    .transform((value) => value.replace(/\r\n?/g, "\n").trim())
    .pipe(
      z
        .string()
        .min(1, { error: "comment is required" })
        .max(limits.body, { error: `comment must be at most ${limits.body} characters` }),
    ),
  idempotencyKey: z
    .string({ error: "idempotencyKey is required" })
    .regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "idempotencyKey must be 16-64 letters, digits, _ or -" }),
  formToken: z
    .string({ error: "formToken is required: get one from GET /api/sites/:site/form" })
    .min(1, { error: "formToken is required: get one from GET /api/sites/:site/form" })
    .max(200, { error: "formToken is not one this API issued" }),
  /** The honeypot: a field people never see, so never fill in. */
  trap: z.string().max(1_000, { error: "trap must be empty" }).optional(),
  turnstileToken: z.string().max(4_096, { error: "turnstileToken is too long" }).optional(),
  /** Email the author when someone replies (needs `authorEmail`; confirmed once by email). */
  notifyReplies: z.boolean({ error: "notifyReplies must be true or false" }).optional(),
});
export type NewComment = z.input<typeof newCommentSchema>;

export const formQuerySchema = z.object({ page: pagePathSchema });

/** What the comment form needs before a reader can post. */
export interface FormBody {
  /** Signed proof of when the form was shown; send it back as `formToken`, once. */
  formToken: string;
  /** Set when the site asks readers to pass a Cloudflare Turnstile challenge. */
  turnstileSiteKey: string | null;
  /** Whether the form may offer reply notifications by email (the deployment sends email). */
  notifications: boolean;
  /** The accounts readers may sign in with on this site (none: guests only, or the site's own SSO). */
  signIn: SignInChoice[];
  /** Whether only signed-in readers may comment on this page (the site's or the thread's setting). */
  signInRequired: boolean;
}

/** The token in a confirmation or unsubscribe link of an email. */
export const mailLinkQuerySchema = z.object({
  token: z
    .string({ error: "token is required" })
    .regex(/^[A-Za-z0-9_-]{43}$/, { error: "token is not one of our links" }),
});

/** The link in a reply email that stops emails about replies to one comment. */
export const muteLinkQuerySchema = mailLinkQuerySchema.extend({
  site: siteIdSchema,
  comment: commentIdSchema,
});

/** The token of a one-click moderation link in a webhook alert (worker/alerts/links.ts). */
export const alertLinkQuerySchema = z.object({
  token: z
    .string({ error: "token is required" })
    .regex(/^[A-Za-z0-9_-]{20,400}\.[A-Za-z0-9_-]{43}$/, { error: "token is not one of our links" }),
});

/** A Webmention as senders post it (form-encoded, W3C Webmention 3.2.1). */
export const webmentionSchema = z.object({
  source: z.string({ error: "source is required" }).trim().min(1, { error: "source is required" }).max(2000),
  target: z.string({ error: "target is required" }).trim().min(1, { error: "target is required" }).max(2000),
});

/** The token in a Webmention's status address. */
export const webmentionIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22,32}$/, { error: "is not a status this endpoint gave" });

/** A site's SSO token, as its server signed it for its logged-in user. */
export const ssoSignInSchema = z.object({
  token: z
    .string({ error: "token is required" })
    .max(4096, { error: "token must be at most 4096 characters" })
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { error: "token must be a signed JWT" }),
});

/**
 * A reader's popup starting to sign in with a provider: the origin of the page that opened it (the
 * result goes back there only, so it must be one of the site's) and that page's nonce.
 */
export const signInStartQuerySchema = z.object({
  origin: z
    .string({ error: "origin is required" })
    .max(300)
    .refine((value) => URL.canParse(value) && new URL(value).origin === value, {
      error: "origin must be an origin such as https://blog.example",
    }),
  nonce: z.string({ error: "nonce is required" }).regex(/^[A-Za-z0-9_-]{16,64}$/, {
    error: "nonce must be 16-64 letters, digits, _ or -",
  }),
  /** For Mastodon: the reader's server, as they typed it (`mastodon.social`, `@me@mastodon.social`). */
  instance: z.string().max(300, { error: "instance must be at most 300 characters" }).optional(),
});

/** A provider's answer to a sign-in (OAuth 2.0 redirect): a code, or an error, with the state it was sent. */
export const signInCallbackQuerySchema = z.object({
  state: z.string({ error: "state is required" }).min(1).max(200),
  code: z.string().min(1).max(2000).optional(),
  error: z.string().max(200).optional(),
});

/** A reader's session token (header `X-Chorus-Session`), as `POST sso` gave it. */
export const readerSessionSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, { error: "is not a session this site gave" });

/** A signed-in reader as the widget shows them. */
export interface SignedInReader {
  session: string;
  expiresAt: string;
  reader: { name: string; role: "reader" | "staff"; provider: string };
}

/** An email address someone gives (required), lowercased. */
export const emailAddress = z
  .string({ error: "email is required" })
  .trim()
  .max(limits.authorEmail, { error: `email must be at most ${limits.authorEmail} characters` })
  .pipe(z.email({ error: "email is not a valid address" }))
  .transform((email) => email.toLowerCase());

const browserSecret = z
  .string({ error: "browserSecret is required" })
  .regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "browserSecret must be 16-64 letters, digits, _ or -" });

/**
 * A reader asking for a sign-in link by email: their address and name, the page to come back to (on
 * one of the site's origins), and a secret their browser keeps, without which the link signs nobody in.
 */
export const emailSignInSchema = z.object({
  email: emailAddress,
  name: trimmedText(limits.authorName, "name").min(1, { error: "name is required" }),
  returnUrl: httpUrl(limits.pageUrl, "returnUrl"),
  browserSecret,
});

/** The link's code, brought back by the page it opened, with the secret of the browser that asked. */
export const emailSignInFinishSchema = z.object({
  code: z.string({ error: "code is required" }).regex(/^[A-Za-z0-9_-]{43}$/, { error: "code is not a sign-in link's" }),
  browserSecret,
});

/** A signed-in reader deleting their account: their comments kept (signed "deleted account") or erased. */
export const deleteAccountSchema = z.object({
  comments: z.enum(["keep", "erase"], { error: "comments must be keep or erase" }),
});

/** An account provider a site's readers can sign in with: `GET sign-in/KIND` opens it in a popup. */
export interface SignInChoice {
  /** A provider's kind, or `email` for a sign-in link sent by email. */
  kind: SignInProviderKind | "email";
  label: string;
}

export const readerKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, { error: "X-Chorus-Reader must be 16-64 letters, digits, _ or -" });

/** A comment as any reader may see it. `removed` comments keep their place for their replies. */
export interface PublicComment {
  id: number;
  parentId: number | null;
  authorName: string;
  authorWebsite: string | null;
  bodyHtml: string;
  createdAt: string;
  status: "published" | "pending" | "removed";
  /** Pinned by a moderator: shown first. */
  pinned: boolean;
  /** The site's staff label (such as "Staff") on a reply a moderator wrote as staff. */
  badge: string | null;
  replies: PublicComment[];
  /** Readers' reactions to it, by kind (kinds nobody gave are left out). */
  reactions?: ReactionCounts;
  /** The reaction this reader gave it, if any. */
  myReaction?: ReactionKind | null;
  /** When its author last edited it, if ever. */
  editedAt?: string | null;
  /**
   * How its author signed in (`github`, `google`, `microsoft`, `mastodon`, `oidc`, `email`, `sso`),
   * never with what address; absent for a guest.
   */
  signedInWith?: string;
  /** 8 hex characters keyed from its author's name and email, for an identicon; not reversible. */
  avatar?: string | null;
  /**
   * On a top-level comment with more published replies than one read returns: read on with
   * `GET replies?page=&root=<its id>&from=<this>`.
   */
  moreReplies?: number;
}

export interface ThreadPage {
  thread: {
    page: string;
    title: string | null;
    closed: boolean;
    commentCount: number;
    /** Readers' reactions to the page itself (and likes and reposts from other sites), and this reader's. */
    reactions?: PageReactions;
    myReaction?: ReactionKind | null;
    /** Where the thread's changes stand: ask for changes `since` it to catch up. */
    revision: number;
  };
  comments: PublicComment[];
  nextCursor: string | null;
}

/** The first message of a live connection: the latest revision its thread's room has sent (null: none since it started). */
export interface LiveHello {
  hello: { revision: number | null };
}

/**
 * What changed in a thread: the catch-up's answer, and the body of every live event. Each changed
 * comment as the reader sees it (flat: replies arrive as comments of their own with a `parentId`;
 * `removed` when the reader may no longer see it), and the thread as it is now.
 */
/** More published replies under a top-level comment, flat, with the hidden comments they hang from as `removed`. */
export interface MoreReplies {
  comments: PublicComment[];
  /** Where to read on from, or null when these were the last. */
  moreReplies: number | null;
}

export interface ThreadChanges {
  thread: { page: string; closed: boolean; commentCount: number; reactions: ReactionCounts };
  comments: PublicComment[];
  /** Ask for changes since this next time. */
  revision: number;
  /** False when more changed than one answer carries: read the thread again instead. */
  complete: boolean;
}

export interface PostedComment {
  comment: PublicComment;
  commentCount: number;
  /** True when this text was already received from this author moments ago; `comment` is that one. */
  alreadyReceived?: boolean;
  /** Proves the author's later edits and deletes; given once, at post time (never on a replay). */
  editSecret?: string;
  /** Until when (ISO time) the author may edit or delete the comment with `editSecret`. */
  editableUntil?: string;
  /**
   * With `notifyReplies`: "confirmation_sent" (check your inbox), "pending" (a confirmation went out
   * earlier today) or "confirmed" (replies will be emailed).
   */
  notifications?: "confirmation_sent" | "pending" | "confirmed";
}

export interface Counts {
  counts: Record<string, number>;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[] };
}

export const bookmarkSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,200}$/, { error: "is not a bookmark this API returned" });

export const loginSchema = z.object({
  email: z.email({ error: "email is not a valid address" }).max(limits.authorEmail),
  password: z
    .string({ error: "password is required" })
    .min(1, { error: "password is required" })
    .max(1024, { error: "password must be at most 1024 characters" }),
});

export interface SessionBody {
  moderator: { id: number; email: string; displayName: string };
  csrfToken: string;
  sites: { id: string; name: string; role: "owner" | "moderator" }[];
}

export type ReactionCounts = Partial<Record<ReactionKind, number>>;

/** Someone who liked or reposted the page on their own site (a Webmention), shown as a face. */
export interface ReactionFromElsewhere {
  kind: "like" | "repost";
  name: string;
  /** Their photo (https only), or null. */
  photo: string | null;
  /** Where they liked or reposted it. */
  url: string;
}

/**
 * The page's reactions: readers' counts by kind, and what happens elsewhere: the likes and reposts
 * from other sites (at most 20 faces, with their totals), and the Mastodon post the page is discussed
 * under, where readers can reply too.
 */
export type PageReactions = ReactionCounts & {
  elsewhere?: { likes: number; reposts: number; people: ReactionFromElsewhere[]; fediverse: string | null };
};

/** A reader sets (or, with `kind: null`, takes back) their one reaction to a comment or, without `commentId`, to the page. */
export const reactionSchema = z.object({
  page: pagePathSchema,
  commentId: commentIdSchema.optional(),
  kind: z.enum(reactionKinds, { error: "kind must be one of like, love, laugh, think" }).nullable(),
});

export interface ReactionResult {
  reactions: ReactionCounts;
  myReaction: ReactionKind | null;
}

const editSecretSchema = z
  .string({ error: "secret is required" })
  .regex(/^[A-Za-z0-9_-]{16,100}$/, { error: "secret is not one this API issued" });

/** An author edits their comment within the site's edit window. */
export const commentEditSchema = z.object({
  secret: editSecretSchema,
  body: newCommentSchema.shape.body,
});

/** An author deletes their comment within the site's edit window. */
export const commentDeleteSchema = z.object({ secret: editSecretSchema });

export interface EditedComment {
  comment: PublicComment;
  commentCount: number;
}

/** A draft to render as it would be shown, before posting. */
export const previewSchema = z.object({ body: newCommentSchema.shape.body });

export interface PreviewBody {
  bodyHtml: string;
}

export const feedQuerySchema = z.object({ page: pagePathSchema.optional() });
