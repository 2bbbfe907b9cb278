import { and, eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { type Comment, type CommentStatus, comments, type Site, sites, type Thread, threads } from "./schema";

/** Everything the decision about a new comment depends on, read in one round trip. */
export interface PostContext {
  site: Site | undefined;
  thread: Thread | undefined;
  /** The comment an earlier submission with the same idempotency key created. */
  earlier: Comment | undefined;
  parent: Comment | undefined;
  /** Whether the author's email already has a published comment on this site. */
  authorIsKnown: boolean;
}

export async function readPostContext(
  db: Database,
  query: { siteId: string; path: string; idempotencyKey: string; parentId?: number; authorEmail?: string },
): Promise<PostContext> {
  const { siteId, path, idempotencyKey } = query;
  const [siteRows, threadRows, earlierRows, parentRows, knownRows] = await db.batch([
    db.select().from(sites).where(eq(sites.id, siteId)),
    db
      .select()
      .from(threads)
      .where(and(eq(threads.siteId, siteId), eq(threads.path, path))),
    db
      .select()
      .from(comments)
      .where(and(eq(comments.siteId, siteId), eq(comments.idempotencyKey, idempotencyKey))),
    db
      .select()
      .from(comments)
      .where(and(eq(comments.siteId, siteId), eq(comments.id, query.parentId ?? 0))),
    db
      .select({ id: comments.id })
      .from(comments)
      .where(
        and(
          eq(comments.siteId, siteId),
          eq(comments.authorEmail, query.authorEmail ?? ""),
          eq(comments.status, "published"),
        ),
      )
      .limit(1),
  ]);
  return {
    site: siteRows[0],
    thread: threadRows[0],
    earlier: earlierRows[0],
    parent: parentRows[0],
    authorIsKnown: knownRows.length > 0,
  };
}

export interface CommentToInsert {
  siteId: string;
  path: string;
  pageTitle: string | null;
  pageUrl: string | null;
  parent: Comment | undefined;
  authorName: string;
  authorEmail: string | null;
  authorWebsite: string | null;
  body: string;
  bodyHtml: string;
  status: CommentStatus;
  readerHash: string | null;
  idempotencyKey: string;
}

/** Thrown when another request stored a comment with the same idempotency key first. */
export class IdempotencyConflict extends Error {}

/**
 * Stores a new comment in one transaction: creates the page's thread if this is its first comment,
 * inserts the comment and keeps the thread's published count in step.
 */
export async function insertComment(
  db: Database,
  input: CommentToInsert,
): Promise<{ comment: Comment; commentCount: number }> {
  const threadId = sql`(SELECT id FROM threads WHERE site_id = ${input.siteId} AND path = ${input.path})`;
  try {
    const [, inserted, counted] = await db.batch([
      db
        .insert(threads)
        .values({ siteId: input.siteId, path: input.path, title: input.pageTitle, url: input.pageUrl })
        .onConflictDoNothing(),
      db
        .insert(comments)
        .values({
          siteId: input.siteId,
          threadId,
          parentId: input.parent?.id ?? null,
          rootId: input.parent ? (input.parent.rootId ?? input.parent.id) : null,
          depth: input.parent ? input.parent.depth + 1 : 0,
          authorName: input.authorName,
          authorEmail: input.authorEmail,
          authorWebsite: input.authorWebsite,
          body: input.body,
          bodyHtml: input.bodyHtml,
          status: input.status,
          readerHash: input.readerHash,
          idempotencyKey: input.idempotencyKey,
        })
        .returning(),
      db
        .update(threads)
        .set({ commentCount: sql`${threads.commentCount} + ${input.status === "published" ? 1 : 0}` })
        .where(and(eq(threads.siteId, input.siteId), eq(threads.path, input.path)))
        .returning({ commentCount: threads.commentCount }),
    ]);
    const comment = inserted[0];
    if (!comment) throw new Error("the comment insert returned no row");
    return { comment, commentCount: counted[0]?.commentCount ?? 0 };
  } catch (error) {
    if (String((error as Error)?.message).includes("comments.idempotency_key")) throw new IdempotencyConflict();
    throw error;
  }
}

/** The comment stored under an idempotency key, and its thread's published count. */
export async function readByIdempotencyKey(
  db: Database,
  siteId: string,
  idempotencyKey: string,
): Promise<{ comment: Comment; commentCount: number } | undefined> {
  const rows = await db
    .select({ comment: comments, commentCount: threads.commentCount })
    .from(comments)
    .innerJoin(threads, eq(threads.id, comments.threadId))
    .where(and(eq(comments.siteId, siteId), eq(comments.idempotencyKey, idempotencyKey)));
  return rows[0];
}
