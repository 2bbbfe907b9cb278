/** What the console's dashboard shows of a site, read in one round trip. */
import { sql } from "drizzle-orm";
import type { Dashboard } from "../api/admin-schemas";
import { batchRows, type Database } from "./client";

const dayMs = 24 * 60 * 60 * 1000;

/** The UTC day (YYYY-MM-DD) of a time. */
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * A site's last `days` days: comments per day by verdict, which defence layers scored on the comments
 * held or marked spam, what waits for a moderator, how the automatic verdict fared against
 * moderators' decisions, and the busiest threads. Every part is an index range over the site.
 */
export async function readDashboard(db: Database, siteId: string, now: number, days = 30): Promise<Dashboard> {
  const first = dayOf(now - (days - 1) * dayMs);
  const since = Date.parse(`${first}T00:00:00Z`);
  const inWindow = sql`site_id = ${siteId} AND created_at >= ${since}`;
  const [perDay = [], layers = [], waiting = [], median = [], verdicts = [], busiest = []] = await batchRows(db, [
    sql`SELECT date(created_at / 1000, 'unixepoch') AS day, sum(status = 'published') AS published,
        sum(status = 'pending') AS held, sum(status = 'spam') AS spam, sum(duplicate_of IS NOT NULL) AS duplicates
      FROM comments WHERE ${inWindow} GROUP BY day`,
    sql`SELECT CASE WHEN instr(json_extract(reason.value, '$.check'), '.') > 0
          THEN substr(json_extract(reason.value, '$.check'), 1, instr(json_extract(reason.value, '$.check'), '.') - 1)
          ELSE json_extract(reason.value, '$.check') END AS layer,
        count(DISTINCT comments.id) AS caught
      FROM comments, json_each(comments.reasons) AS reason
      WHERE comments.site_id = ${siteId} AND comments.created_at >= ${since}
        AND coalesce(comments.auto_status, comments.status) IN ('pending', 'spam')
        AND json_extract(reason.value, '$.score') > 0
      GROUP BY layer ORDER BY caught DESC, layer`,
    sql`SELECT count(*) AS held, min(created_at) AS oldest FROM comments WHERE site_id = ${siteId} AND status = 'pending'`,
    sql`SELECT created_at AS middle FROM comments WHERE site_id = ${siteId} AND status = 'pending'
      ORDER BY created_at LIMIT 1
      OFFSET (SELECT count(*) / 2 FROM comments WHERE site_id = ${siteId} AND status = 'pending')`,
    sql`SELECT sum(auto_status <> 'published' AND trained_label = 'spam') AS caught,
        sum(auto_status <> 'published' AND trained_label = 'ham') AS overruledCaught,
        sum(auto_status = 'published' AND trained_label = 'spam') AS missed,
        sum(auto_status = 'published' AND trained_label = 'ham') AS confirmed
      FROM comments WHERE ${inWindow} AND trained_label IS NOT NULL AND auto_status IS NOT NULL`,
    sql`SELECT threads.path AS page, threads.title AS title, count(*) AS comments
      FROM comments JOIN threads ON threads.id = comments.thread_id
      WHERE comments.site_id = ${siteId} AND comments.created_at >= ${since} AND comments.status = 'published'
      GROUP BY comments.thread_id ORDER BY comments DESC, page LIMIT 5`,
  ]);
  type DayRow = { day: string; published: number; held: number; spam: number; duplicates: number };
  const byDay = new Map((perDay as DayRow[]).map((row) => [row.day, row]));
  const hours = (time: number | null | undefined) => (time ? Math.round((now - time) / 36e5) : null);
  const waitingRow = waiting[0] as { held: number; oldest: number | null } | undefined;
  const verdictRow = (verdicts[0] ?? {}) as Record<string, number | null>;
  const count = (name: string) => verdictRow[name] ?? 0;
  return {
    days: Array.from({ length: days }, (_, index) => {
      const day = dayOf(since + index * dayMs);
      const row = byDay.get(day);
      return {
        day,
        published: row?.published ?? 0,
        held: row?.held ?? 0,
        spam: row?.spam ?? 0,
        duplicates: row?.duplicates ?? 0,
      };
    }),
    layers: layers as Dashboard["layers"],
    waiting: {
      held: waitingRow?.held ?? 0,
      oldestHours: hours(waitingRow?.oldest),
      medianHours: hours((median[0] as { middle: number } | undefined)?.middle),
    },
    verdicts: {
      caught: count("caught"),
      overruledCaught: count("overruledCaught"),
      missed: count("missed"),
      confirmed: count("confirmed"),
    },
    busiest: busiest as Dashboard["busiest"],
  };
}
