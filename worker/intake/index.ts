/**
 * Comment intake, in one home: every step between a reader's submission and a stored comment.
 *
 * `takeComment` (a new comment or reply) and `reviseComment` (an author's edit) run the same
 * sequence: prepare the text once, read everything the decision needs in one D1 batch, refuse what
 * may not be taken (`admissionError`), ask the outside services a site turned on (Turnstile,
 * Akismet), decide (`decideIntake`, pure, the code every evaluation runs) and store. They answer with
 * an outcome, never HTTP: the routes parse the request, call one of them and shape the answer.
 */
import type { z } from "zod";
import type { newCommentSchema } from "../api/schemas";
import type { ChangesRead } from "../db/changes";
import type { Database } from "../db/client";
import {
  awaitFirstAttempt,
  claimAndReadForPost,
  IdempotencyConflict,
  insertComment,
  readByIdempotencyKey,
  readComment,
  readForEdit,
} from "../db/comments";
import { statusAfterEdit, updateOwnComment } from "../db/edits";
import type { Comment, Identity, Site, Thread } from "../db/schema";
import { ApiError, notFound } from "../http/errors";
import { randomToken, sha256Hex } from "../lib/crypto";
import { renderMarkdown } from "../render/markdown";
import { checkWithAkismet } from "../spam/akismet";
import { admissionError, decideIntake, intakePolicyOf, prepareComment, tooManyComments } from "./decide";
import { defaultFormTokenAges, type FormTokenCheck, verifyFormToken } from "./form-token";
import { verifyTurnstile } from "./turnstile";

/** A new comment as the API parsed it. */
export type Posting = z.output<typeof newCommentSchema>;

/** What intake knows of the request a submission came in. */
export interface Sender {
  /** The hash of the reader's per-browser key, if it sent one. */
  readerHash: string | null;
  /** The salted hash of the sender's network. */
  ipHash: string;
  /** The sender's address as Cloudflare saw it, for Turnstile and Akismet. */
  connectingIp: string | undefined;
  userAgent: string | undefined;
  /** The reader's signed-in identity (`X-Chorus-Session`), if they signed in. */
  identity: Identity | null;
  /**
   * Where links to this deployment point (`PUBLIC_ORIGIN`, else the request's origin): the links in
   * webhook alerts, and Akismet's blog address when a site lists none.
   */
  publicOrigin: string;
}

/** What intake needs of the Worker: its database, its form-token secret, and the site's CORS gate. */
export interface IntakeDeps {
  db: Database;
  formTokenSecret: string;
  /** An Akismet-compatible endpoint in Akismet's place (`AKISMET_URL`), if the deployment sets one. */
  akismetUrl?: string;
  /** Throws unless the request's origin may write to `site` (called before anything is stored). */
  admitOrigin(site: Site): void;
}

/** A comment stored now, new or changed. `editSecret` lets its author change it within the site's edit window. */
export interface Stored {
  kind: "stored";
  site: Site;
  comment: Comment;
  commentCount: number;
  pageTitle: string | null;
  editSecret?: string;
  /** Alerts to the site's webhooks queued with it (a new comment held, spam or duplicate). */
  alertsQueued?: number;
}

type Refused = { kind: "refused"; error: ApiError };

/** Where a submission ended. `refused` carries the error to answer with; nothing was stored. */
export type IntakeOutcome =
  /** Stored now, with the new comment as live readers are sent it, read back by its insert. */
  | (Stored & { changes: ChangesRead })
  /** The same submission (its idempotency key) arrived before: its first result. */
  | { kind: "replayed"; site: Site; comment: Comment; commentCount: number }
  /** The same author posted the same text in the same thread moments ago: that comment. */
  | { kind: "repeat"; site: Site; comment: Comment; commentCount: number }
  | Refused;

/** A comment its author proved (by its edit secret) they may change, with its site and thread. */
export interface OwnComment {
  site: Site;
  comment: Comment;
  thread: Thread;
}

