/** What the console's dashboard shows of a site, read in one round trip. */
import { sql } from "drizzle-orm";
import type { Dashboard } from "../api/admin-schemas";
import { batchRows, type Database } from "./client";
import type { StoredReason } from "./schema";

const dayMs = 24 * 60 * 60 * 1000;

/**
 * The layers of checks that scored on a comment ("rules", "classifier", "lists", "gate", "ban"…, the
 * part of each check's name before its dot), sorted and comma-separated: what `comments.caught_by`
 * keeps for a comment intake held or marked spam. Null when none scored.
 */
export function caughtByOf(reasons: readonly StoredReason[]): string | null {
  const layers = new Set(reasons.filter((reason) => reason.score > 0).map((reason) => reason.check.split(".")[0]));
  return layers.size > 0 ? [...layers].sort().join(",") : null;
}

/** The UTC day (YYYY-MM-DD) of a time. */
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Comments per layer, from counts per combination of layers; most first. */
function layerCounts(rows: readonly { layers: string; comments: number }[]): Dashboard["layers"] {
  const caught = new Map<string, number>();
  for (const row of rows)
    for (const layer of row.layers.split(",")) caught.set(layer, (caught.get(layer) ?? 0) + row.comments);
  return [...caught]
    .map(([layer, count]) => ({ layer, caught: count }))
    .sort((a, b) => b.caught - a.caught || a.layer.localeCompare(b.layer));
}

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
    sql`SELECT CAST((created_at - ${since}) / ${dayMs} AS INTEGER) AS day, sum(status = 'published') AS published,
        sum(status = 'pending') AS held, sum(status = 'spam') AS spam, sum(duplicate_of IS NOT NULL) AS duplicates
      FROM comments WHERE ${inWindow} GROUP BY day`,
    sql`SELECT caught_by AS layers, count(*) AS comments FROM comments
      WHERE ${inWindow} AND caught_by IS NOT NULL GROUP BY caught_by`,
    sql`SELECT count(*) AS held, min(created_at) AS oldest FROM comments WHERE site_id = ${siteId} AND status = 'pending'`,
    sql`SELECT created_at AS middle FROM comments WHERE site_id = ${siteId} AND status = 'pending'
      ORDER BY created_at LIMIT 1
      OFFSET (SELECT count(*) / 2 FROM comments WHERE site_id = ${siteId} AND status = 'pending')`,
    sql`SELECT sum(auto_status <> 'published' AND trained_label = 'spam') AS caught,
        sum(auto_status <> 'published' AND trained_label = 'ham') AS overruledCaught,
        sum(auto_status = 'published' AND trained_label = 'spam') AS missed,
        sum(auto_status = 'published' AND trained_label = 'ham') AS confirmed
      FROM comments WHERE ${inWindow} AND trained_label IS NOT NULL AND auto_status IS NOT NULL`,
    sql`SELECT threads.path AS page, threads.title AS title, top.comments AS comments
      FROM (SELECT thread_id, count(*) AS comments FROM comments WHERE ${inWindow} AND status = 'published'
        GROUP BY thread_id ORDER BY comments DESC LIMIT 5) AS top
      JOIN threads ON threads.id = top.thread_id ORDER BY top.comments DESC, threads.path`,
  ]);
  type DayRow = { day: number; published: number; held: number; spam: number; duplicates: number };
  const byDay = new Map((perDay as DayRow[]).map((row) => [row.day, row]));
  const hours = (time: number | null | undefined) => (time ? Math.round((now - time) / 36e5) : null);
  const waitingRow = waiting[0] as { held: number; oldest: number | null } | undefined;
  const verdictRow = (verdicts[0] ?? {}) as Record<string, number | null>;
  const count = (name: string) => verdictRow[name] ?? 0;
  return {
    days: Array.from({ length: days }, (_, index) => {
      const row = byDay.get(index);
      return {
        day: dayOf(since + index * dayMs),
        published: row?.published ?? 0,
        held: row?.held ?? 0,
        spam: row?.spam ?? 0,
        duplicates: row?.duplicates ?? 0,
      };
    }),
    layers: layerCounts(layers as { layers: string; comments: number }[]),
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
