/**
 * The moderator console's HTTP contract, in zod. The console bundle imports the types only.
 * Every route is under /api/admin and needs a session; changes need the `X-CSRF-Token` header.
 */
import { z } from "zod";
import { signInProviderBrands } from "../../common/provider-brands";
import {
  type AlertEvent,
  alertEvents,
  banKinds,
  type DuplicateKind,
  limits,
  type ReportReason,
  type SignInProviderKind,
  signInProviderKinds,
  type WebhookFormat,
  webhookFormats,
} from "../../common/vocabulary";
import { outboundAddressProblem } from "../lib/outbound";
import { commentIdSchema, emailAddress, httpUrl, pagePathSchema } from "./schemas";

export const queues = ["held", "reported", "spam", "duplicates", "deleted", "all"] as const;
export type Queue = (typeof queues)[number];

export const commentListQuerySchema = z.object({
  queue: z.enum(queues, { error: `queue must be one of ${queues.join(", ")}` }).default("held"),
  /** Words in the text or the author's name. */
  q: z.string().trim().max(200, { error: "q must be at most 200 characters" }).optional(),
  email: z.string().trim().max(limits.authorEmail).optional(),
  ipHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: "ipHash must be 64 hex characters" })
    .optional(),
  page: pagePathSchema.optional(),
  /** ISO dates (inclusive) bounding when the comment was posted. */
  from: z.iso.date({ error: "from must be a date such as 2026-11-01" }).optional(),
  to: z.iso.date({ error: "to must be a date such as 2026-11-30" }).optional(),
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, { error: "cursor is not one this API returned" })
    .transform(Number)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200, { error: "limit must be at most 200" }).default(50),
});

export const commentActions = ["approve", "spam", "not_spam", "delete", "restore", "purge", "pin", "unpin"] as const;
export type CommentAction = (typeof commentActions)[number];

export const maxBulk = 500;

export const commentActionSchema = z.object({
  action: z.enum(commentActions, { error: `action must be one of ${commentActions.join(", ")}` }),
  ids: z
    .array(commentIdSchema)
    .min(1, { error: "select at least one comment" })
    .max(maxBulk, { error: `at most ${maxBulk} comments at once` }),
});

export const banSchema = z
  .object({
    kind: z.enum(banKinds, { error: "kind must be email, email_domain, ip_hash or identity" }),
    value: z.string().trim().toLowerCase().min(1, { error: "value is required" }).max(254),
  })
  .refine(
    (ban) =>
      ban.kind === "email"
        ? z.email().safeParse(ban.value).success
        : ban.kind === "email_domain"
          ? /^[a-z0-9.-]+\.[a-z]{2,}$/.test(ban.value)
          : ban.kind === "identity"
            ? /^[1-9][0-9]{0,14}$/.test(ban.value)
            : /^[0-9a-f]{64}$/.test(ban.value),
    { error: "value does not fit the kind of ban", path: ["value"] },
  );

export const trustSchema = z.object({ email: z.email({ error: "email is not a valid address" }).toLowerCase() });

/** A moderator's change to a thread: closed or reopened, and its title and address corrected. */
export const threadStateSchema = z
  .object({
    page: pagePathSchema,
    closed: z.boolean().optional(),
    title: z.string().trim().min(1, { error: "title must not be empty" }).max(limits.pageTitle).optional(),
    url: httpUrl(limits.pageUrl, "url").optional(),
    /** A Mastodon (or Mastodon-API) status whose public replies show in the thread; null stops it. */
    fediverse: httpUrl(limits.pageUrl, "fediverse")
      .refine((address) => /\/\d{1,30}\/?$/.test(new URL(address).pathname), {
        error: "fediverse must be a status address such as https://mastodon.example/@you/1122334455",
      })
      .nullable()
      .optional(),
    /** Whether only signed-in readers may comment in this thread, whatever the site's setting. */
    requireSignIn: z.boolean({ error: "requireSignIn must be true or false" }).optional(),
  })
  .refine(
    (change) =>
      change.closed !== undefined ||
      change.title !== undefined ||
      change.url !== undefined ||
      change.fediverse !== undefined ||
      change.requireSignIn !== undefined,
    { error: "give closed, title, url, fediverse or requireSignIn", path: ["closed"] },
  );

export const staffReplySchema = z.object({
  parentId: commentIdSchema,
  body: z
    .string()
    .transform((value) => value.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().min(1, { error: "comment is required" }).max(limits.body)),
});

