/**
 * What happens to a new comment: the gates (honeypot, form token, bans), duplicate detection and the
 * spam pipeline, ending in a decision. No HTTP and no D1 here: the route reads the context in one
 * batch, calls `decideIntake`, and stores or answers accordingly.
 */
import type { IntakeContext } from "./db/comments";
import type { CommentStatus, Site, StoredReason } from "./db/schema";
import { PrefetchedClassifierState } from "./db/spam-model";
import { type DuplicateMatch, type Fingerprint, findDuplicate } from "./duplicates";
import { type AkismetVerdict, assessComment, defaultSpamSettings, type SpamSettings } from "./spam";
import type { FormTokenProblem } from "./spam/form-token";

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
