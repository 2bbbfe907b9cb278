import type { ActionResult, CommentAction } from "../api/admin-schemas";
import type { Database } from "../db/client";
import { applyAction, type CommentChange, readCommentsOfSite } from "../db/moderation";
import type { Comment } from "../db/schema";
import { D1ClassifierState } from "../db/spam-model";
import { ApiError } from "../http/errors";
import { type Decision, learnInBulk, modelKeysFor } from "../spam";
import { actionEffects, isTrainingAction, restoreWindowMs } from "./moderation";

/**
 * Carries out an action on comments of a site: reads them, works out what the classifier learns
 * from approve / spam / not-spam decisions, then writes everything in one transaction.
 */
export async function moderate(
  db: Database,
  input: {
    siteId: string;
    moderatorId: number | null;
    action: CommentAction;
    ids: number[];
    /** How the moderator acted, when not from the console (the audit log shows it). */
    via?: "alert_link" | "webmention" | "fediverse";
  },
): Promise<ActionResult> {
  const found = await readCommentsOfSite(db, input.siteId, input.ids);
  if (found.length === 0) throw new ApiError(404, "comments_not_found", "None of these comments is on this site");
  const ids = found.map((comment) => comment.id);
  let changes: CommentChange[] = [];
  let modelChange = null;
  if (isTrainingAction(input.action)) {
    const effect = actionEffects[input.action];
    const teach = found.filter((comment) => comment.trainedLabel !== effect.label && comment.status !== "deleted");
    const decisions: Decision[] = teach.map((comment: Comment) => ({
      comment: comment,
      label: effect.label,
      previous: comment.trainedLabel ?? undefined,
    }));
    if (decisions.length > 0) {
      const keys = [...new Set(decisions.flatMap((decision) => modelKeysFor(decision.comment)))];
      const snapshot = await new D1ClassifierState(db, input.siteId).read(keys);
      modelChange = await learnInBulk(snapshot, decisions);
    }
    changes = found
      .filter((comment) => comment.status !== "deleted")
      .map((comment) => ({ id: comment.id, status: effect.status, trainedLabel: effect.label }));
  }
  const now = Date.now();
  await applyAction(db, { ...input, ids, now, restoreAfter: now - restoreWindowMs, modelChange, changes });
  return { action: input.action, changed: ids };
}
