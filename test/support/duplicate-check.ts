/**
 * The duplicate part of the Worker's decision, over any index: the comment's comparable form, the
 * index's candidates for its keys, and `findDuplicate` (as `decideIntake` calls it). For tests of
 * the indexes and the matcher; whole decisions are tested through `decideIntake` and the routes.
 */
import {
  type CommentOrigin,
  comparableForm,
  type DuplicateIndex,
  findDuplicate,
  MAX_CANDIDATES,
} from "../../worker/duplicates";

export async function checkAgainst(index: DuplicateIndex, siteId: string, comment: CommentOrigin & { body: string }) {
  const { normalized, fingerprint } = comparableForm(comment.body);
  const candidates = await index.candidates(siteId, fingerprint.keys, MAX_CANDIDATES);
  return {
    match: findDuplicate({ ...comment, normalized, fingerprint }, candidates),
    normalized,
    keys: fingerprint.keys,
  };
}
