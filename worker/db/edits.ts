import { and, eq, sql } from "drizzle-orm";
import type { CommentStatus } from "../../common/vocabulary";
import type { Database } from "./client";
import { addKeysStatement } from "./duplicate-index";
import {
  type Comment,
  comments,
  duplicateKeys,
  type Site,
  type StoredReason,
  sites,
  type Thread,
  threads,
} from "./schema";

/** A comment with its site and thread, as an author's edit or delete needs them, in one round trip. */
export async function readOwnComment(
  db: Database,
  siteId: string,
  id: number,
): Promise<{ site: Site | undefined; found: { comment: Comment; thread: Thread } | undefined }> {
  // Separate statements, not a join: in a D1 batch, same-named columns of joined tables would collide.
  const [siteRows, commentRows, threadRows] = await db.batch([
    db.select().from(sites).where(eq(sites.id, siteId)),
    db
      .select()
      .from(comments)
      .where(and(eq(comments.siteId, siteId), eq(comments.id, id))),
    db
      .select()
      .from(threads)
      .where(
        eq(
          threads.id,
          sql`(SELECT ${comments.threadId} FROM ${comments} WHERE ${comments.siteId} = ${siteId} AND ${comments.id} = ${id})`,
        ),
      ),
  ]);
  const [comment, thread] = [commentRows[0], threadRows[0]];
  return { site: siteRows[0], found: comment && thread ? { comment, thread } : undefined };
}

/** Whether a published comment stays published, becomes held, or becomes spam: an edit never lowers a verdict. */
const severity: Record<CommentStatus, number> = { published: 0, pending: 1, spam: 2, deleted: 3 };

/** The status after an edit: the stricter of the comment's status and the new verdict. */
export function statusAfterEdit(before: CommentStatus, verdict: CommentStatus): CommentStatus {
  return severity[verdict] > severity[before] ? verdict : before;
}

/**
 * Stores an author's edit in one transaction: the new text and verdict, `edited_at`, the thread's
 * published count kept in step, and the comment's duplicate keys replaced by the new text's.
 */
export async function updateOwnComment(
  db: Database,
  input: {
    comment: Comment;
    body: string;
    bodyHtml: string;
    normalizedBody: string;
    status: CommentStatus;
    spamScore: number;
    reasons: StoredReason[];
    duplicateKeys: readonly string[];
    editedAt: number;
  },
): Promise<{ comment: Comment; commentCount: number }> {
  const { comment } = input;
  const delta = (input.status === "published" ? 1 : 0) - (comment.status === "published" ? 1 : 0);
  const [updated, counted] = await db.batch([
    db
      .update(comments)
      .set({
        body: input.body,
        bodyHtml: input.bodyHtml,
        normalizedBody: input.normalizedBody,
        status: input.status,
        spamScore: input.spamScore,
        reasons: input.reasons,
        editedAt: input.editedAt,
      })
      .where(eq(comments.id, comment.id))
      .returning(),
    db
      .update(threads)
      .set({ commentCount: sql`${threads.commentCount} + ${delta}` })
      .where(eq(threads.id, comment.threadId))
      .returning({ commentCount: threads.commentCount }),
    db.delete(duplicateKeys).where(eq(duplicateKeys.commentId, comment.id)),
    addKeysStatement(db, comment.siteId, comment.id, input.duplicateKeys),
  ]);
  return { comment: updated[0] ?? comment, commentCount: counted[0]?.commentCount ?? 0 };
}

/** Deletes an author's comment as a moderator would (restorable), keeping the thread's count in step. */
export async function deleteOwnComment(db: Database, comment: Comment, now: number): Promise<{ commentCount: number }> {
  const [, counted] = await db.batch([
    db
      .update(comments)
      .set({ status: "deleted", statusBeforeDelete: comment.status, deletedAt: now })
      .where(eq(comments.id, comment.id)),
    db
      .update(threads)
      .set({ commentCount: sql`${threads.commentCount} - ${comment.status === "published" ? 1 : 0}` })
      .where(eq(threads.id, comment.threadId))
      .returning({ commentCount: threads.commentCount }),
  ]);
  return { commentCount: counted[0]?.commentCount ?? 0 };
}
