/**
 * What happens to a new comment: whether it may be taken at all (`admissionError`), then the gates
 * (bans, honeypot: decisive, so nothing more is analysed), duplicate detection and the spam
 * pipeline, ending in a decision. No HTTP and no
 * D1 here: the route prepares the comment (`prepareComment`), reads the context in one batch, asks
 * these, and stores or answers.
 */

import type { CommentStatus } from "../../common/vocabulary";
import type { PostingContext } from "../db/comments";
import type { Site, StoredReason } from "../db/schema";
import {
  type CandidateComment,
  type CommentId,
  comparableForm,
  type DuplicateMatch,
  type Fingerprint,
  findDuplicate,
} from "../duplicates";
import { ApiError, threadClosed } from "../http/errors";
import { isThreadClosed } from "../lib/moderation";
import {
  type AkismetVerdict,
  assessComment,
  type CommentContent,
  defaultSpamSettings,
  type ModelSnapshot,
  modelKeysFor,
  type Prior,
  type SpamSettings,
  shippedPrior,
} from "../spam";
import type { FormTokenCheck } from "./form-token";

/** A comment's body made ready for the checks once: its comparable form, fingerprint and model keys. */
export interface PreparedComment {
  normalized: string;
  fingerprint: Fingerprint;
  /** The classifier keys to read for it (`modelKeysFor`). */
  modelKeys: string[];
}

/** Prepares a comment for `decideIntake`: its comparable form (`comparableForm`) and its model keys. */
export function prepareComment(comment: CommentContent): PreparedComment {
  return { ...comparableForm(comment.body), modelKeys: modelKeysFor(comment) };
}

/** A submission as the gates and checks see it. */
export interface Submission extends CommentContent {
  authorEmail: string | null;
  authorWebsite: string | null;
  ipHash: string;
  /** The thread's id if the page has one already. */
  threadId: number | string | null;
  createdAt: number;
  prepared: PreparedComment;
  /** True when the hidden honeypot field was filled in, as only robots do. */
  honeypotFilled: boolean;
  akismet?: AkismetVerdict;
}

/** How a site judges new comments. */
export interface IntakePolicy {
  spam: SpamSettings;
  banAction: Site["banAction"];
  /** The cold-start prior, when the site uses it. */
  prior: Prior | null;
}

/** What the one read before the decision found: the author's standing, the models, the duplicate candidates. */
export interface IntakeFacts {
  /** Published comments by the author's email (or the account they signed in with) on this site. */
  approvedCommentsByEmail: number;
  authorIsTrusted: boolean;
  /** The bans that match the author's email, email domain, IP hash or signed-in account. */
  bans: readonly { kind: string; value: string }[];
  /** The site's model for the comment's keys. */
  model: ModelSnapshot;
  /** Earlier comments of the site that share duplicate keys with this one. */
  candidates: readonly CandidateComment[];
}

export type IntakeDecision =
  /** The same author posted the same text in the same thread moments ago: answer with that comment. */
  | { kind: "repeat"; duplicateOf: CommentId }
  /** The author is banned and the site refuses their comments outright. */
  | { kind: "refuse" }
  | {
      kind: "store";
      status: CommentStatus;
      score: number;
      reasons: StoredReason[];
      duplicate: DuplicateMatch | null;
    };

/** A site's policy: its spam settings over the defaults, its ban action, and the shipped prior if it uses it. */
export function intakePolicyOf(site: Site): IntakePolicy {
  const spam = spamSettingsOf(site);
  return { spam, banAction: site.banAction, prior: spam.prior ? shippedPrior : null };
}

/** The site's spam settings: stored values over the defaults, and the site's moderation mode. */
export function spamSettingsOf(site: Site): SpamSettings {
  const stored = site.spamSettings;
  return {
    ...defaultSpamSettings,
    ...stored,
    blocked: { ...defaultSpamSettings.blocked, ...stored.blocked },
    allowed: { ...defaultSpamSettings.allowed, ...stored.allowed },
    moderationMode: site.moderationMode,
  };
}

/** An author past the posting (or editing) limits. */
export const tooManyComments = () =>
  new ApiError(429, "rate_limited", "Too many comments in a short time; try again later");

