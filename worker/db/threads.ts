import { and, eq, exists, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { PublicComment } from "../api/schemas";
import type { Database } from "./client";
import { type Comment, comments, type Site, sites, type Thread, threads } from "./schema";

export interface ThreadPageRead {
  site: Site | undefined;
  thread: Thread | undefined;
  comments: PublicComment[];
  nextCursor: string | null;
}

/**
 * Reads a page of a thread in one round trip: the site, the thread, and a keyset page of top-level
 * comments that someone can see, together with every reply beneath them. Pending comments are
 * visible only to the reader whose key hash wrote them.
 */
export async function readThreadPage(
  db: Database,
  query: { siteId: string; path: string; cursor: number | undefined; limit: number; readerHash: string | null },
): Promise<ThreadPageRead> {
  const { siteId, path, limit, readerHash } = query;
  const threadId = sql`(SELECT ${threads.id} FROM ${threads} WHERE ${threads.siteId} = ${siteId} AND ${threads.path} = ${path})`;
  const replies = alias(comments, "replies");
  const visible = (table: typeof comments | typeof replies) =>
    or(
      eq(table.status, "published"),
      and(inArray(table.status, ["pending", "spam"]), eq(table.readerHash, readerHash ?? "")),
    );
  const shownTopLevel = (pinned: boolean) =>
    and(
      eq(comments.threadId, threadId),
      isNull(comments.rootId),
      eq(comments.pinned, pinned),
      or(
        visible(comments),
        exists(
          db
            .select({ one: sql`1` })
            .from(replies)
            .where(and(eq(replies.threadId, comments.threadId), eq(replies.rootId, comments.id), visible(replies))),
        ),
      ),
    );
  const candidates = db.$with("candidates").as(
    db
      .select({ id: comments.id })
      .from(comments)
      .where(and(shownTopLevel(false), gt(comments.id, query.cursor ?? 0)))
      .orderBy(comments.id)
      .limit(limit + 1),
  );
  const pinned = db.$with("pinned").as(
    db
      .select({ id: comments.id })
      .from(comments)
      .where(query.cursor === undefined ? shownTopLevel(true) : sql`false`)
      .orderBy(comments.id)
      .limit(maxPinned),
  );
  const page = db
    .$with("page")
    .as(db.select({ id: candidates.id }).from(candidates).orderBy(candidates.id).limit(limit));
  const pageIds = db
    .select({ id: page.id })
    .from(page)
    .unionAll(db.select({ id: pinned.id }).from(pinned));
  const [siteRows, threadRows, rows] = await db.batch([
    db.select().from(sites).where(eq(sites.id, siteId)),
    db
      .select()
      .from(threads)
      .where(and(eq(threads.siteId, siteId), eq(threads.path, path))),
    db
      .with(candidates, pinned, page)
      .select({
        id: comments.id,
        parentId: comments.parentId,
        authorName: comments.authorName,
        authorWebsite: comments.authorWebsite,
        bodyHtml: comments.bodyHtml,
        status: comments.status,
        createdAt: comments.createdAt,
        pinned: comments.pinned,
        staffModeratorId: comments.staffModeratorId,
        mine: sql<number | null>`${comments.readerHash} = ${readerHash}`,
        more: sql<number>`(SELECT count(*) FROM ${candidates}) > ${limit}`,
      })
      .from(comments)
      .where(and(eq(comments.threadId, threadId), or(inArray(comments.id, pageIds), inArray(comments.rootId, pageIds))))
      .orderBy(comments.id),
  ]);
  const site = siteRows[0];
  const tree = buildTree(rows, site?.staffLabel ?? null);
  const lastInOrder = tree.filter((comment) => !comment.pinned).at(-1);
  return {
    site,
    thread: threadRows[0],
    comments: [...tree.filter((comment) => comment.pinned), ...tree.filter((comment) => !comment.pinned)],
    nextCursor: rows.some((row) => row.more === 1) && lastInOrder ? String(lastInOrder.id) : null,
  };
}

/** The columns a public comment is made from. */
type PublicSource = Pick<
  Comment,
  | "id"
  | "parentId"
  | "authorName"
  | "authorWebsite"
  | "bodyHtml"
  | "status"
  | "createdAt"
  | "pinned"
  | "staffModeratorId"
>;

export type ThreadRow = PublicSource & { mine: number | null };

/** Pinned top-level comments shown above the others on a thread's first page. */
const maxPinned = 5;

/**
 * Builds the reply tree in O(n) from rows in id order (a parent is always older than its replies).
 * Comments nobody may see are dropped, unless visible replies hang beneath them: then they stay as
 * `removed` placeholders without author or text, so the conversation keeps its shape.
 */
export function buildTree(rows: ThreadRow[], staffLabel: string | null): PublicComment[] {
  const nodes = new Map<number, { comment: PublicComment; shown: boolean }>();
  const topLevel: PublicComment[] = [];
  for (const row of rows) {
    const comment = toPublicComment(row, row.mine === 1, staffLabel);
    nodes.set(row.id, { comment, shown: comment.status !== "removed" });
    const parent = row.parentId === null ? undefined : nodes.get(row.parentId);
    if (parent) parent.comment.replies.push(comment);
    else if (row.parentId === null) topLevel.push(comment);
  }
  for (const row of rows.toReversed()) {
    const parent = row.parentId === null ? undefined : nodes.get(row.parentId);
    if (parent && nodes.get(row.id)?.shown) parent.shown = true;
  }
  const prune = (list: PublicComment[]): PublicComment[] =>
    list
      .filter((comment) => nodes.get(comment.id)?.shown)
      .map((comment) => Object.assign(comment, { replies: prune(comment.replies) }));
  return prune(topLevel);
}

/**
 * A stored comment as readers see it: author and text only while it is published, or waiting for a
 * moderator and shown to its own author (a comment judged spam looks the same to its author as a
 * held one, "awaiting moderation", so a spammer learns nothing); otherwise a `removed` placeholder
 * that keeps its place in the tree.
 */
export function toPublicComment(
  comment: PublicSource,
  isReadersOwn: boolean,
  staffLabel: string | null,
): PublicComment {
  const waiting = comment.status === "pending" || comment.status === "spam";
  const visible = comment.status === "published" || (waiting && isReadersOwn);
  return {
    id: comment.id,
    parentId: comment.parentId,
    authorName: visible ? comment.authorName : "",
    authorWebsite: visible && /^https?:\/\//i.test(comment.authorWebsite ?? "") ? comment.authorWebsite : null,
    bodyHtml: visible ? comment.bodyHtml : "",
    createdAt: new Date(comment.createdAt).toISOString(),
    status: visible ? (waiting ? "pending" : "published") : "removed",
    pinned: comment.pinned,
    badge: visible && comment.staffModeratorId !== null ? staffLabel : null,
    replies: [],
  };
}

/** A site and the published-comment counts of up to 50 of its pages, in one round trip; pages without a thread count 0. */
export async function countComments(
  db: Database,
  siteId: string,
  paths: string[],
): Promise<{ site: Site | undefined; counts: Record<string, number> }> {
  const [siteRows, rows] = await db.batch([
    db.select().from(sites).where(eq(sites.id, siteId)),
    db
      .select({ path: threads.path, commentCount: threads.commentCount })
      .from(threads)
      .where(and(eq(threads.siteId, siteId), inArray(threads.path, paths))),
  ]);
  const counts: Record<string, number> = Object.fromEntries(paths.map((path) => [path, 0]));
  for (const row of rows) counts[row.path] = row.commentCount;
  return { site: siteRows[0], counts };
}
