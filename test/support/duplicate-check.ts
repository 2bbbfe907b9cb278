/**
 * The duplicate part of the Worker's decision, over any index: the comment's comparable form, the
 * index's candidates for its keys, and `findDuplicate` (as `decideIntake` calls it). For tests of
 * the indexes and the matcher; whole decisions are tested through `decideIntake` and the routes.
 */
import {
  type CandidateComment,
  type CommentOrigin,
  comparableForm,
  findDuplicate,
  MAX_CANDIDATES,
} from "../../worker/duplicates";

/** An index's lookup: D1's `candidateQuery`, or `MemoryDuplicateIndex.candidates`. */
export type FindCandidates = (siteId: string, keys: readonly string[], limit: number) => Promise<CandidateComment[]>;

export async function checkAgainst(
  findCandidates: FindCandidates,
  siteId: string,
  comment: CommentOrigin & { body: string },
) {
  const { normalized, fingerprint } = comparableForm(comment.body);
  const candidates = await findCandidates(siteId, fingerprint.keys, MAX_CANDIDATES);
  return {
    match: findDuplicate({ ...comment, normalized, fingerprint }, candidates),
    normalized,
    keys: fingerprint.keys,
  };
}
