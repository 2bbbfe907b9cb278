import { and, isNotNull, lt, ne, sql } from "drizzle-orm";
import type { Database } from "./client";
import { dropOldMailStatement } from "./mail";
import { purgedFields } from "./moderation";
import {
  comments,
  emailSignIns,
  loginAttempts,
  rateLimits,
  readerSessions,
  reports,
  sessions,
  signInFlows,
  usedFormTokens,
  webmentions,
} from "./schema";

/** How long personal traces are kept. */
export const retention = {
  /** IP hashes on comments: long enough for moderators to act on a wave of spam. */
  ipHashMs: 30 * 24 * 60 * 60 * 1000,
  /** Soft-deleted comments: restorable this long, then purged. */
  deletedMs: 30 * 24 * 60 * 60 * 1000,
  /** Rate-limit counters and login attempts: their longest window is an hour. */
  countersMs: 2 * 60 * 60 * 1000,
} as const;

/**
 * Drops what is kept only for a while, in one transaction: IP hashes of old comments, comments
 * deleted more than 30 days ago (a placeholder stays where replies hang), expired sessions (moderators'
 * and readers'), unfinished sign-ins and unused sign-in links, form tokens and counters, reports' and Webmentions' network hashes once their hourly limit is past, and emails sent a
 * week ago. Run by the Worker's daily cron.
 */
export async function enforceRetention(db: Database, now: number) {
  const [ipHashes, purged, scrubbed] = await db.batch([
    db
      .update(comments)
      .set({ ipHash: null })
      .where(and(isNotNull(comments.ipHash), lt(comments.createdAt, now - retention.ipHashMs)))
      .returning({ id: comments.id }),
    db
      .delete(comments)
      .where(
        and(
          sql`${comments.status} = 'deleted'`,
          lt(comments.deletedAt, now - retention.deletedMs),
          sql`NOT EXISTS (SELECT 1 FROM comments AS replies WHERE replies.parent_id = comments.id)`,
        ),
      )
      .returning({ id: comments.id }),
    db
      .update(comments)
      .set(purgedFields)
      .where(
        and(
          sql`${comments.status} = 'deleted'`,
          lt(comments.deletedAt, now - retention.deletedMs),
          sql`${comments.body} <> ''`,
        ),
      )
      .returning({ id: comments.id }),
    db.delete(sessions).where(lt(sessions.expiresAt, now)),
    db.delete(readerSessions).where(lt(readerSessions.expiresAt, now)),
    db.delete(signInFlows).where(lt(signInFlows.expiresAt, now)),
    db.delete(emailSignIns).where(lt(emailSignIns.expiresAt, now)),
    db.delete(usedFormTokens).where(lt(usedFormTokens.expiresAt, now)),
    db.delete(rateLimits).where(lt(rateLimits.windowStartedAt, now - retention.countersMs)),
    db.delete(loginAttempts).where(lt(loginAttempts.windowStartedAt, now - retention.countersMs)),
    // A report keeps its network's hash only as long as the hourly limit needs it.
    db
      .update(reports)
      .set({ ipHash: "" })
      .where(and(ne(reports.ipHash, ""), lt(reports.createdAt, now - retention.countersMs))),
    // So does a received Webmention.
    db
      .update(webmentions)
      .set({ ipHash: null })
      .where(and(isNotNull(webmentions.ipHash), lt(webmentions.createdAt, now - retention.countersMs))),
    dropOldMailStatement(db, now),
  ]);
  return { ipHashesDropped: ipHashes.length, commentsPurged: purged.length, commentsScrubbed: scrubbed.length };
}
