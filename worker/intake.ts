/**
 * What happens to a new comment: whether it may be taken at all (`admissionError`), then the gates
 * (honeypot, form token, bans), duplicate detection and the spam pipeline, ending in a decision. No
 * HTTP and no D1 here: the route reads the context in one batch, asks these, and stores or answers.
 */
import type { IntakeContext } from "./db/comments";
import type { CommentStatus, Site, StoredReason } from "./db/schema";
import { PrefetchedClassifierState } from "./db/spam-model";
import { type DuplicateMatch, type Fingerprint, findDuplicate } from "./duplicates";
import { ApiError } from "./errors";
import { isThreadClosed } from "./moderation";
import { type AkismetVerdict, assessComment, defaultSpamSettings, type SpamSettings } from "./spam";
import type { FormTokenCheck, FormTokenProblem } from "./spam/form-token";

/** A submission as the gates and checks see it. */
export interface Submission {
  body: string;
  authorName: string;
  authorEmail: string | null;
  authorWebsite: string | null;
  ipHash: string;
  /** The thread's id if the page has one already. */
  threadId: number | null;
  createdAt: number;
  normalized: string;
  fingerprint: Fingerprint;
  /** True when the hidden honeypot field was filled in, as only robots do. */
  honeypotFilled: boolean;
  /** Set when the form token was signed correctly but used too soon after the form was shown. */
  formTokenProblem: Extract<FormTokenProblem, "too_fast"> | null;
  akismet?: AkismetVerdict;
}

export type IntakeDecision =
  /** The same author posted the same text in the same thread moments ago: answer with that comment. */
  | { kind: "repeat"; duplicateOf: number }
  /** The author is banned and the site refuses their comments outright. */
  | { kind: "refuse" }
  | {
      kind: "store";
      status: CommentStatus;
      score: number;
      reasons: StoredReason[];
      duplicate: (DuplicateMatch & { duplicateOf: number }) | null;
    };

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

/**
 * Why a submission may not be taken at all, whatever it says: its form was already used, its author
 * posts too fast, the thread is closed, or it answers a comment its author cannot see in this
 * thread. Undefined when it may go on to the checks.
 */
export function admissionError(
  site: Site,
  context: IntakeContext,
  submission: { parentId: number | undefined; readerHash: string | null; token: FormTokenCheck; now: number },
): ApiError | undefined {
  if (submission.token.ok && !context.formTokenFresh) {
    return new ApiError(403, "form_token_used", "This form was already sent; reload it to post again", [
      { field: "formToken", message: "was already used" },
    ]);
  }
  if (context.rateLimited)
    return new ApiError(429, "rate_limited", "Too many comments in a short time; try again later");
  if (context.thread && isThreadClosed(context.thread, site, submission.now)) {
    return new ApiError(403, "thread_closed", "Comments are closed.");
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

export async function decideIntake(
  site: Site,
  context: IntakeContext,
  submission: Submission,
): Promise<IntakeDecision> {
  const match = findDuplicate(
    {
      thread: submission.threadId ?? -1,
      author: submission.authorEmail ?? submission.authorName,
      createdAt: submission.createdAt,
      normalized: submission.normalized,
      fingerprint: submission.fingerprint,
    },
    context.candidates,
  );
  const duplicate = match === null ? null : { ...match, duplicateOf: Number(match.duplicateOf) };
  if (duplicate?.scope === "repeat") return { kind: "repeat", duplicateOf: duplicate.duplicateOf };
  if (context.bans.length > 0 && site.banAction === "reject") return { kind: "refuse" };

  const assessment = await assessComment(
    {
      body: submission.body,
      authorName: submission.authorName,
      authorEmail: submission.authorEmail,
      authorWebsite: submission.authorWebsite,
      ipHash: submission.ipHash,
      approvedCommentsByEmail: context.approvedCommentsByEmail,
      duplicate: duplicate ?? undefined,
      akismet: submission.akismet,
    },
    new PrefetchedClassifierState(context.model),
    spamSettingsOf(site),
  );
  const gateReasons: StoredReason[] = [
    ...context.bans.map((ban) => ({ check: `ban.${ban.kind}`, score: 10, detail: ban.value })),
    ...(submission.honeypotFilled
      ? [{ check: "gate.honeypot", score: 10, detail: "the hidden field was filled in" }]
      : []),
    ...(submission.formTokenProblem === "too_fast"
      ? [{ check: "gate.too_fast", score: 10, detail: "sent less than 3 seconds after the form was shown" }]
      : []),
  ];
  let status: CommentStatus = gateReasons.length > 0 ? "spam" : statusOfVerdict[assessment.verdict];
  const reasons: StoredReason[] = [...gateReasons, ...assessment.reasons];
  if (status === "pending" && context.authorIsTrusted) {
    status = "published";
    reasons.push({ check: "moderation.trusted_author", score: 0, detail: "a moderator trusts this author" });
  }
  return { kind: "store", status, score: gateReasons.length > 0 ? 1 : assessment.score, reasons, duplicate };
}
