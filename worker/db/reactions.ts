import { and, eq, sql } from "drizzle-orm";
import type { ReactionKind } from "../../common/vocabulary";
import type { ReactionCounts } from "../api/schemas";
import type { Database } from "./client";
import { countInWindow } from "./comments";
import { type Comment, comments, reactions, type Site, sites, type Thread, threads } from "./schema";
import { parseReactionCounts, reactionCountsSql, readerReactionSql } from "./threads";

/** Limits on reactions, counted exactly in D1 per fixed window and IP hash (as posting limits are). */
export const reactionLimits = {
  perIpPerMinute: 30,
  perIpPerHour: 300,
} as const;

export interface ReactionContext {
  site: Site | undefined;
  thread: Thread | undefined;
  /** The comment reacted to, when the reaction is to a comment. */
  comment: Comment | undefined;
  rateLimited: boolean;
}

/** Everything a reaction depends on, read (and counted against the IP's limits) in one round trip. */
export async function readReactionContext(
  db: Database,
  query: { siteId: string; path: string; commentId: number | undefined; ipHash: string; now: number },
): Promise<ReactionContext> {
  const { siteId, path, now } = query;
  const minute = 60_000;
  const [siteRows, threadRows, commentRows, perMinute, perHour] = await db.batch([
    db.select().from(sites).where(eq(sites.id, siteId)),
    db
      .select()
      .from(threads)
      .where(and(eq(threads.siteId, siteId), eq(threads.path, path))),
    db
      .select()
      .from(comments)
      .where(and(eq(comments.siteId, siteId), eq(comments.id, query.commentId ?? 0))),
    countInWindow(db, `react:${siteId}:ip:${query.ipHash}:minute`, now, minute),
    countInWindow(db, `react:${siteId}:ip:${query.ipHash}:hour`, now, 60 * minute),
  ]);
  const over = (rows: { count: number }[], limit: number) => (rows[0]?.count ?? 0) > limit;
  return {
    site: siteRows[0],
    thread: threadRows[0],
    comment: commentRows[0],
    rateLimited: over(perMinute, reactionLimits.perIpPerMinute) || over(perHour, reactionLimits.perIpPerHour),
  };
}

/**
 * Sets (or, with `kind` null, removes) one reader's reaction to a comment or, with `commentId` 0, to
 * the page, in one transaction: creates the page's thread if reacting to a page without one, keeps the
 * comment's `score` in step, and reads back the counts.
 */
export async function setReaction(
  db: Database,
  input: {
    siteId: string;
    path: string;
    pageTitle?: string | null;
    commentId: number;
    readerHash: string;
    kind: ReactionKind | null;
  },
): Promise<{ reactions: ReactionCounts; myReaction: ReactionKind | null }> {
  const threadId = sql`(SELECT id FROM threads WHERE site_id = ${input.siteId} AND path = ${input.path})`;
  const target = and(
    eq(reactions.threadId, threadId),
    eq(reactions.commentId, input.commentId),
    eq(reactions.readerHash, input.readerHash),
  );
  const write =
    input.kind === null
      ? db.delete(reactions).where(target)
      : db
          .insert(reactions)
          .values({
            siteId: input.siteId,
            threadId,
            commentId: input.commentId,
            readerHash: input.readerHash,
            kind: input.kind,
          })
          .onConflictDoUpdate({
            target: [reactions.threadId, reactions.commentId, reactions.readerHash],
            set: { kind: input.kind },
          });
  const [, , , counted] = await db.batch([
    db
      .insert(threads)
      .values({ siteId: input.siteId, path: input.path, title: input.pageTitle ?? null })
      .onConflictDoNothing(),
    write,
    db
      .update(comments)
      .set({
        score: sql`(SELECT count(*) FROM ${reactions} WHERE ${reactions.threadId} = ${comments.threadId} AND ${reactions.commentId} = ${comments.id})`,
      })
      .where(and(eq(comments.siteId, input.siteId), eq(comments.id, input.commentId))),
    db
      .select({
        reactions: reactionCountsSql(threadId, sql`${input.commentId}`),
        myReaction: readerReactionSql(threadId, sql`${input.commentId}`, input.readerHash),
      })
      .from(sql`(SELECT 1)`),
  ]);
  return { reactions: parseReactionCounts(counted[0]?.reactions ?? null), myReaction: counted[0]?.myReaction ?? null };
}
