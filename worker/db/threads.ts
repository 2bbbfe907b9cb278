import { and, asc, desc, eq, exists, gt, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { limits, type ReactionKind } from "../../common/vocabulary";
import type {
  PageReactions,
  PublicComment,
  ReactionCounts,
  ReactionFromElsewhere,
  ThreadCursor,
  ThreadSort,
} from "../api/schemas";
import { type Database, qualified } from "./client";
import { type Comment, comments, reactions, type Site, sites, type Thread, threads, webmentions } from "./schema";

export interface ThreadPageRead {
  site: Site | undefined;
  thread: Thread | undefined;
  comments: PublicComment[];
  nextCursor: string | null;
  /**
   * Each comment's author, privately, for avatars (worker/render/avatar.ts); never returned as is.
   * The email only where the author proved it, so a typed address never borrows someone's avatar.
   */
  authors: Map<number, { name: string; email: string | null }>;
  /** Reactions to the page itself, and this reader's. */
  pageReactions: PageReactions;
  myPageReaction: ReactionKind | null;
  /** The thread's latest revision (worker/db/changes.ts). */
  revision: number;
}

/** A comment's reactions by kind, as a JSON object, in SQL (grouped subquery). */
export function reactionCountsSql(threadId: SQL, commentId: SQL) {
  return sql<
    string | null
  >`(SELECT json_group_object(kind, n) FROM (SELECT ${reactions.kind} AS kind, count(*) AS n FROM ${reactions} WHERE ${reactions.threadId} = ${threadId} AND ${reactions.commentId} = ${commentId} GROUP BY ${reactions.kind}))`;
}

/** The reaction one reader gave a comment (or the page, with comment id 0), in SQL. */
export function readerReactionSql(threadId: SQL, commentId: SQL, readerHash: string | null) {
  return sql<ReactionKind | null>`(SELECT ${reactions.kind} FROM ${reactions} WHERE ${reactions.threadId} = ${threadId} AND ${reactions.commentId} = ${commentId} AND ${reactions.readerHash} = ${readerHash ?? ""})`;
}

/**
 * The columns every reader's view of a comment is made from (`toPublicComment`, avatars), with its
 * reactions and the reaction `readerHash` gave it: what a thread page and a thread's changes read.
 */
export function commentViewColumns(readerHash: string | null) {
  return {
    id: comments.id,
    parentId: comments.parentId,
    authorName: comments.authorName,
    authorEmail: comments.authorEmail,
    authorProven: comments.authorProven,
    authorWebsite: comments.authorWebsite,
    bodyHtml: comments.bodyHtml,
    status: comments.status,
    createdAt: comments.createdAt,
    pinned: comments.pinned,
    staffModeratorId: comments.staffModeratorId,
    identityRole: sql<
      string | null
    >`(SELECT role FROM identities WHERE identities.id = ${qualified(comments.identityId)})`,
    identityProvider: sql<
      string | null
    >`(SELECT provider FROM identities WHERE identities.id = ${qualified(comments.identityId)})`,
    editedAt: comments.editedAt,
    reactions: reactionCountsSql(qualified(comments.threadId), qualified(comments.id)),
    myReaction: readerReactionSql(qualified(comments.threadId), qualified(comments.id), readerHash),
  };
}

/**
 * A thread's latest revision (0 before its first comment), in SQL. Spelled out with an alias: drizzle
 * leaves columns unqualified inside a subquery, where a thread's "id" would be read as the comment's.
 */
export function latestRevisionSql(threadId: SQL) {
  return sql<number>`coalesce((SELECT max(revised.revision) FROM comments AS revised WHERE revised.thread_id = ${threadId}), 0)`;
}

/** Parses a JSON object of reaction counts as SQLite's json_group_object returns it. */
export function parseReactionCounts(json: string | null): ReactionCounts {
  return json ? (JSON.parse(json) as ReactionCounts) : {};
}

/**
 * Reads a page of a thread in one round trip: the site, the thread, and a keyset page of top-level
 * comments that someone can see, together with the replies beneath them that someone can see (and
 * the hidden ones they hang from). Pending comments are visible only to the reader whose key hash
 * wrote them.
 */
export async function readThreadPage(
  db: Database,
  query: {
    siteId: string;
    path: string;
    cursor: ThreadCursor | number | undefined;
    limit: number;
    readerHash: string | null;
    sort?: ThreadSort;
  },
): Promise<ThreadPageRead> {
  const { siteId, path, limit, readerHash } = query;
  const sort = query.sort ?? "oldest";
  const cursor = typeof query.cursor === "number" ? { id: query.cursor } : query.cursor;
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
  const after = (): SQL | undefined => {
    if (cursor === undefined) return undefined;
    if (sort === "newest") return lt(comments.id, cursor.id);
    if (sort === "top") {
      const score = cursor.score ?? 0;
      return or(lt(comments.score, score), and(eq(comments.score, score), gt(comments.id, cursor.id)));
    }
    return gt(comments.id, cursor.id);
  };
  const candidates = db.$with("candidates").as(
    db
      .select({ id: comments.id, score: comments.score })
      .from(comments)
      .where(and(shownTopLevel(false), after()))
      .orderBy(...pageOrder(sort, comments))
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
  const page = db.$with("page").as(
    db
      .select({ id: candidates.id })
      .from(candidates)
      .orderBy(...pageOrder(sort, candidates))
      .limit(limit),
  );
  const pageIds = db
    .select({ id: page.id })
    .from(page)
    .unionAll(db.select({ id: pinned.id }).from(pinned));
  // The page's comments, the first published replies beneath each and the reader's own held ones,
  // and the hidden ones those hang from (shown as placeholders): each part is an index range, so a
  // flood of spam or deleted replies is never read, nor more replies than one read shows.
  const shownIds = sql`(WITH RECURSIVE kept(id, parent_id) AS (
      SELECT replies.id, replies.parent_id FROM (${pageIds}) AS roots
        JOIN ${comments} AS replies ON replies.id IN (${firstReplies(threadId, sql`roots.id`, sql`0`, limits.repliesPerRead)})
      UNION
      SELECT ${replies.id}, ${replies.parentId} FROM ${comments} AS replies
        WHERE ${and(eq(replies.threadId, threadId), inArray(replies.rootId, pageIds))}
        AND ${replies.status} IN ('pending', 'spam') AND ${replies.readerHash} = ${readerHash ?? ""}
      UNION
      ${hiddenAncestors}
    ) SELECT id FROM kept UNION ALL SELECT id FROM ${page} UNION ALL SELECT id FROM ${pinned})`;
  const [siteRows, threadRows, rows, pageReactionRows, elsewhereRows] = await db.batch([
    db.select().from(sites).where(eq(sites.id, siteId)),
    db
      .select()
      .from(threads)
      .where(and(eq(threads.siteId, siteId), eq(threads.path, path))),
    db
      .with(candidates, pinned, page)
      .select({
        ...commentViewColumns(readerHash),
        score: comments.score,
        mine: sql<number | null>`${comments.readerHash} = ${readerHash}`,
        more: sql<number>`(SELECT count(*) FROM ${candidates}) > ${limit}`,
        moreRepliesFrom: sql<number | null>`CASE WHEN ${comments.rootId} IS NULL
          THEN (${firstReplies(threadId, sql`"comments"."id"`, sql`0`, 1, limits.repliesPerRead)}) END`,
      })
      .from(comments)
      .where(inArray(comments.id, shownIds))
      .orderBy(comments.id),
    db
      .select({
        reactions: reactionCountsSql(threadId, sql`0`),
        myReaction: readerReactionSql(threadId, sql`0`, readerHash),
        revision: latestRevisionSql(threadId),
      })
      .from(sql`(SELECT 1)`),
    db
      .select({
        kind: webmentions.detail,
        name: webmentions.authorName,
        photo: webmentions.authorPhoto,
        url: webmentions.source,
        total: sql<number>`count(*) OVER (PARTITION BY ${webmentions.detail})`,
      })
      .from(webmentions)
      .where(
        and(
          eq(webmentions.siteId, siteId),
          eq(webmentions.page, path),
          eq(webmentions.status, "accepted"),
          inArray(webmentions.detail, ["like", "repost"]),
        ),
      )
      .orderBy(desc(webmentions.updatedAt))
      .limit(facesShown),
  ]);
  const site = siteRows[0];
  const scores = new Map(rows.map((row) => [row.id, row.score]));
  const tree = buildTree(rows, site?.staffLabel ?? null);
  const ordered = tree.filter((comment) => !comment.pinned).sort(inMemoryOrder(sort, scores));
  const lastInOrder = ordered.at(-1);
  const nextCursor =
    rows.some((row) => row.more === 1) && lastInOrder
      ? sort === "top"
        ? `${scores.get(lastInOrder.id) ?? 0}.${lastInOrder.id}`
        : String(lastInOrder.id)
      : null;
  return {
    site,
    thread: threadRows[0],
    comments: [...tree.filter((comment) => comment.pinned), ...ordered],
    nextCursor,
    authors: authorsOf(rows),
    pageReactions: withElsewhere(
      parseReactionCounts(pageReactionRows[0]?.reactions ?? null),
      elsewhereRows,
      threadRows[0]?.fediverseStatus ?? null,
    ),
    myPageReaction: pageReactionRows[0]?.myReaction ?? null,
    revision: pageReactionRows[0]?.revision ?? 0,
  };
}

/**
 * Reads on under top-level comment `root` of a page: the next published replies from id `from`, with
 * the comments they hang from (as placeholders where hidden), flat in id order, and where to read on
 * from; one round trip, as far as one read returns and no further.
 */
export async function readMoreReplies(
  db: Database,
  query: { siteId: string; path: string; root: number; from: number; readerHash: string | null },
) {
  const { siteId, path, readerHash } = query;
  const threadId = sql`(SELECT ${threads.id} FROM ${threads} WHERE ${threads.siteId} = ${siteId} AND ${threads.path} = ${path})`;
  const root = sql`${query.root}`;
  const from = sql`${query.from}`;
  const shownIds = sql`(WITH RECURSIVE kept(id, parent_id) AS (
      SELECT replies.id, replies.parent_id FROM ${comments} AS replies
        WHERE replies.id IN (${firstReplies(threadId, root, from, limits.repliesPerRead)})
      UNION
      ${hiddenAncestors}
    ) SELECT id FROM kept)`;
  const [siteRows, threadRows, rows, beyond] = await db.batch([
    db.select().from(sites).where(eq(sites.id, siteId)),
    db
      .select()
      .from(threads)
      .where(and(eq(threads.siteId, siteId), eq(threads.path, path))),
    db
      .select({ ...commentViewColumns(readerHash), mine: sql<number | null>`${comments.readerHash} = ${readerHash}` })
      .from(comments)
      .where(inArray(comments.id, shownIds))
      .orderBy(comments.id),
    db
      .select({ from: sql<number | null>`(${firstReplies(threadId, root, from, 1, limits.repliesPerRead)})` })
      .from(sql`(SELECT 1)`),
  ]);
  const site = siteRows[0];
  return {
    site,
    thread: threadRows[0],
    comments: rows.map((row) => viewOf(row, site?.staffLabel ?? null)),
    authors: authorsOf(rows),
    moreReplies: beyond[0]?.from ?? null,
  };
}

/** The SQL order of top-level comments for a sort: oldest first, newest first, or most reactions first. */
type Orderable = Parameters<typeof asc>[0];
function pageOrder(sort: ThreadSort, table: { id: Orderable; score: Orderable }) {
  if (sort === "newest") return [desc(table.id)];
  if (sort === "top") return [desc(table.score), asc(table.id)];
  return [asc(table.id)];
}

/** The same order in memory, for a page's top-level comments. */
function inMemoryOrder(sort: ThreadSort, scores: Map<number, number>) {
  return (a: PublicComment, b: PublicComment) => {
    if (sort === "newest") return b.id - a.id;
    if (sort === "top") return (scores.get(b.id) ?? 0) - (scores.get(a.id) ?? 0) || a.id - b.id;
    return a.id - b.id;
  };
}

/** The columns a public comment is made from. */
export type PublicSource = Pick<
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
> &
  Partial<Pick<Comment, "editedAt">> & {
    /** The role of the signed-in identity that wrote it, if any (staff show the staff label). */
    identityRole?: string | null;
    /** How that identity signed in (`github`, `sso`, `email`…), shown as a small mark. */
    identityProvider?: string | null;
  };

export type ThreadRow = PublicSource & {
  mine: number | null;
  /** On a top-level comment: the first published reply under it that the read left out, if any. */
  moreRepliesFrom?: number | null;
  reactions?: string | null;
  myReaction?: ReactionKind | null;
};

/**
 * SQL for the ids of the first `count` published replies under top-level comment `rootId` from id
 * `from` on, skipping `offset`: one index range, read no further than it returns.
 */
function firstReplies(threadId: SQL, rootId: SQL, from: SQL, count: number, offset = 0) {
  return sql`SELECT first.id FROM comments AS first
    WHERE first.thread_id = ${threadId} AND first.root_id = ${rootId} AND first.status = 'published' AND first.id >= ${from}
    ORDER BY first.id LIMIT ${count} OFFSET ${offset}`;
}

/** The recursive step that adds to `kept` the comments its replies hang from, up to (not including) their top-level comment. */
const hiddenAncestors = sql`SELECT ${comments.id}, ${comments.parentId} FROM ${comments} JOIN kept ON ${comments.id} = kept.parent_id
      WHERE ${comments.rootId} IS NOT NULL`;

/** Pinned top-level comments shown above the others on a thread's first page. */
const maxPinned = 5;

interface TreeNode {
  comment: PublicComment;
  /** Where it hangs in the tree: its parent, or its parent's parent when the parent is as deep as replies go. */
  parent: TreeNode | undefined;
  depth: number;
  shown: boolean;
}

/** A row of a thread read as its reader sees it, with its reactions unless it is a placeholder; `replies` empty. */
function viewOf(row: ThreadRow, staffLabel: string | null): PublicComment {
  const comment = toPublicComment(row, row.mine === 1, staffLabel);
  if (row.moreRepliesFrom != null) comment.moreReplies = row.moreRepliesFrom;
  if (comment.status !== "removed") {
    comment.reactions = parseReactionCounts(row.reactions ?? null);
    comment.myReaction = row.myReaction ?? null;
  }
  return comment;
}

/** Who wrote each comment of a read, for avatars: the email only where its author proved it. */
function authorsOf(rows: readonly Pick<Comment, "id" | "authorName" | "authorProven" | "authorEmail">[]) {
  return new Map(
    rows.map((row) => [row.id, { name: row.authorName, email: row.authorProven ? row.authorEmail : null }]),
  );
}

/**
 * Builds the reply tree in O(n), without recursion, from rows in id order (a parent is always older
 * than its replies). No reply hangs deeper than `limits.replyDepth`, whatever the stored rows say
 * (chains imported before the limit). Comments nobody may see are dropped, unless visible replies
 * hang beneath them: then they stay as `removed` placeholders without author or text, so the
 * conversation keeps its shape.
 */
export function buildTree(rows: ThreadRow[], staffLabel: string | null): PublicComment[] {
  const nodes = new Map<number, TreeNode>();
  const placed: TreeNode[] = [];
  for (const row of rows) {
    const comment = viewOf(row, staffLabel);
    let parent = row.parentId === null ? undefined : nodes.get(row.parentId);
    if (row.parentId !== null && !parent) continue;
    if (parent && parent.depth >= limits.replyDepth) parent = parent.parent;
    const node = { comment, parent, depth: parent ? parent.depth + 1 : 0, shown: comment.status !== "removed" };
    nodes.set(row.id, node);
    placed.push(node);
  }
  for (const node of placed.toReversed()) if (node.shown && node.parent) node.parent.shown = true;
  const topLevel: PublicComment[] = [];
  for (const node of placed) {
    if (!node.shown) continue;
    if (node.parent) node.parent.comment.replies.push(node.comment);
    else topLevel.push(node.comment);
  }
  return topLevel;
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
    badge: visible && (comment.staffModeratorId !== null || comment.identityRole === "staff") ? staffLabel : null,
    replies: [],
    editedAt: visible && comment.editedAt ? new Date(comment.editedAt).toISOString() : null,
    ...(visible && comment.identityProvider ? { signedInWith: comment.identityProvider } : {}),
  };
}

/** Faces of likes and reposts from other sites a thread read shows at most. */
const facesShown = 20;

/** The page's reactions with the likes and reposts from other sites, when there are any. */
function withElsewhere(
  counts: ReactionCounts,
  rows: readonly { kind: string | null; name: string | null; photo: string | null; url: string; total: number }[],
  fediverse: string | null,
): PageReactions {
  if (rows.length === 0 && fediverse === null) return counts;
  const total = (kind: string) => rows.find((row) => row.kind === kind)?.total ?? 0;
  const people: ReactionFromElsewhere[] = rows.map((row) => ({
    kind: row.kind === "repost" ? "repost" : "like",
    name: row.name ?? new URL(row.url).hostname,
    photo: row.photo?.startsWith("https://") ? row.photo : null,
    url: row.url,
  }));
  return { ...counts, elsewhere: { likes: total("like"), reposts: total("repost"), people, fediverse } };
}

/**
 * A site and the published-comment counts of up to 50 of its pages, in one round trip; pages without a
 * thread count 0. A site that leaves replies from elsewhere out of its counts has them subtracted.
 */
export async function countComments(
  db: Database,
  siteId: string,
  paths: string[],
): Promise<{ site: Site | undefined; counts: Record<string, number> }> {
  const [siteRows, rows] = await db.batch([
    db.select().from(sites).where(eq(sites.id, siteId)),
    db
      .select({
        path: threads.path,
        commentCount: sql<number>`${threads.commentCount} - CASE WHEN (SELECT ${sites.countMentions} FROM ${sites} WHERE ${sites.id} = ${siteId}) THEN 0
          ELSE (SELECT count(*) FROM ${comments} WHERE ${comments.threadId} = ${qualified(threads.id)} AND ${comments.status} = 'published'
            AND ${comments.mentionSource} IS NOT NULL) END`,
      })
      .from(threads)
      .where(and(eq(threads.siteId, siteId), inArray(threads.path, paths))),
  ]);
  const counts: Record<string, number> = Object.fromEntries(paths.map((path) => [path, 0]));
  for (const row of rows) counts[row.path] = row.commentCount;
  return { site: siteRows[0], counts };
}
