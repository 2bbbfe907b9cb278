/** Readers' reports of comments: reading what a report needs, and filing it (holding the comment at the site's threshold). */
import { and, count, eq, gt, sql } from "drizzle-orm";
import type { ReportReason } from "../../common/vocabulary";
import { batchRows, type Database } from "./client";
import { comments, reports, sites } from "./schema";

const hourMs = 60 * 60 * 1000;

/**
 * What a report needs to know first, in one round trip: the site, the comment, whether this reader
 * reported it already, how many of their reports on the site moderators overruled, and how many
 * reports came from the same network in the last hour.
 */
export async function readReportContext(
  db: Database,
  input: { siteId: string; commentId: number; readerHash: string; ipHash: string; now: number },
) {
  const { siteId, commentId, readerHash } = input;
  const [siteRows, commentRows, mine, overruled, recent] = await db.batch([
    db.select().from(sites).where(eq(sites.id, siteId)),
    db
      .select({ id: comments.id, status: comments.status, threadId: comments.threadId })
      .from(comments)
      .where(and(eq(comments.siteId, siteId), eq(comments.id, commentId))),
    db
      .select({ id: reports.id })
      .from(reports)
      .where(and(eq(reports.commentId, commentId), eq(reports.readerHash, readerHash))),
    db
      .select({ count: count() })
      .from(reports)
      .where(and(eq(reports.siteId, siteId), eq(reports.readerHash, readerHash), eq(reports.resolution, "overruled"))),
    db
      .select({ count: count() })
      .from(reports)
      .where(and(eq(reports.ipHash, input.ipHash), gt(reports.createdAt, input.now - hourMs))),
  ]);
  return {
    site: siteRows[0],
    comment: commentRows[0],
    alreadyReported: mine.length > 0,
    overruled: overruled[0]?.count ?? 0,
    lastHourFromNetwork: recent[0]?.count ?? 0,
  };
}

/**
 * Files a report and, if the comment's open reports now weigh as much as the site's threshold,
 * holds the published comment for a moderator (with the reason `reports.threshold`) and recounts its
 * thread; one transaction. Returns whether it was held by this report.
 */
export async function fileReport(
  db: Database,
  input: {
    siteId: string;
    comment: { id: number; threadId: number };
    readerHash: string;
    ipHash: string;
    reason: ReportReason;
    weight: number;
    threshold: number;
  },
): Promise<{ held: boolean }> {
  const { siteId, comment } = input;
  const reason = JSON.stringify({ check: "reports.threshold", score: 0, detail: "readers reported it" });
  const [, held = []] = await batchRows(db, [
    sql`INSERT INTO reports (site_id, comment_id, reader_hash, ip_hash, reason, weight)
      VALUES (${siteId}, ${comment.id}, ${input.readerHash}, ${input.ipHash}, ${input.reason}, ${input.weight})
      ON CONFLICT (comment_id, reader_hash) DO NOTHING`,
    sql`UPDATE comments SET status = 'pending', reasons = json_insert(reasons, '$[#]', json(${reason}))
      WHERE id = ${comment.id} AND status = 'published'
        AND (SELECT sum(weight) FROM reports WHERE comment_id = ${comment.id} AND resolution IS NULL) >= ${input.threshold}
      RETURNING id`,
    sql`UPDATE threads SET comment_count =
        (SELECT count(*) FROM comments WHERE thread_id = ${comment.threadId} AND status = 'published')
      WHERE id = ${comment.threadId}`,
  ]);
  return { held: held.length > 0 };
}
