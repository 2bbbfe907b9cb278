/** Readers' reports of comments: reading what a report needs, and filing it (holding the comment at the site's threshold). */
import { and, count, eq, gt, sql } from "drizzle-orm";
import type { ReportReason } from "../../common/vocabulary";
import type { Database } from "./client";
import { recountStatement } from "./moderation";
import { comments, reports, sites } from "./schema";
import { queueAlertStatement } from "./webhooks";

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
 * thread (`recountStatement`, as moderation does), and queues a `reported` alert to the site's
 * webhooks (once per comment); one transaction. Returns whether it was held by this report.
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
    /** Where the links in the site's webhook alerts point (the deployment's public origin). */
    alertOrigin: string;
  },
): Promise<{ held: boolean; alertsQueued: number }> {
  const { siteId, comment } = input;
  const reason = JSON.stringify({ check: "reports.threshold", score: 0, detail: "readers reported it" });
  const openWeight = sql`(SELECT sum(${reports.weight}) FROM ${reports}
    WHERE ${reports.commentId} = ${comment.id} AND ${reports.resolution} IS NULL)`;
  const [, held, , queued] = await db.batch([
    db
      .insert(reports)
      .values({
        siteId,
        commentId: comment.id,
        readerHash: input.readerHash,
        ipHash: input.ipHash,
        reason: input.reason,
        weight: input.weight,
      })
      .onConflictDoNothing({ target: [reports.commentId, reports.readerHash] }),
    db
      .update(comments)
      .set({ status: "pending", reasons: sql`json_insert(${comments.reasons}, '$[#]', json(${reason}))` })
      .where(
        and(eq(comments.id, comment.id), eq(comments.status, "published"), sql`${openWeight} >= ${input.threshold}`),
      )
      .returning({ id: comments.id }),
    recountStatement(db, siteId, [comment.id]),
    queueAlertStatement(db, {
      siteId,
      event: "reported",
      comment: comment.id,
      origin: input.alertOrigin,
      now: Date.now(),
    }),
  ]);
  return { held: held.length > 0, alertsQueued: queued.length };
}
