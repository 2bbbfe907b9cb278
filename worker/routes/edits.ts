import { type Context, Hono } from "hono";
import { commentDeleteSchema, commentEditSchema, commentIdSchema, type EditedComment } from "../api/schemas";
import { deleteOwnComment, readOwnComment } from "../db/edits";
import type { AppEnv } from "../env";
import { ApiError, parseInput, threadClosed } from "../http/errors";
import { ipHash } from "../http/ip";
import { jsonRequest, validJson } from "../http/validate";
import { reviseComment } from "../intake";
import { constantTimeEqual, sha256Hex } from "../lib/crypto";
import { isThreadClosed } from "../lib/moderation";
import { announce } from "../live/announce";
import { admitOrigin } from "../middleware/cors";
import { asAuthorSeesIt } from "../render/avatar";

const forbidden = (code: string, message: string) => new ApiError(403, code, message, [{ field: "secret", message }]);

/**
 * The comment an author may change: it exists, the secret they got when posting matches, the site's
 * edit window is still open and the thread is not closed. Anything else changes nothing.
 */
async function ownComment(c: Context<AppEnv>, secret: string, now: number) {
  const { siteId } = c.var;
  const id = parseInput(commentIdSchema, c.req.param("id"), "id");
  const { site, found } = await readOwnComment(c.var.database.db, siteId, id);
  if (!site) throw new ApiError(404, "site_not_found", "No site with this id");
  admitOrigin(c, site, "write");
  if (!found || found.comment.status === "deleted") {
    throw new ApiError(404, "comment_not_found", "No comment with this id");
  }
  const { comment, thread } = found;
  const given = await sha256Hex(secret);
  if (comment.editSecretHash === null || !constantTimeEqual(given, comment.editSecretHash)) {
    throw forbidden("edit_secret_wrong", "is not the secret of this comment");
  }
  if (now > comment.createdAt + site.editWindowMinutes * 60_000) {
    throw forbidden("edit_window_closed", "The time to change this comment has passed");
  }
  if (isThreadClosed(thread, site, now)) throw threadClosed();
  return { site, comment, thread };
}

/**
 * POST /api/sites/:site/comments/:id/edit — the author edits their comment within the site's edit window,
 * proven by the secret they got at post time. The new text goes through the duplicate and spam checks
 * again (an edit can hold a comment, never release one).
 * POST /api/sites/:site/comments/:id/delete — the author deletes it, on the same conditions.
 * (POST, not PATCH and DELETE, so the site's CORS preflight stays the one every write already uses.)
 */
export const editRoutes = new Hono<AppEnv>()
  .post("/comments/:id/edit", jsonRequest, validJson(commentEditSchema), async (c) => {
    const input = c.req.valid("json");
    const own = await ownComment(c, input.secret, Date.now());
    const outcome = await reviseComment(c.var.database.db, own, input.body, await ipHash(c));
    if (outcome.kind === "refused") throw outcome.error;
    announce(c, c.var.siteId, { ids: [own.comment.id] });
    const body: EditedComment = {
      comment: await asAuthorSeesIt(c.env.IP_HASH_SALT, outcome.site, outcome.comment),
      commentCount: outcome.commentCount,
    };
    return c.json(body);
  })
  .post("/comments/:id/delete", jsonRequest, validJson(commentDeleteSchema), async (c) => {
    const input = c.req.valid("json");
    const now = Date.now();
    const { comment } = await ownComment(c, input.secret, now);
    const { commentCount } = await deleteOwnComment(c.var.database.db, comment, now);
    announce(c, c.var.siteId, { ids: [comment.id] });
    return c.json({ deleted: comment.id, commentCount });
  });