const refused = (error: ApiError) => ({ kind: "refused", error }) as const;

const banned = () => refused(new ApiError(403, "author_banned", "This site does not accept comments from you"));

/**
 * The address a new thread records for its page: the page's own address when it is on one of the
 * site's origins (without its hash or the query parameters that do not identify a page), else the
 * path on the site's first origin, so nobody can point a thread's feed and email links at an
 * address of their choosing.
 */
function threadAddress(site: Site, path: string, pageUrl: string | undefined): string | null {
  const url = pageUrl === undefined ? undefined : new URL(pageUrl);
  if (url && site.allowedOrigins.includes(url.origin)) {
    url.search = new URLSearchParams(
      [...url.searchParams].filter(([name]) => site.pageParams.includes(name)),
    ).toString();
    url.hash = "";
    return url.href;
  }
  const origin = site.allowedOrigins[0];
  return origin === undefined ? null : new URL(path, origin).href;
}

/** An earlier submission with the same idempotency key: its first result, if it really is the same submission. */
function replay(
  site: Site,
  submission: Posting,
  sender: Sender,
  comment: Comment,
  commentCount: number,
): IntakeOutcome {
  const sameSubmission =
    comment.body === submission.body &&
    comment.parentId === (submission.parentId ?? null) &&
    comment.readerHash === sender.readerHash;
  if (!sameSubmission) {
    return refused(
      new ApiError(422, "idempotency_key_reused", "This idempotency key was already used for another comment", [
        { field: "idempotencyKey", message: "was already used for another comment" },
      ]),
    );
  }
  return { kind: "replayed", site, comment, commentCount };
}

/** Refuses a form sent within seconds of appearing (425, with when to retry) or a token not issued here (403). */
function formTokenError(check: Exclude<FormTokenCheck, { ok: true }>): ApiError {
  if (check.reason === "too_fast") {
    return new ApiError(
      425,
      "form_too_fast",
      "Just a moment: the form was sent within seconds of appearing. Sending it again shortly…",
      [{ field: "formToken", message: `was issued less than 3 seconds ago; retry in ${check.waitMs} ms` }],
      { "Retry-After": String(Math.ceil(check.waitMs / 1000)) },
    );
  }
  return new ApiError(403, `form_token_${check.reason}`, "The comment form has expired; reload it and try again", [
    { field: "formToken", message: check.reason === "expired" ? "has expired" : "is not one this API issued" },
  ]);
}

/**
 * The checks by other services a site may turn on: Turnstile must pass (else refused), and Akismet's
 * verdict, if the site uses it, joins the spam pipeline's evidence.
 */
async function askOutsideServices(site: Site, submission: Posting, sender: Sender, akismetUrl: string | undefined) {
  if (site.turnstileSecret) {
    const passed =
      submission.turnstileToken !== undefined &&
      (await verifyTurnstile({
        secret: site.turnstileSecret,
        token: submission.turnstileToken,
        remoteIp: sender.connectingIp,
        idempotencyKey: submission.idempotencyKey,
        hostnames: site.allowedOrigins.map((origin) => new URL(origin).hostname),
      }));
    if (!passed) {
      return new ApiError(403, "turnstile_failed", "Please complete the challenge", [
        { field: "turnstileToken", message: "was not accepted" },
      ]);
    }
  }
  if (!site.akismetKey) return undefined;
  const answer = await checkWithAkismet(
    (request) => fetch(request),
    { apiKey: site.akismetKey, blogUrl: site.allowedOrigins[0] ?? sender.publicOrigin, endpoint: akismetUrl },
    {
      userIp: sender.connectingIp ?? "",
      userAgent: sender.userAgent,
      permalink: submission.pageUrl,
      authorName: submission.authorName,
      authorEmail: submission.authorEmail,
      authorWebsite: submission.authorWebsite,
      body: submission.body,
      isReply: submission.parentId !== undefined,
    },
  );
  return answer.ok ? answer.verdict : undefined;
}

