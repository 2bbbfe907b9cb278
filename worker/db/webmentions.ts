/** Webmentions received: recording one, its status, and settling it once the consumer has read its source. */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { type Site, sites, type Webmention, webmentions } from "./schema";

/** The site whose allowed origins include `origin` (the first by id, if several share it). */
export async function siteOfOrigin(db: Database, origin: string): Promise<Site | undefined> {
  const rows = await db
    .select()
    .from(sites)
    .where(sql`EXISTS (SELECT 1 FROM json_each(${sites.allowedOrigins}) WHERE value = ${origin})`)
    .orderBy(sites.id)
    .limit(1);
  return rows[0];
}

export async function recordWebmention(
  db: Database,
  input: { id: string; siteId: string; source: string; target: string; page: string; now: number },
): Promise<void> {
  await db.insert(webmentions).values({ ...input, status: "queued", updatedAt: input.now });
}

export async function readWebmention(
  db: Database,
  id: string,
): Promise<{ mention: Webmention; site: Site } | undefined> {
  const rows = await db
    .select({ mention: webmentions, site: sites })
    .from(webmentions)
    .innerJoin(sites, eq(sites.id, webmentions.siteId))
    .where(eq(webmentions.id, id));
  return rows[0];
}

/** Records what checking a webmention came to. */
export async function settleWebmention(
  db: Database,
  id: string,
  settled: {
    status: Webmention["status"];
    detail: string;
    commentId?: number | null;
    /** A like's or repost's author, shown as a face. */
    author?: { name: string; photo: string | null; url: string | null };
  },
  now: number,
): Promise<void> {
  await db
    .update(webmentions)
    .set({
      status: settled.status,
      detail: settled.detail,
      commentId: settled.commentId ?? null,
      authorName: settled.author?.name ?? null,
      authorPhoto: settled.author?.photo ?? null,
      authorUrl: settled.author?.url ?? null,
      updatedAt: now,
    })
    .where(and(eq(webmentions.id, id)));
}
