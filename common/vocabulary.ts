/**
 * The words Chorus is built from: comment statuses, moderation modes, ban, duplicate and reaction
 * kinds, the limits on what a reader sends, where a reply sits, and how a page address names its
 * thread. Plain data and pure functions, with no zod, no drizzle and nothing of one runtime, so the
 * Worker, the console, the reader's widget and the CLIs all import the same values at runtime.
 */

/**
 * How a site moderates new comments: `publish` shows them at once; `hold_first` holds an author's
 * first comment on the site; `hold_all` holds every one.
 */
export const moderationModes = ["publish", "hold_first", "hold_all"] as const;
export type ModerationMode = (typeof moderationModes)[number];

/** `published` is shown and counted; `pending` waits for a moderator; `spam` is never shown; `deleted` is a placeholder. */
export const commentStatuses = ["published", "pending", "spam", "deleted"] as const;
export type CommentStatus = (typeof commentStatuses)[number];

/** What a ban is on, and what it does to a banned author's new comments. */
/** What a ban names: an email, an email domain, a network (IP hash), or a signed-in reader (their identity's id). */
export const banKinds = ["email", "email_domain", "ip_hash", "identity"] as const;
export type BanKind = (typeof banKinds)[number];
export const banActions = ["spam", "reject"] as const;

/** How a comment repeats an earlier one: the same text, nearly the same, or a passage of it. */
export const duplicateKinds = ["exact", "near", "partial"] as const;
export type DuplicateKind = (typeof duplicateKinds)[number];

/** The labels a moderator's decision teaches the spam classifier. */
export const trainingLabels = ["ham", "spam"] as const;

/** The orders a thread's top-level comments can be read in; replies always read oldest first. */
export const threadSorts = ["oldest", "newest", "top"] as const;
export type ThreadSort = (typeof threadSorts)[number];

/** The reactions a reader may give: 👍 ❤️ 😂 🤔. */
export const reactionKinds = ["like", "love", "laugh", "think"] as const;
export type ReactionKind = (typeof reactionKinds)[number];

/** Why a reader reports a comment to the site's moderators. */
export const reportReasons = ["spam", "abuse", "off_topic", "other"] as const;
export type ReportReason = (typeof reportReasons)[number];

/**
 * What a site's webhooks can be told of: a comment held, marked spam or caught as a duplicate on
 * arrival, a comment readers reported, and a daily digest.
 */
export const alertEvents = ["held", "spam", "duplicate", "reported", "digest"] as const;
export type AlertEvent = (typeof alertEvents)[number];

/** How a webhook's body is shaped: Chorus's signed JSON, or a chat service's incoming-message format. */
export const webhookFormats = ["json", "slack", "discord", "telegram"] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

/** What a signed-in reader is on a site: a reader, or one of the brand's own people (`staff`, shown with the staff label). */
export const identityRoleNames = ["reader", "staff"] as const;

/**
 * The accounts a site can let its readers sign in with (besides its own, site SSO): GitHub, Google and
 * Microsoft, Mastodon on any instance, and any OpenID Connect provider the site names (a brand's own:
 * Okta, Auth0, Entra, Keycloak).
 */
export const signInProviderKinds = ["github", "google", "microsoft", "mastodon", "oidc"] as const;
export type SignInProviderKind = (typeof signInProviderKinds)[number];

/** The longest each field of the comment form may be, in characters (the widget sets them as `maxlength`). */
export const fieldLimits = {
  authorName: 80,
  authorEmail: 254,
  authorWebsite: 200,
  body: 10_000,
} as const;

/**
 * Every limit on what a reader sends or reads at once. Built by a call marked pure so that a bundle
 * which only uses `fieldLimits` (the reader's embed) leaves the rest out.
 */
export const limits = /* @__PURE__ */ Object.assign({}, fieldLimits, {
  pagePath: 500,
  pageTitle: 300,
  pageUrl: 1_000,
  countsPerRequest: 50,
  pageSize: 50,
  /** Published replies under one top-level comment that one read returns; "Show more replies" reads on. */
  repliesPerRead: 50,
  /**
   * The deepest a reply may sit (a top-level comment is at depth 0). A reply to a comment at this
   * depth is stored beside it, under the same parent, as Isso and Remark42 flatten long chains.
   */
  replyDepth: 8,
} as const);

/** Where a reply to `parent` goes: under it, or beside it when it is already as deep as replies go. */
export function replyPlacement<Id>(parent: { id: Id; parentId: Id | null; rootId: Id | null; depth: number }): {
  parentId: Id;
  rootId: Id;
  depth: number;
} {
  const rootId = parent.rootId ?? parent.id;
  if (parent.depth < limits.replyDepth || parent.parentId === null) {
    return { parentId: parent.id, rootId, depth: parent.depth + 1 };
  }
  return { parentId: parent.parentId, rootId, depth: parent.depth };
}

/**
 * The query parameters that identify a page on a site that names none of its own: WordPress's plain
 * permalinks (`/?p=4` for a post, `/?page_id=2` for a page).
 */
export const defaultPageParams: readonly string[] = ["p", "page_id"];

/**
 * Turns a page address into the key of its thread, so that `/post/x`, `/post/x/`,
 * `/post/x/index.html`, `/post/x.html`, `/post/x?utm=1` and `https://blog.example/post/x#comments`
 * all name one thread (hosts such as Cloudflare Pages serve `/x.html` at `/x` too), while the query
 * parameters a site says identify a page (`pageParams`, by default WordPress's `p` and `page_id`)
 * stay, sorted by name: `/?p=4` and `/?p=6` are two posts. `"all"` keeps every parameter, for a
 * widget that does not know the site's list (the Worker narrows it). Pure and dependency-free: the
 * widget, the Worker and the importers share it.
 */
export function normalizePagePath(address: string, pageParams: readonly string[] | "all" = defaultPageParams): string {
  let url: URL | undefined;
  try {
    url = new URL(address.trim().replace(/^\/{2,}/, "/"), "https://page.invalid");
  } catch {
    // Not an address at all: it names the site's front page.
  }
  let path = (url?.pathname ?? "")
    .replace(/\/{2,}/g, "/")
    .replace(/\/index\.html?$/i, "/")
    .replace(/\.html?$/i, "");
  if (path.length > 1) path = path.replace(/\/+$/, "");
  if (!path.startsWith("/")) path = `/${path}`;
  const kept = [...(url?.searchParams ?? [])]
    .filter(([name, value]) => value !== "" && (pageParams === "all" || pageParams.includes(name)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return kept.length > 0 ? `${path}?${new URLSearchParams(kept)}` : path;
}

/**
 * The address of a page, for links in feeds and emails: its stored address if that is http(s) (the
 * API stores nothing else, but imported or hand-edited rows might), else its path on the site's home.
 */
export function pageAddress(path: string, storedUrl: string | null, home: string): string {
  const protocol = storedUrl ? URL.parse(storedUrl)?.protocol : undefined;
  return storedUrl && (protocol === "http:" || protocol === "https:") ? storedUrl : new URL(path, home).href;
}