/**
 * Takes a reader's new comment or reply to `page` of `siteId`. Two D1 round trips when it is
 * stored: one batch reads (and counts, and claims the form token) everything the decision needs,
 * one batch stores the comment.
 */
export async function takeComment(
  deps: IntakeDeps,
  siteId: string,
  submission: Posting,
  sender: Sender,
): Promise<IntakeOutcome> {
  const now = Date.now();
  const token = await verifyFormToken(deps.formTokenSecret, submission.formToken, siteId, submission.page, now);
  if (!token.ok) return refused(formTokenError(token));
  // A signed-in reader writes under their identity's name and (provider-verified) email.
  const { identity } = sender;
  const content = {
    ...submission,
    authorName: identity?.name ?? submission.authorName,
    authorEmail: identity ? identity.email : (submission.authorEmail?.toLowerCase() ?? null),
    authorWebsite: submission.authorWebsite ?? null,
  };
  const prepared = prepareComment(content);
  const { db } = deps;
  const context = await claimAndReadForPost(db, {
    siteId,
    path: submission.page,
    idempotencyKey: submission.idempotencyKey,
    parentId: submission.parentId,
    authorEmail: content.authorEmail ?? undefined,
    readerHash: sender.readerHash,
    identityId: identity?.id,
    ipHash: sender.ipHash,
    formTokenId: token.tokenId,
    formTokenExpiresAt: token.issuedAt + defaultFormTokenAges.maxAgeMs,
    modelKeys: prepared.modelKeys,
    duplicateKeys: prepared.fingerprint.keys,
    now,
  });
  const { site } = context;
  if (!site) return refused(notFound.site());
  deps.admitOrigin(site);
  const commentCount = context.thread?.commentCount ?? 0;
  if (context.earlier) return replay(site, submission, sender, context.earlier, commentCount);
  if (context.formTokenUsedBySameKey) {
    const first = await awaitFirstAttempt(db, siteId, submission.idempotencyKey);
    if (first) return replay(site, submission, sender, first.comment, first.commentCount);
  }
  const admission = admissionError(site, context, {
    parentId: submission.parentId,
    readerHash: sender.readerHash,
    token,
    now,
    signedIn: identity !== null,
  });
  if (admission) return refused(admission);
  const akismet = await askOutsideServices(site, submission, sender, deps.akismetUrl);
  if (akismet instanceof ApiError) return refused(akismet);
  const decision = decideIntake(intakePolicyOf(site), context, {
    ...content,
    pageTitle: context.thread?.title ?? submission.pageTitle ?? null,
    ipHash: sender.ipHash,
    threadId: context.thread?.id ?? null,
    createdAt: now,
    prepared,
    honeypotFilled: (submission.trap ?? "") !== "",
    akismet,
  });
  if (decision.kind === "refuse") return banned();
  if (decision.kind === "repeat") {
    const original = await readComment(db, siteId, Number(decision.duplicateOf));
    if (!original) return refused(notFound.thread());
    if (original.status !== "published" && (sender.readerHash === null || original.readerHash !== sender.readerHash)) {
      return refused(
        new ApiError(409, "already_received", "The same comment was posted here moments ago", [
          { field: "body", message: "repeats a comment posted moments ago" },
        ]),
      );
    }
    return { kind: "repeat", site, comment: original, commentCount };
  }
  // The site's own staff, signed in by the site, speak for it: published whatever the checks say.
  const verdict =
    identity?.role === "staff"
      ? {
          status: "published" as const,
          reasons: [
            ...decision.reasons,
            { check: "identity.staff", score: 0, detail: "signed in by the site as staff" },
          ],
        }
      : decision;
  const editSecret = site.editWindowMinutes > 0 ? randomToken(24) : undefined;
  try {
    const stored = await insertComment(db, {
      siteId,
      path: submission.page,
      pageTitle: submission.pageTitle ?? null,
      pageUrl: threadAddress(site, submission.page, submission.pageUrl),
      parent: context.parent,
      authorName: content.authorName,
      authorEmail: content.authorEmail,
      authorProven: identity ? identity.email !== null : context.emailProven,
      authorWebsite: content.authorWebsite,
      body: submission.body,
      bodyHtml: renderMarkdown(submission.body),
      status: verdict.status,
      readerHash: sender.readerHash,
      idempotencyKey: submission.idempotencyKey,
      ipHash: sender.ipHash,
      spamScore: decision.score,
      reasons: verdict.reasons,
      normalizedBody: prepared.normalized,
      duplicateKeys: prepared.fingerprint.keys,
      duplicate: decision.duplicate && { ...decision.duplicate, duplicateOf: Number(decision.duplicate.duplicateOf) },
      editSecretHash: editSecret ? await sha256Hex(editSecret) : null,
      notifyReplies: submission.notifyReplies === true,
      alertOrigin: sender.publicOrigin,
      identityId: identity?.id ?? null,
    });
    return { kind: "stored", site, ...stored, editSecret };
  } catch (error) {
    if (!(error instanceof IdempotencyConflict)) throw error;
    const stored = await readByIdempotencyKey(db, siteId, submission.idempotencyKey);
    if (!stored) throw error;
    return replay(site, submission, sender, stored.comment, stored.commentCount);
  }
}

