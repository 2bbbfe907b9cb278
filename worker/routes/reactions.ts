import { Hono } from "hono";
import { type ReactionResult, reactionSchema } from "../api/schemas";
import { readReactionContext, setReaction } from "../db/reactions";
import type { AppEnv } from "../env";
import { ApiError, notFound, threadClosed } from "../http/errors";
import { ipHash } from "../http/ip";
import { sitePage } from "../http/page";
import { readerHash, readerKeyRequired } from "../http/reader";
import { jsonRequest, validJson } from "../http/validate";
import { isThreadClosed } from "../lib/moderation";
import { announce } from "../live/announce";
import { admitOrigin } from "../middleware/cors";

/**
 * POST /api/sites/:site/reactions — a reader sets their one reaction to a published comment, or without
 * `commentId` to the page; `kind: null` takes it back. Needs the reader's key (X-Chorus-Reader); limited
 * per IP hash. Two D1 round trips: one batch reads and counts, one batch writes and reads back the counts.
 */
export const reactionRoutes = new Hono<AppEnv>().post(
  "/reactions",
  jsonRequest,
  validJson(reactionSchema),
  async (c) => {
    const { siteId } = c.var;
    const input = c.req.valid("json");
    const page = await sitePage(c, input.page);
    const [reader, ip] = await Promise.all([readerHash(c, siteId), ipHash(c)]);
    const { db } = c.var.database;
    const now = Date.now();
    const context = await readReactionContext(db, {
      siteId,
      path: page,
      commentId: input.commentId,
      ipHash: ip,
      now,
    });
    if (!context.site) throw notFound.site();
    admitOrigin(c, context.site, "write");
    if (reader === null) {
      throw readerKeyRequired("react");
    }
    if (context.rateLimited)
      throw new ApiError(429, "rate_limited", "Too many reactions in a short time; try again later");
    const { comment, thread } = context;
    if (input.commentId !== undefined) {
      if (comment?.status !== "published" || comment.threadId !== thread?.id) {
        throw new ApiError(404, "comment_not_found", "No published comment with this id on this page", [
          { field: "commentId", message: "is not a published comment on this page" },
        ]);
      }
    }
    if (thread && isThreadClosed(thread, context.site, now)) throw threadClosed();
    const body: ReactionResult = await setReaction(db, {
      siteId,
      path: page,
      commentId: input.commentId ?? 0,
      readerHash: reader,
      kind: input.kind,
    });
    announce(c, siteId, input.commentId === undefined ? { path: page } : { ids: [input.commentId] });
    return c.json(body);
  },
);