const thresholdSchema = z.number().min(0).max(1);
const listSchema = z.array(z.string().trim().toLowerCase().min(1).max(254)).max(1_000);

/** The query parameters that identify a page on a site, such as WordPress's `p` and `page_id`. */
export const pageParamsSchema = z
  .array(
    z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, {
      error: "each page parameter must be 1-40 letters, digits, _, . or -",
    }),
  )
  .max(10, { error: "pageParams takes at most 10 names" })
  .transform((names) => [...new Set(names)]);

export const settingsSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    allowedOrigins: z
      .array(
        z.url({
          protocol: /^https?$/,
          error: "each origin must be an http(s) address such as https://blog.example",
        }),
      )
      .min(1, { error: "give at least one origin" })
      .max(20)
      .transform((origins) => origins.map((origin) => new URL(origin).origin)),
    /** The query parameters that identify a page (`?p=4`); every other is dropped. Absent keeps them as they are. */
    pageParams: pageParamsSchema.optional(),
    moderationMode: z.enum(["publish", "hold_first", "hold_all"]),
    banAction: z.enum(["spam", "reject"]),
    staffLabel: z.string().trim().min(1).max(40),
    autoCloseDays: z.number().int().min(1).max(36_500).nullable(),
    /** Gravatar images for authors with an email (off: generated identicons); absent keeps it as it is. */
    gravatar: z.boolean({ error: "gravatar must be true or false" }).optional(),
    /** A daily email of new and held comments to the site's owners; absent keeps it as it is. */
    ownerDigest: z.boolean({ error: "ownerDigest must be true or false" }).optional(),
    /** Replies from elsewhere (Webmentions, pingbacks, fediverse replies) wait for a moderator; absent keeps it as it is. */
    holdMentions: z.boolean({ error: "holdMentions must be true or false" }).optional(),
    /** Listing pages' counts include replies from elsewhere; absent keeps it as it is. */
    countMentions: z.boolean({ error: "countMentions must be true or false" }).optional(),
    requireSignIn: z.boolean({ error: "requireSignIn must be true or false" }).optional(),
    emailSignIn: z.boolean({ error: "emailSignIn must be true or false" }).optional(),
    holdAbove: thresholdSchema,
    spamAbove: thresholdSchema,
    /** Links (outside the allowed domains) from which a comment is held; absent: 2. */
    linksToHold: z
      .number({ error: "linksToHold must be a whole number from 1 to 50" })
      .int({ error: "linksToHold must be a whole number from 1 to 50" })
      .min(1, { error: "linksToHold must be a whole number from 1 to 50" })
      .max(50, { error: "linksToHold must be a whole number from 1 to 50" })
      .default(2),
    /** The weight of readers' reports that holds a published comment (a report weighs at most 1); absent keeps it. */
    reportThreshold: z
      .number({ error: "reportThreshold must be a number from 1 to 100" })
      .min(1, { error: "reportThreshold must be a number from 1 to 100" })
      .max(100, { error: "reportThreshold must be a number from 1 to 100" })
      .optional(),
    /** Whether the shipped cold-start spam prior counts for this site; absent: off. */
    spamPrior: z.boolean({ error: "spamPrior must be true or false" }).default(false),
    blocked: z.object({ words: listSchema, domains: listSchema, emails: listSchema, ipHashes: listSchema }),
    allowed: z.object({ domains: listSchema, emails: listSchema, ipHashes: listSchema }),
    turnstileSiteKey: z.string().trim().max(200).nullable(),
    /** Write-only: null clears it, a string sets it, absent keeps it. */
    turnstileSecret: z.string().trim().max(200).nullable().optional(),
    akismetKey: z.string().trim().max(200).nullable().optional(),
  })
  .refine((settings) => settings.holdAbove < settings.spamAbove, {
    error: "holdAbove must be below spamAbove",
    path: ["holdAbove"],
  });