/**
 * Why a submission may not be taken at all, whatever it says: its form was already used by another
 * submission (a claim by this submission's own key whose comment never came, as after a crash, is
 * this retry's to use: the idempotency key still stores it once), its author
 * posts too fast, the thread is closed, the site or thread takes signed-in readers only and this
 * one is not, or it answers a comment its author cannot see in this thread. Undefined when it may go
 * on to the checks.
 */
export function admissionError(
  site: Site,
  context: PostingContext,
  submission: {
    parentId: number | undefined;
    readerHash: string | null;
    token: FormTokenCheck;
    now: number;
    signedIn: boolean;
  },
): ApiError | undefined {
  if (submission.token.ok && !context.formTokenFresh && !context.formTokenUsedBySameKey) {
    return new ApiError(403, "form_token_used", "This form was already sent; reload it to post again", [
      { field: "formToken", message: "was already used" },
    ]);
  }
  if (context.rateLimited) return tooManyComments();
  if (context.thread && isThreadClosed(context.thread, site, submission.now)) return threadClosed();
  if (!submission.signedIn && (site.requireSignIn || context.thread?.requireSignIn)) {
    return new ApiError(401, "sign_in_required", "Only signed-in readers can comment here: sign in first");
  }
  if (submission.parentId === undefined) return undefined;
  const { parent } = context;
  const visibleToPoster =
    parent?.status === "published" ||
    (parent?.status === "pending" && submission.readerHash !== null && parent.readerHash === submission.readerHash);
  if (!parent || parent.threadId !== context.thread?.id || !visibleToPoster) {
    return new ApiError(404, "parent_not_found", "The comment you replied to is not in this thread", [
      { field: "parentId", message: "is not a comment in this thread" },
    ]);
  }
  return undefined;
}

const statusOfVerdict = { publish: "published", hold: "pending", spam: "spam" } as const;

/**
 * The decision about a new comment, from data only: the Worker calls it after its one read batch,
 * and the evaluations and benchmarks call it with the same kinds of data from memory. Pure.
 */
export function decideIntake(policy: IntakePolicy, facts: IntakeFacts, submission: Submission): IntakeDecision {
  if (facts.bans.length > 0 && policy.banAction === "reject") return { kind: "refuse" };
  const gateReasons: StoredReason[] = [
    ...facts.bans.map((ban) => ({ check: `ban.${ban.kind}`, score: 10, detail: ban.value })),
    ...(submission.honeypotFilled
      ? [{ check: "gate.honeypot", score: 10, detail: "the hidden field was filled in" }]
      : []),
  ];
  if (gateReasons.length > 0) return { kind: "store", status: "spam", score: 1, reasons: gateReasons, duplicate: null };

  const duplicate = findDuplicate(
    {
      thread: submission.threadId ?? -1,
      author: submission.authorEmail ?? submission.authorName,
      createdAt: submission.createdAt,
      normalized: submission.prepared.normalized,
      fingerprint: submission.prepared.fingerprint,
    },
    facts.candidates,
  );
  if (duplicate?.scope === "repeat") return { kind: "repeat", duplicateOf: duplicate.duplicateOf };
  const assessment = assessComment(
    {
      body: submission.body,
      authorName: submission.authorName,
      authorEmail: submission.authorEmail,
      authorWebsite: submission.authorWebsite,
      pageTitle: submission.pageTitle,
      ipHash: submission.ipHash,
      approvedCommentsByEmail: facts.approvedCommentsByEmail,
      duplicate: duplicate ?? undefined,
      akismet: submission.akismet,
    },
    { site: facts.model, prior: policy.prior },
    policy.spam,
  );
  let status: CommentStatus = statusOfVerdict[assessment.verdict];
  const reasons: StoredReason[] = [...assessment.reasons];
  if (status === "pending" && facts.authorIsTrusted) {
    status = "published";
    reasons.push({ check: "moderation.trusted_author", score: 0, detail: "a moderator trusts this author" });
  }
  return { kind: "store", status, score: assessment.score, reasons, duplicate };
}
