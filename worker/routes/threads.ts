import { Hono } from "hono";
import { type ThreadPage, threadQuerySchema } from "../api/schemas";
import { readThreadPage } from "../db/threads";
import type { AppEnv } from "../env";
import { notFound } from "../http/errors";
import { readerHash } from "../http/reader";
import { validQuery } from "../http/validate";
import { isThreadClosed } from "../lib/moderation";
import { admitOrigin } from "../middleware/cors";
import { addAvatars, avatarHasher } from "../render/avatar";

/**
 * GET /api/sites/:site/thread?page=&sort=&cursor=&limit= — a page of a thread (top-level comments oldest,
 * newest or top first, with their replies and reactions), in one D1 round trip.
 */
export const threadRoutes = new Hono<AppEnv>().get("/thread", validQuery(threadQuerySchema), async (c) => {
  const { siteId } = c.var;
  const query = c.req.valid("query");
  const read = await readThreadPage(c.var.database.db, {
    siteId,
    path: query.page,
    cursor: query.cursor,
    sort: query.sort,
    limit: query.limit,
    readerHash: await readerHash(c, siteId),
  });
  if (!read.site) throw notFound.site();
  admitOrigin(c, read.site, "read");
  if (!read.thread) throw notFound.thread();
  await addAvatars(read.comments, read.authors, avatarHasher(c.env.IP_HASH_SALT, read.site));
  const body: ThreadPage = {
    thread: {
      page: read.thread.path,
      title: read.thread.title,
      closed: isThreadClosed(read.thread, read.site, Date.now()),
      commentCount: read.thread.commentCount,
      reactions: read.pageReactions,
      myReaction: read.myPageReaction,
      revision: read.revision,
    },
    comments: read.comments,
    nextCursor: read.nextCursor,
  };
  return c.json(body);
});