/** A comment as moderators see it: everything, including the private fields and the verdict's reasons. */
export interface ModeratedComment {
  id: number;
  page: string;
  pageTitle: string | null;
  parentId: number | null;
  authorName: string;
  authorEmail: string | null;
  authorWebsite: string | null;
  /** For a Webmention with the hash of its source's host in place of an IP hash; for a fediverse reply, its server's. */
  ipHash: string | null;
  /** For a reply written elsewhere (Webmention, pingback, fediverse): the page it was written on. */
  mentionSource: string | null;
  /** The account its author was signed in with, if any: ban it by its id (ban kind `identity`). */
  identity: { id: number; provider: string; name: string } | null;
  body: string;
  bodyHtml: string;
  status: "published" | "pending" | "spam" | "deleted";
  spamScore: number | null;
  reasons: { check: string; score: number; detail?: string; holds?: boolean }[];
  duplicate: { of: number; kind: DuplicateKind; similarity: number } | null;
  pinned: boolean;
  staff: boolean;
  createdAt: string;
  deletedAt: string | null;
  /** Readers' reports a moderator has not acted on yet: how many for each reason, and their weight. */
  reports: { weight: number; reasons: Partial<Record<ReportReason, number>> } | null;
}

/** A site's last 30 days, as the console's dashboard shows them. */
export interface Dashboard {
  /** Comments posted each UTC day, oldest first, by where they are now (a duplicate counts also under its status). */
  days: { day: string; published: number; held: number; spam: number; duplicates: number }[];
  /** Of the comments held or marked spam when posted: how many each layer of checks scored on (rules, classifier, lists, gate, ban…). */
  layers: { layer: string; caught: number }[];
  /** What waits for a moderator now. */
  waiting: { held: number; oldestHours: number | null; medianHours: number | null };
  /**
   * The automatic verdict against moderators' decisions on the same comments: held or marked spam and
   * confirmed spam (`caught`) or approved (`overruledCaught`); published and then marked spam
   * (`missed`) or approved (`confirmed`).
   */
  verdicts: { caught: number; overruledCaught: number; missed: number; confirmed: number };
  /** The threads with the most published comments. */
  busiest: { page: string; title: string | null; comments: number }[];
}

export interface CommentList {
  comments: ModeratedComment[];
  nextCursor: string | null;
  /** Comments waiting in each queue, for the console's tabs. */
  queueSizes: { held: number; reported: number; spam: number; duplicates: number };
}

export interface DuplicateCluster {
  original: ModeratedComment;
  copies: ModeratedComment[];
}

export interface ActionResult {
  action: CommentAction;
  changed: number[];
}

export interface Settings
  extends Omit<z.output<typeof settingsSchema>, "turnstileSecret" | "akismetKey" | "pageParams" | "reportThreshold"> {
  pageParams: string[];
  reportThreshold: number;
  /** Whether a secret is set; secrets are never sent back. */
  turnstileSecretSet: boolean;
  /** Whether the site signs readers in with its own accounts (an SSO secret or a JWKS address is set). */
  ssoOn: boolean;
  /** Where the site publishes the keys of its RS256/ES256 sign-in tokens, if it does. */
  ssoJwksUrl: string | null;
  akismetKeySet: boolean;
}

export interface AuditEntry {
  id: number;
  moderator: string | null;
  action: string;
  commentIds: number[];
  detail: Record<string, unknown>;
  createdAt: string;
}

/** A page of the audit log: the entries before `cursor` (an entry id this API returned). */
export const auditQuerySchema = z.object({
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, { error: "cursor is not one this API returned" })
    .transform(Number)
    .optional(),
});

/** A request about one person: the email their comments were written with. */
export const personRequestSchema = z.object({ email: emailAddress });

/**
 * A webhook's address: https, or http on this machine's loopback (a local receiver). Chat services'
 * addresses carry their own secret (Slack's and Discord's paths, Telegram's bot token).
 */
const webhookUrl = z
  .url({ protocol: /^https?$/, error: "url must be an http(s) address" })
  .max(2000, { error: "url must be at most 2000 characters" })
  .refine((url) => outboundAddressProblem(url) === null, { error: "url must be https (http only for localhost)" });

/** A new webhook: where, in which format, for which events, and whether alerts carry the author's email. */
export const webhookSchema = z
  .object({
    url: webhookUrl,
    format: z.enum(webhookFormats, { error: `format must be one of ${webhookFormats.join(", ")}` }),
    events: z
      .array(z.enum(alertEvents, { error: `each event must be one of ${alertEvents.join(", ")}` }))
      .min(1, { error: "choose at least one event" })
      .transform((events) => [...new Set(events)]),
    telegramChatId: z
      .string()
      .trim()
      .regex(/^(-?[0-9]{1,20}|@[A-Za-z0-9_]{5,32})$/, { error: "telegramChatId must be a chat id or @channel" })
      .optional(),
    includeEmail: z.boolean().default(false),
  })
  .refine((webhook) => webhook.format !== "telegram" || webhook.telegramChatId !== undefined, {
    path: ["telegramChatId"],
    error: "a Telegram webhook needs the chat id",
  });

