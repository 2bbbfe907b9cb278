import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { comments, type Site, sites, type Thread, threads } from "./schema";

/** How many comments a feed carries, newest first. */
export const feedSize = 50;

export interface FeedRow {
  id: number;
  authorName: string;
  bodyHtml: string;
  createdAt: number;
  editedAt: number | null;
  path: string;
  url: string | null;
  title: string | null;
}

/**
 * The newest published comments of one page (with `path`) or of the whole site, with their pages, in
 * one round trip. Never reads an email.
 */
export async function readFeed(
  db: Database,
  query: { siteId: string; path?: string },
): Promise<{ site: Site | undefined; thread: Thread | undefined; rows: FeedRow[] }> {
  const { siteId, path } = query;
  const onPage =
    path === undefined
      ? undefined
      : eq(comments.threadId, sql`(SELECT id FROM threads WHERE site_id = ${siteId} AND path = ${path})`);
  const [siteRows, threadRows, rows] = await db.batch([
    db.select().from(sites).where(eq(sites.id, siteId)),
    db
      .select()
      .from(threads)
      .where(and(eq(threads.siteId, siteId), eq(threads.path, path ?? ""))),
    // Only columns with distinct names: a D1 batch returns rows keyed by column name.
    db
      .select({
        id: comments.id,
        authorName: comments.authorName,
        bodyHtml: comments.bodyHtml,
        createdAt: comments.createdAt,
        editedAt: comments.editedAt,
        path: threads.path,
        url: threads.url,
        title: threads.title,
      })
      .from(comments)
      .innerJoin(threads, eq(threads.id, comments.threadId))
      .where(and(eq(comments.siteId, siteId), eq(comments.status, "published"), onPage))
      .orderBy(desc(comments.id))
      .limit(feedSize),
  ]);
  return { site: siteRows[0], thread: threadRows[0], rows };
}
