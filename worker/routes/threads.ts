import { Hono } from "hono";
import { siteParamsSchema, type ThreadPage, threadQuerySchema } from "../api/schemas";
import { readThreadPage } from "../db/threads";
import type { AppEnv } from "../env";
import { notFound, parseInput } from "../errors";
import { isThreadClosed } from "../moderation";
import { admitOrigin } from "../origin";
import { readerHash } from "../reader";

/** GET /api/sites/:site/thread?page=&cursor=&limit= — a page of a thread, in one D1 round trip. */
export const threadRoutes = new Hono<AppEnv>().get("/thread", async (c) => {
  const { site: siteId } = parseInput(siteParamsSchema, c.req.param());
  const query = parseInput(threadQuerySchema, c.req.query());
  const read = await readThreadPage(c.var.database.db, {
    siteId,
    path: query.page,
    cursor: query.cursor,
    limit: query.limit,
    readerHash: await readerHash(c, siteId),
  });
  if (!read.site) throw notFound.site();
  admitOrigin(c, read.site, "read");
  if (!read.thread) throw notFound.thread();
  const body: ThreadPage = {
    thread: {
      page: read.thread.path,
      title: read.thread.title,
      closed: isThreadClosed(read.thread, read.site, Date.now()),
      commentCount: read.thread.commentCount,
    },
    comments: read.comments,
    nextCursor: read.nextCursor,
  };
  return c.json(body);
});
