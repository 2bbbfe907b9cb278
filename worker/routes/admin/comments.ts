import { Hono } from "hono";
import {
  type ActionResult,
  type CommentAction,
  type CommentList,
  commentActionSchema,
  commentListQuerySchema,
  staffReplySchema,
} from "../../api/admin-schemas";
import { requireRole } from "../../auth/session";
import type { Database } from "../../db/client";
import { insertStaffReply } from "../../db/comments";
import {
  applyAction,
  type CommentChange,
  listForModerators,
  readCommentsOfSite,
  toModeratedComment,
} from "../../db/moderation";
import type { Comment } from "../../db/schema";
import { D1ClassifierState } from "../../db/spam-model";
import type { AppEnv } from "../../env";
import { readJsonBody } from "../../http/body";
import { ApiError, parseInput } from "../../http/errors";
import { actionEffects, isTrainingAction, restoreWindowMs } from "../../lib/moderation";
import { emailReplies } from "../../mail/in-request";
import { renderMarkdown } from "../../render/markdown";
import { type Decision, learnInBulk, modelKeysFor } from "../../spam";

/**
 * Carries out an action on comments of a site: reads them, works out what the classifier learns
 * from approve / spam / not-spam decisions, then writes everything in one transaction.
 */
export async function moderate(
  db: Database,
  input: { siteId: string; moderatorId: number; action: CommentAction; ids: number[] },
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

/** Comments of one site for its moderators: the queues, search, bulk actions and staff replies. */
export const adminCommentRoutes = new Hono<AppEnv>()
  .get("/comments", async (c) => {
    const site = c.var.siteId;
    requireRole(c, site, "moderator");
    const search = parseInput(commentListQuerySchema, c.req.query());
    const list: CommentList = await listForModerators(c.var.database.db, site, search);
    return c.json(list);
  })
  .post("/comments/actions", async (c) => {
    const site = c.var.siteId;
    requireRole(c, site, "moderator");
    const { action, ids } = parseInput(commentActionSchema, await readJsonBody(c));
    const result = await moderate(c.var.database.db, {
      siteId: site,
      moderatorId: c.var.signedIn.moderator.id,
      action,
      ids: [...new Set(ids)],
    });
    await emailReplies(c, site, result.changed);
    return c.json(result);
  })
  .post("/replies", async (c) => {
    const site = c.var.siteId;
    requireRole(c, site, "moderator");
    const { parentId, body } = parseInput(staffReplySchema, await readJsonBody(c));
    const { moderator } = c.var.signedIn;
    const stored = await insertStaffReply(c.var.database.db, {
      siteId: site,
      parentId,
      moderatorId: moderator.id,
      authorName: moderator.displayName,
      body,
      bodyHtml: renderMarkdown(body),
    });
    if (!stored) {
      throw new ApiError(404, "parent_not_found", "The comment you replied to is not on this site", [
        { field: "parentId", message: "is not a comment of this site" },
      ]);
    }
    await emailReplies(c, site, [stored.comment.id]);
    return c.json({ comment: toModeratedComment(stored) }, 201);
  });
