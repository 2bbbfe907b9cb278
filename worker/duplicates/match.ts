/**
 * Exact verification of candidates, and what a found duplicate means. Candidates come from index
 * keys, which only say "might be"; here every one is measured on its full shingle set.
 */
import type { DuplicateKind } from "../../common/vocabulary";
import type { Fingerprint } from "./fingerprint";
import { comparedPart, isLongEnough, sharedCount, shingleHashes, shingleSet } from "./shingles";

/**
 * Resemblance (Jaccard index of the shingle sets) from which two texts are near duplicates. With
 * five-character shingles, changing one word in n removes about 8.5 of every 5.5·n shingles from
 * each side, so resemblance is (5.5 - 8.5·f) / (5.5 + 8.5·f) for a fraction f of changed words:
 * 0.73 for one word in ten, 0.5 for one in five. In the YouTube Spam Collection, independently
 * written comments stay below 0.35; only spam templates and reworded memes come closer.
 */
export const NEAR_RESEMBLANCE = 0.5;

/**
 * Containment (share of the new comment's shingles found in the earlier one) from which a new
 * comment is a partial copy: a truncated repost or a copied passage. A verbatim copy scores 1; 0.8
 * still allows about one word in eight to differ, while independent comments rarely pass 0.6.
 */
export const PARTIAL_CONTAINMENT = 0.8;

/**
 * A part is at most this share of its source (by shingles). A contained comment that is larger is
 * the source nearly whole, and then its resemblance is above 0.55: a near duplicate.
 */
export const PARTIAL_MAX_SHARE = 0.8;

/** How long after an author's comment the same text in the same thread is still a resubmission. */
export const REPEAT_WINDOW_MS = 10 * 60 * 1000;

/** A comment id: the Worker's integer ids, or the strings of an evaluation corpus. */
export type CommentId = number | string;

/** A thread id, likewise. */
export type ThreadId = number | string;

/**
 * `exact`: equal after normalisation; `partial`: mostly contained in a clearly longer earlier
 * comment; `near`: resemblance over the threshold.
 */
export type { DuplicateKind };

/** `repeat`: the same author resubmitting in the same thread, not to be published twice; `copy`: a spam signal. */
export type DuplicateScope = "repeat" | "copy";

/** Who wrote a comment, where and when. */
export interface CommentOrigin {
  /** The thread (page) the comment belongs to. */
  thread: ThreadId;
  /** The author's identity: the email when one was given, else the display name; absent when unknown. */
  author?: string | undefined;
  /** Posting time, milliseconds since the epoch. */
  createdAt: number;
}

/** An earlier comment as the index returns it. */
export interface CandidateComment extends CommentOrigin {
  id: CommentId;
  /** Its text as `normalizeForComparison` returned it. */
  normalized: string;
}

/** A new comment, normalised and fingerprinted. */
export interface ComparedComment extends CommentOrigin {
  normalized: string;
  fingerprint: Fingerprint;
}

/** The earlier comment a new one duplicates, how, how closely (0-1) and what that means. */
export interface DuplicateMatch {
  kind: DuplicateKind;
  duplicateOf: CommentId;
  similarity: number;
  scope: DuplicateScope;
}

/**
 * The best duplicate of `comment` among `candidates`, or null. Best is the earlier comment that
 * holds most of the new one (containment), then the closest (resemblance), then the earliest: a
 * truncated repost names the comment it was cut from, not one that merely resembles it. Comments
 * too short to count are never duplicates, nor duplicated.
 */
export function findDuplicate(
  comment: ComparedComment,
  candidates: readonly CandidateComment[],
): DuplicateMatch | null {
  if (comment.fingerprint.keys.length === 0 || candidates.length === 0) return null;
  const shingles = shingleSet(comment.fingerprint.shingleHashes);
  let best: { measures: Measures; candidate: CandidateComment } | undefined;
  for (const candidate of candidates) {
    const measures = measure(comment.normalized, shingles, candidate.normalized);
    if (measures === null) continue;
    const isBetter =
      best === undefined ||
      measures.containment > best.measures.containment ||
      (measures.containment === best.measures.containment &&
        (measures.resemblance > best.measures.resemblance ||
          (measures.resemblance === best.measures.resemblance && candidate.createdAt < best.candidate.createdAt)));
    if (isBetter) best = { measures, candidate };
  }
  if (best === undefined) return null;
  const { kind, containment, resemblance } = best.measures;
  return {
    kind,
    duplicateOf: best.candidate.id,
    similarity: kind === "partial" ? containment : resemblance,
    scope: classifyScope(comment, best.candidate),
  };
}

/** What kind of duplicate an earlier comment is, how much of the new one it holds and how alike the two are. */
interface Measures {
  kind: DuplicateKind;
  containment: number;
  resemblance: number;
}

/** Measures a new comment's text against an earlier one; null when the earlier one is no duplicate of it. */
function measure(normalized: string, shingles: Uint32Array, earlierNormalized: string): Measures | null {
  if (normalized === earlierNormalized) return { kind: "exact", containment: 1, resemblance: 1 };
  const earlierCompared = comparedPart(earlierNormalized);
  // A text has at most as many shingles as characters: one this short can reach neither threshold.
  if (earlierCompared.length < NEAR_RESEMBLANCE * shingles.length) return null;
  const earlierHashes = shingleHashes(earlierCompared);
  const earlierShingles = shingleSet(earlierHashes);
  const shared = sharedCount(shingles, earlierShingles);
  const containment = shared / shingles.length;
  const resemblance = shared / (shingles.length + earlierShingles.length - shared);
  const isPart = shingles.length <= PARTIAL_MAX_SHARE * earlierShingles.length;
  const kind = kindOf(containment, resemblance, isPart);
  // Checked last as it is rarely decisive: a text this close to one long enough is long enough too.
  return kind !== null && isLongEnough(earlierCompared, earlierHashes) ? { kind, containment, resemblance } : null;
}

function kindOf(containment: number, resemblance: number, isPart: boolean): DuplicateKind | null {
  if (containment >= PARTIAL_CONTAINMENT && isPart) return "partial";
  if (resemblance >= NEAR_RESEMBLANCE) return "near";
  return null;
}

/**
 * Whether a duplicate is a resubmission or a copy: the same author in the same thread within
 * `REPEAT_WINDOW_MS` is a `repeat`; a different (or unknown) author, another thread, or the same
 * text again after the window is a `copy`. Authors are compared trimmed and case-insensitively.
 */
export function classifyScope(comment: CommentOrigin, original: CommentOrigin): DuplicateScope {
  const author = authorIdentity(comment.author);
  const sameAuthor = author !== undefined && author === authorIdentity(original.author);
  const elapsed = comment.createdAt - original.createdAt;
  const withinWindow = elapsed >= 0 && elapsed <= REPEAT_WINDOW_MS;
  return sameAuthor && comment.thread === original.thread && withinWindow ? "repeat" : "copy";
}

function authorIdentity(author: string | undefined): string | undefined {
  const identity = author?.trim().toLowerCase();
  return identity === "" ? undefined : identity;
}
