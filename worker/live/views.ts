import type { PublicComment, ThreadChanges } from "../api/schemas";
import type { ChangedRow, ChangedThread, ChangesRead } from "../db/changes";
import type { Site } from "../db/schema";
import { parseReactionCounts, toPublicComment } from "../db/threads";
import { isThreadClosed } from "../lib/moderation";

type AvatarHash = (name: string, email: string | null) => Promise<string>;

/**
 * A thread's changes as one reader sees them, in the shape of the thread read: each changed comment
 * as that reader would see it there (flat, `replies` empty), or a `removed` entry with only its place
 * when they may not see it, and the thread as it is now. `reader` null is the public view, which
 * names nobody's reaction; `leaveOutHidden` drops the entries the reader may not see (a new comment
 * held for moderation is nobody else's news).
 */
export async function changesSeenBy(
  site: Site,
  changed: ChangedThread,
  rows: readonly ChangedRow[],
  options: { reader: string | null; avatar: AvatarHash; now: number; complete: boolean; leaveOutHidden?: boolean },
): Promise<ThreadChanges> {
  const { reader } = options;
  const shown: PublicComment[] = [];
  for (const row of rows) {
    const comment = toPublicComment(row, reader !== null && row.readerHash === reader, site.staffLabel);
    if (comment.status === "removed") {
      if (options.leaveOutHidden) continue;
    } else {
      comment.reactions = parseReactionCounts(row.reactions);
      if (reader !== null) comment.myReaction = row.myReaction;
      comment.avatar = await options.avatar(row.authorName, row.authorProven ? row.authorEmail : null);
    }
    shown.push(comment);
  }
  const { thread } = changed;
  return {
    thread: {
      page: thread.path,
      closed: isThreadClosed(thread, site, options.now),
      commentCount: thread.commentCount,
      reactions: parseReactionCounts(changed.pageReactions),
    },
    comments: shown,
    revision: changed.revision,
    complete: options.complete,
  };
}

/** The authors (reader key hashes) of the comments in `rows` that wait for moderation: they see them, nobody else does. */
export function waitingAuthors(rows: readonly ChangedRow[]): string[] {
  const authors = rows
    .filter((row) => (row.status === "pending" || row.status === "spam") && row.readerHash !== null)
    .map((row) => row.readerHash as string);
  return [...new Set(authors)];
}

/** The rows of one thread in a read. */
export function rowsOf(read: ChangesRead, changed: ChangedThread): ChangedRow[] {
  return read.rows.filter((row) => row.threadId === changed.thread.id);
}
