import { Hono } from "hono";
import {
  type CommentList,
  commentActionSchema,
  commentListQuerySchema,
  staffReplySchema,
} from "../../api/admin-schemas";
import { insertStaffReply } from "../../db/comments";
import { listForModerators, toModeratedComment } from "../../db/moderation";
import type { AppEnv } from "../../env";
import { ApiError } from "../../http/errors";
import { sitePage } from "../../http/page";
import { jsonRequest, validJson, validQuery } from "../../http/validate";
import { moderate } from "../../lib/moderate";
import { announce } from "../../live/announce";
import { emailReplies } from "../../mail/in-request";
import { renderMarkdown } from "../../render/markdown";

/** Comments of one site for its moderators: the queues, search, bulk actions and staff replies. */
export const adminCommentRoutes = new Hono<AppEnv>()
  .get("/comments", validQuery(commentListQuerySchema), async (c) => {
    const site = c.var.siteId;
    const query = c.req.valid("query");
    const search = { ...query, page: query.page === undefined ? undefined : await sitePage(c, query.page) };
    const list: CommentList = await listForModerators(c.var.database.db, site, search);
    return c.json(list);
  })
  .post("/comments/actions", jsonRequest, validJson(commentActionSchema), async (c) => {
    const site = c.var.siteId;
    const { action, ids } = c.req.valid("json");
    const result = await moderate(c.var.database.db, {
      siteId: site,
      moderatorId: c.var.signedIn.moderator.id,
      action,
      ids: [...new Set(ids)],
    });
    announce(c, site, { ids: result.changed });
    await emailReplies(c, site, result.changed);
    return c.json(result);
  })
  .post("/replies", jsonRequest, validJson(staffReplySchema), async (c) => {
    const site = c.var.siteId;
    const { parentId, body } = c.req.valid("json");
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
    announce(c, site, { ids: [stored.comment.id], fresh: true });
    await emailReplies(c, site, [stored.comment.id]);
    return c.json({ comment: toModeratedComment({ ...stored, reports: null, identity: null }) }, 201);
  });
