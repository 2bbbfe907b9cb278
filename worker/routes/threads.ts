import { Hono } from "hono";
import { type MoreReplies, repliesQuerySchema, type ThreadPage, threadQuerySchema } from "../api/schemas";
import { openDatabase } from "../db/client";
import { readMoreReplies, readThreadPage } from "../db/threads";
import type { AppEnv } from "../env";
import { notFound } from "../http/errors";
import { sitePage } from "../http/page";
import { type PublicAnswer, serveRead } from "../http/public-cache";
import { readerHash } from "../http/reader";
import { validQuery } from "../http/validate";
import { isThreadClosed } from "../lib/moderation";
import { refreshFediverse } from "../mentions/fediverse";
import { addAvatars, avatarHasher } from "../render/avatar";

/**
 * GET /api/sites/:site/thread?page=&sort=&cursor=&limit= — a page of a thread (top-level comments oldest,
 * newest or top first, with their first replies and reactions; empty for a page without comments
 * yet), in one D1 round trip. Read without a
 * reader key, it is the same for everyone and comes from the cache (http/public-cache.ts); with one,
 * it adds that reader's held comments and reactions, and is read from D1 every time. A read that
 * finds the thread's fediverse replies due reads them after the response (worker/mentions/fediverse.ts).
 * GET /api/sites/:site/replies?page=&root=&from= — the next replies under a top-level comment that
 * has more than one read shows (its `moreReplies`), cached the same way.
 */
export const threadRoutes = new Hono<AppEnv>()
  .get("/replies", validQuery(repliesQuerySchema), async (c) => {
    const { siteId } = c.var;
    const query = c.req.valid("query");
    const page = await sitePage(c, query.page);
    const reader = await readerHash(c, siteId);
    const read = async (): Promise<PublicAnswer> => {
      const found = await readMoreReplies(c.var.database.db, {
        siteId,
        path: page,
        ...query,
        readerHash: reader,
      });
      if (!found.site) throw notFound.site();
      if (!found.thread) return { site: found.site, status: 404, body: notFound.thread().toBody() };
      await addAvatars(found.comments, found.authors, avatarHasher(c.env.IP_HASH_SALT, found.site));
      const body: MoreReplies = { comments: found.comments, moreReplies: found.moreReplies };
      return { site: found.site, status: 200, body };
    };
    const params = { root: String(query.root), from: String(query.from) };
    return serveRead(c, read, reader === null ? { siteId, page, name: "replies", params } : null);
  })
  .get("/thread", validQuery(threadQuerySchema), async (c) => {
    const { siteId } = c.var;
    const query = c.req.valid("query");
    const page = await sitePage(c, query.page);
    const reader = await readerHash(c, siteId);
    const read = async (): Promise<PublicAnswer> => {
      const found = await readThreadPage(c.var.database.db, {
        siteId,
        path: page,
        cursor: query.cursor,
        sort: query.sort,
        limit: query.limit,
        readerHash: reader,
      });
      if (!found.site) throw notFound.site();
      if (found.thread?.fediverseStatus && (found.thread.fediverseDueAt ?? 0) <= Date.now()) {
        c.executionCtx.waitUntil(
          refreshFediverse(c.env, openDatabase(c.env.DB, "first-primary").db, {
            siteId,
            path: page,
            origin: new URL(c.req.url).origin,
            now: Date.now(),
          }).catch((error: unknown) => console.error("fediverse replies", error)),
        );
      }
      await addAvatars(found.comments, found.authors, avatarHasher(c.env.IP_HASH_SALT, found.site));
      // A page nobody has commented on yet is an empty thread, not an error (a 404 would be logged in
      // the blog's console on every new post).
      const body: ThreadPage = {
        thread: {
          page,
          title: found.thread?.title ?? null,
          closed: found.thread ? isThreadClosed(found.thread, found.site, Date.now()) : false,
          commentCount: found.thread?.commentCount ?? 0,
          reactions: found.pageReactions,
          myReaction: found.myPageReaction,
          revision: found.revision,
        },
        comments: found.comments,
        nextCursor: found.nextCursor,
      };
      return { site: found.site, status: 200, body };
    };
    const cursor = query.cursor === undefined ? "" : `${query.cursor.score ?? ""}.${query.cursor.id}`;
    const params = { sort: query.sort, cursor, limit: String(query.limit) };
    return serveRead(c, read, reader === null ? { siteId, page, name: "thread", params } : null);
  });
