import { and, asc, eq, gt, inArray, type SQL, sql } from "drizzle-orm";
import type { ReactionKind } from "../../common/vocabulary";
import type { Database } from "./client";
import { type Comment, comments, type Site, sites, type Thread, threads } from "./schema";
import { commentViewColumns, latestRevisionSql, type PublicSource, reactionCountsSql } from "./threads";

/** The most changed comments one catch-up returns; past that the reader reloads the thread. */
export const maxChanges = 200;

/** A changed comment with what every reader's view of it is made from; `readerHash` never leaves the Worker. */
export type ChangedRow = PublicSource &
  Pick<Comment, "threadId" | "authorEmail" | "authorProven" | "editedAt" | "readerHash" | "revision"> & {
    reactions: string | null;
    myReaction: ReactionKind | null;
  };

/** A thread with what its changes carry besides comments: the page's reactions and where its revisions stand. */
export interface ChangedThread {
  thread: Thread;
  pageReactions: string | null;
  revision: number;
}

export interface ChangesRead {
  site: Site | undefined;
  threads: ChangedThread[];
  rows: ChangedRow[];
  /** False when more than `maxChanges` comments changed: the reader should read the thread again. */
  complete: boolean;
}

function changedColumns(readerHash: string | null) {
  return {
    ...commentViewColumns(readerHash),
    threadId: comments.threadId,
    readerHash: comments.readerHash,
    revision: comments.revision,
  };
}

function threadColumns() {
  return {
    thread: threads,
    pageReactions: reactionCountsSql(sql`${threads.id}`, sql`0`),
    revision: latestRevisionSql(sql`${threads.id}`),
  };
}

/**
 * What changed in one thread after `since` (a revision a thread read or an earlier catch-up returned),
 * oldest change first, in one round trip: the comments with a later revision, the thread as it is now.
 */
export async function readThreadChanges(
  db: Database,
  query: { siteId: string; path: string; since: number; readerHash: string | null },
): Promise<ChangesRead> {
  const threadId = sql`(SELECT ${threads.id} FROM ${threads} WHERE ${threads.siteId} = ${query.siteId} AND ${threads.path} = ${query.path})`;
  const [siteRows, threadRows, rows] = await db.batch([
    db.select().from(sites).where(eq(sites.id, query.siteId)),
    db
      .select(threadColumns())
      .from(threads)
      .where(and(eq(threads.siteId, query.siteId), eq(threads.path, query.path))),
    db
      .select(changedColumns(query.readerHash))
      .from(comments)
      .where(and(eq(comments.threadId, threadId), gt(comments.revision, query.since)))
      .orderBy(asc(comments.revision))
      .limit(maxChanges + 1),
  ]);
  return {
    site: siteRows[0],
    threads: threadRows,
    rows: rows.slice(0, maxChanges),
    complete: rows.length <= maxChanges,
  };
}

/**
 * The statements that read comments of a site as they are now (`which` picks them: by id, or the one
 * just inserted), with their threads: what a change just touched. Run them alone
 * (`readChangedComments`) or at the end of the batch that made the change (a new comment's insert),
 * then give their results to `changesReadOf`.
 */
export function changedCommentsStatements(db: Database, siteId: string, which: SQL) {
  const touched = db
    .select({ threadId: comments.threadId })
    .from(comments)
    .where(and(eq(comments.siteId, siteId), which));
  return [
    db.select().from(sites).where(eq(sites.id, siteId)),
    db.select(threadColumns()).from(threads).where(inArray(threads.id, touched)),
    db
      .select(changedColumns(null))
      .from(comments)
      .where(and(eq(comments.siteId, siteId), which))
      .orderBy(asc(comments.id)),
  ] as const;
}

/** What `changedCommentsStatements` read, as a `ChangesRead`. */
export function changesReadOf([siteRows, threadRows, rows]: readonly [
  Site[],
  ChangedThread[],
  ChangedRow[],
]): ChangesRead {
  return { site: siteRows[0], threads: threadRows, rows, complete: true };
}

/** Comments of a site by id as they are now, with their threads, in one round trip: what a change just touched. */
export async function readChangedComments(db: Database, siteId: string, ids: readonly number[]): Promise<ChangesRead> {
  return changesReadOf(await db.batch(changedCommentsStatements(db, siteId, inArray(comments.id, [...ids]))));
}

/** A thread of a site by path as it is now, with no comments: what a change to the page itself touched. */
export async function readChangedThread(db: Database, siteId: string, path: string): Promise<ChangesRead> {
  const [siteRows, threadRows] = await db.batch([
    db.select().from(sites).where(eq(sites.id, siteId)),
    db
      .select(threadColumns())
      .from(threads)
      .where(and(eq(threads.siteId, siteId), eq(threads.path, path))),
  ]);
  return { site: siteRows[0], threads: threadRows, rows: [], complete: true };
}