export const webhookIdSchema = z.coerce
  .number({ error: "must be a webhook id" })
  .int({ error: "must be a webhook id" })
  .positive({ error: "must be a webhook id" })
  .max(Number.MAX_SAFE_INTEGER, { error: "must be a webhook id" });

/**
 * An account provider for readers' sign-in, as an owner sets it: the client they registered with the
 * provider (its redirect address is `/api/sign-in/callback` of this deployment), the button's label,
 * and for `oidc` the issuer (https; http only for localhost), for `microsoft` the tenant (default
 * `common`: any Microsoft account). `mastodon` needs nothing: Chorus registers its app on each
 * reader's instance itself.
 */
export const signInProviderSchema = z
  .object({
    kind: z.enum(signInProviderKinds, { error: `kind must be one of ${signInProviderKinds.join(", ")}` }),
    label: z
      .string()
      .trim()
      .min(1, { error: "label must not be empty" })
      .max(40, { error: "label must be at most 40 characters" })
      .optional(),
    clientId: z.string({ error: "clientId must be text" }).trim().max(300).optional(),
    clientSecret: z.string({ error: "clientSecret must be text" }).max(500).optional(),
    issuer: z.string().trim().max(300, { error: "issuer must be at most 300 characters" }).optional(),
  })
  .superRefine((provider, context) => {
    if (provider.kind === "mastodon") {
      // Chorus registers its own app on each reader's instance: no client to give.
      for (const field of ["clientId", "clientSecret", "issuer"] as const) {
        if (provider[field])
          context.addIssue({ code: "custom", path: [field], message: `${field} is not needed for Mastodon` });
      }
      return;
    }
    for (const field of ["clientId", "clientSecret"] as const) {
      if (!provider[field]) context.addIssue({ code: "custom", path: [field], message: `${field} is required` });
    }
    if (provider.kind === "oidc") {
      const problem = provider.issuer
        ? outboundAddressProblem(provider.issuer)
        : "is required for an OpenID Connect provider";
      if (problem) context.addIssue({ code: "custom", path: ["issuer"], message: `issuer ${problem}` });
      if (!provider.label)
        context.addIssue({
          code: "custom",
          path: ["label"],
          message: "label is required for an OpenID Connect provider",
        });
    } else if (provider.kind === "microsoft") {
      if (provider.issuer !== undefined && !/^[A-Za-z0-9.-]{1,100}$/.test(provider.issuer)) {
        context.addIssue({
          code: "custom",
          path: ["issuer"],
          message: "issuer must be a Microsoft tenant (an id, a domain, or common)",
        });
      }
    } else if (provider.issuer !== undefined) {
      context.addIssue({ code: "custom", path: ["issuer"], message: `issuer is set by Chorus for ${provider.kind}` });
    }
  })
  .transform((provider) => ({
    ...provider,
    label: provider.label ?? providerLabels[provider.kind],
    clientId: provider.clientId ?? "",
    clientSecret: provider.clientSecret ?? "",
    issuer: provider.kind === "microsoft" ? (provider.issuer ?? "common") : (provider.issuer ?? null),
  }));

const providerLabels: Record<SignInProviderKind, string> = {
  ...signInProviderBrands,
  oidc: "OpenID Connect",
};

/** Where a site publishes the keys of its RS256/ES256 sign-in tokens (https; http only for localhost), or null for none. */
export const ssoJwksSchema = z.object({
  url: z
    .url({ protocol: /^https?$/, error: "url must be an http(s) address" })
    .max(2000, { error: "url must be at most 2000 characters" })
    .refine((url) => outboundAddressProblem(url) === null, { error: "url must be https (http only for localhost)" })
    .nullable(),
});

/** A sign-in provider as the console lists it (never its client secret). */
export interface SignInProviderEntry {
  id: number;
  kind: SignInProviderKind;
  label: string;
  clientId: string;
  issuer: string | null;
  createdAt: number;
}

/** A webhook as the console lists it (never its secret). */
export interface WebhookEntry {
  id: number;
  url: string;
  format: WebhookFormat;
  events: AlertEvent[];
  telegramChatId: string | null;
  includeEmail: boolean;
  createdAt: number;
}
