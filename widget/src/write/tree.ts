import type { PublicComment } from "../../../worker/api/schemas";

/** Whether comment `id` is anywhere in `comments`, replies included. */
export function contains(comments: readonly PublicComment[], id: number): boolean {
  return comments.some((comment) => comment.id === id || contains(comment.replies, id));
}

/** Returns `comments` with comment `id` replaced by `change(it)` (or removed, if it returns null), copying only the path to it. */
export function changed(
  comments: PublicComment[],
  id: number,
  change: (comment: PublicComment) => PublicComment | null,
): PublicComment[] {
  return comments.flatMap((comment) => {
    if (comment.id === id) return change(comment) ?? [];
    return comment.replies.length > 0 ? [{ ...comment, replies: changed(comment.replies, id, change) }] : [comment];
  });
}

/** `parent` with `reply` among its replies, in the order they were written. */
export function withReply(parent: PublicComment, reply: PublicComment): PublicComment {
  return { ...parent, replies: [...parent.replies, reply].sort((a, b) => a.id - b.id) };
}

/**
 * Adds to a thread the comments of a flat list (in id order, so parents come first) that it does
 * not show yet, each under its parent.
 */
export function addReplies(thread: { comments: PublicComment[] }, comments: readonly PublicComment[]): void {
  for (const comment of comments) {
    if (comment.parentId === null || contains(thread.comments, comment.id)) continue;
    changeComment(thread, comment.parentId, (parent) => withReply(parent, { ...comment, replies: [] }));
  }
}

/** Replaces comment `id` of a thread by `change(it)`, or removes it when that returns null. */
export function changeComment(
  thread: { comments: PublicComment[] },
  id: number,
  change: (comment: PublicComment) => PublicComment | null,
): void {
  thread.comments = changed(thread.comments, id, change);
}
