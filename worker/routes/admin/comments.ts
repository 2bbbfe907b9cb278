import { Hono } from "hono";
import {
  type CommentList,
  commentActionSchema,
  commentListQuerySchema,
  staffReplySchema,
} from "../../api/admin-schemas";
import { requireRole } from "../../auth/session";
import { insertStaffReply } from "../../db/comments";
import { listForModerators, toModeratedComment } from "../../db/moderation";
import type { AppEnv } from "../../env";
import { readJsonBody } from "../../http/body";
import { ApiError, parseInput } from "../../http/errors";
import { moderate } from "../../lib/moderate";
import { emailReplies } from "../../mail/in-request";
import { renderMarkdown } from "../../render/markdown";

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