/**
 * Takes an author's new text for their own comment (already proven by its edit secret): the same
 * read, counted as an edit and claiming no form token, and the same decision, without the
 * comment itself among the duplicate candidates. An edit can hold a comment, never release one.
 */
export async function reviseComment(
  db: Database,
  own: OwnComment,
  body: string,
  ipHash: string,
): Promise<Stored | Refused> {
  const { site, comment, thread } = own;
  const now = Date.now();
  const content = {
    body,
    authorName: comment.authorName,
    authorEmail: comment.authorEmail,
    authorWebsite: comment.authorWebsite,
  };
  const prepared = prepareComment(content);
  const context = await readForEdit(db, {
    siteId: site.id,
    path: thread.path,
    parentId: comment.parentId ?? undefined,
    authorEmail: comment.authorEmail ?? undefined,
    readerHash: comment.readerHash,
    identityId: comment.identityId ?? undefined,
    ipHash,
    modelKeys: prepared.modelKeys,
    duplicateKeys: prepared.fingerprint.keys,
    now,
  });
  if (context.rateLimited) return refused(tooManyComments());
  const decision = decideIntake(
    intakePolicyOf(site),
    { ...context, candidates: context.candidates.filter((candidate) => Number(candidate.id) !== comment.id) },
    {
      ...content,
      pageTitle: thread.title,
      ipHash,
      threadId: thread.id,
      createdAt: now,
      prepared,
      honeypotFilled: false,
    },
  );
  if (decision.kind === "refuse") return banned();
  if (decision.kind === "repeat") {
    return refused(
      new ApiError(409, "already_received", "You already posted this text here", [
        { field: "body", message: "repeats a comment you posted moments ago" },
      ]),
    );
  }
  const stored = await updateOwnComment(db, {
    comment,
    body,
    bodyHtml: renderMarkdown(body),
    normalizedBody: prepared.normalized,
    status: statusAfterEdit(comment.status, decision.status),
    spamScore: decision.score,
    reasons: decision.reasons,
    duplicateKeys: prepared.fingerprint.keys,
    editedAt: now,
  });
  return { kind: "stored", site, ...stored, pageTitle: thread.title };
}

/** A reply or mention written on another page, verified by the Webmention consumer (worker/mentions). */
export interface Mention {
  page: string;
  /** The target's address: the thread's page (null when the thread has none recorded). */
  pageUrl: string | null;
  source: string;
  authorName: string;
  authorWebsite: string | null;
  /** What its author wrote, as the decision judges it (without the link to where it was written). */
  text: string;
  /** The comment's Markdown: the text and where it was written, linked out. */
  body: string;
  /** Derived from source and target: a new mention of the same pair finds the comment it made. */
  idempotencyKey: string;
  /** Stands in for the sender's network: a hash of the source's host. */
  ipHash: string;
  alertOrigin: string;
  /** The comment it replies to in the thread (a fediverse reply to another reply), if any. */
  parentId?: number;
}

