/** Webmentions received: recording one, its status, and settling it once the consumer has read its source. */
import { and, eq, sql } from "drizzle-orm";
import { batchRows, type Database } from "./client";
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

/** Mentions one network may send in an hour. */
export const mentionsPerHour = 30;

/**
 * Records a received mention, unless the same pair already waits to be checked (its id is answered
 * again, and nothing is queued twice) or the sender's network sent `mentionsPerHour` in the last
 * hour; one round trip.
 */
export async function recordWebmention(
  db: Database,
  input: { id: string; siteId: string; source: string; target: string; page: string; ipHash: string; now: number },
): Promise<{ recorded: true; id: string } | { recorded: false; waiting: string | null }> {
  const [waiting = [], recent = []] = await batchRows(db, [
    sql`SELECT id FROM webmentions WHERE site_id = ${input.siteId} AND source = ${input.source}
      AND target = ${input.target} AND status = 'queued' LIMIT 1`,
    sql`SELECT count(*) AS count FROM webmentions WHERE ip_hash = ${input.ipHash} AND created_at > ${input.now - 3_600_000}`,
  ]);
  const queued = (waiting[0] as { id: string } | undefined)?.id;
  if (queued) return { recorded: false, waiting: queued };
  if (((recent[0] as { count: number } | undefined)?.count ?? 0) >= mentionsPerHour) {
    return { recorded: false, waiting: null };
  }
  await db.insert(webmentions).values({ ...input, status: "queued", updatedAt: input.now });
  return { recorded: true, id: input.id };
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