/**
 * Takes a verified mention through the same decision as a reader's comment (bans, duplicates, the
 * spam checks, the site's moderation mode), with no form token: the consumer verified the source
 * instead. A new mention of the same source and target updates its comment (which can hold it,
 * never release it). A site that holds replies from elsewhere (`hold_mentions`) holds what would be
 * published. Two D1 round trips, as a comment.
 */
export async function takeMention(db: Database, site: Site, mention: Mention): Promise<Stored | Refused> {
  const now = Date.now();
  // Judged on what its author wrote; their site is where the mention came from (verified), not a
  // link they added.
  const content = { body: mention.text, authorName: mention.authorName, authorEmail: null, authorWebsite: null };
  const prepared = prepareComment(content);
  const [context, earlier] = await Promise.all([
    readForEdit(db, {
      siteId: site.id,
      path: mention.page,
      parentId: mention.parentId,
      authorEmail: undefined,
      readerHash: null,
      ipHash: mention.ipHash,
      modelKeys: prepared.modelKeys,
      duplicateKeys: prepared.fingerprint.keys,
      now,
    }),
    readByIdempotencyKey(db, site.id, mention.idempotencyKey),
  ]);
  const decision = decideIntake(
    intakePolicyOf(site),
    {
      ...context,
      candidates: context.candidates.filter((candidate) => Number(candidate.id) !== earlier?.comment.id),
    },
    {
      ...content,
      pageTitle: context.thread?.title ?? null,
      ipHash: mention.ipHash,
      threadId: context.thread?.id ?? null,
      createdAt: now,
      prepared,
      honeypotFilled: false,
    },
  );
  if (decision.kind === "refuse") return banned();
  if (decision.kind === "repeat") {
    return refused(new ApiError(409, "already_received", "The same text is already in this thread"));
  }
  const held = site.holdMentions && decision.status === "published";
  const verdict = held
    ? {
        status: "pending" as const,
        reasons: [
          ...decision.reasons,
          { check: "mentions.held", score: 0, detail: "the site holds replies from elsewhere", holds: true },
        ],
      }
    : { status: decision.status, reasons: decision.reasons };
  if (earlier) {
    const stored = await updateOwnComment(db, {
      comment: earlier.comment,
      body: mention.body,
      bodyHtml: renderMarkdown(mention.body),
      normalizedBody: prepared.normalized,
      status: statusAfterEdit(earlier.comment.status, verdict.status),
      spamScore: decision.score,
      reasons: verdict.reasons,
      duplicateKeys: prepared.fingerprint.keys,
      editedAt: now,
    });
    return { kind: "stored", site, ...stored, pageTitle: context.thread?.title ?? null };
  }
  const stored = await insertComment(db, {
    siteId: site.id,
    path: mention.page,
    pageTitle: null,
    pageUrl: mention.pageUrl,
    parent: context.parent,
    authorName: mention.authorName,
    authorEmail: null,
    authorProven: false,
    authorWebsite: mention.authorWebsite,
    body: mention.body,
    bodyHtml: renderMarkdown(mention.body),
    status: verdict.status,
    readerHash: null,
    idempotencyKey: mention.idempotencyKey,
    ipHash: mention.ipHash,
    spamScore: decision.score,
    reasons: verdict.reasons,
    normalizedBody: prepared.normalized,
    duplicateKeys: prepared.fingerprint.keys,
    duplicate: decision.duplicate && { ...decision.duplicate, duplicateOf: Number(decision.duplicate.duplicateOf) },
    alertOrigin: mention.alertOrigin,
    mentionSource: mention.source,
  });
  return { kind: "stored", site, ...stored };
}
