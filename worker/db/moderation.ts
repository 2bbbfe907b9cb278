import {
  and,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  like,
  lt,
  lte,
  ne,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { CommentAction, ModeratedComment, Queue } from "../api/admin-schemas";
import type { ModelChange } from "../spam";
import { type Database, qualified } from "./client";
import { auditLog, type Comment, comments, duplicateKeys, reports, threads } from "./schema";
import { modelChangeStatements } from "./spam-model";

const idList = (ids: readonly number[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/** Which of a site's comments each queue holds. */
function queueFilter(siteId: string, queue: Queue): SQL | undefined {
  switch (queue) {
    case "held":
      return eq(comments.status, "pending");
    case "reported":
      return sql`${comments.id} IN (SELECT comment_id FROM reports WHERE site_id = ${siteId} AND resolution IS NULL)`;
    case "spam":
      return eq(comments.status, "spam");
    case "duplicates":
      return and(isNotNull(comments.duplicateOf), ne(comments.status, "deleted"));
    case "deleted":
      return eq(comments.status, "deleted");
    case "all":
      return undefined;
  }
}

const moderatedColumns = {
  comment: comments,
  page: threads.path,
  pageTitle: threads.title,
  /** The open reports, by reason, with their total weight. */
  reports: sql<string | null>`(SELECT json_object('weight', sum(n_weight), 'reasons', json_group_object(reason, n))
    FROM (SELECT reason, count(*) AS n, sum(weight) AS n_weight FROM reports
      WHERE reports.comment_id = ${qualified(comments.id)} AND reports.resolution IS NULL GROUP BY reason))`,
  /** The account its author signed in with, as JSON. */
  identity: sql<string | null>`(SELECT json_object('id', id, 'provider', provider, 'name', name)
    FROM identities WHERE identities.id = ${qualified(comments.identityId)})`,
};

type ModeratedRow = {
  comment: Comment;
  page: string;
  pageTitle: string | null;
  reports: string | null;
  identity: string | null;
};

/** The open reports of a comment as the console shows them, from their JSON; null when there are none. */
function reportsOf(json: string | null): ModeratedComment["reports"] {
  const parsed =
    json === null ? null : (JSON.parse(json) as { weight: number | null; reasons: Record<string, number> });
  return parsed?.weight ? { weight: parsed.weight, reasons: parsed.reasons } : null;
}

/** A stored comment with everything a moderator may see. */
export function toModeratedComment({ comment, page, pageTitle, reports, identity }: ModeratedRow): ModeratedComment {
  return {
    id: comment.id,
    page,
    pageTitle,
    parentId: comment.parentId,
    authorName: comment.authorName,
    authorEmail: comment.authorEmail,
    authorWebsite: comment.authorWebsite,
    ipHash: comment.ipHash,
    mentionSource: comment.mentionSource,
    identity: identity === null ? null : (JSON.parse(identity) as ModeratedComment["identity"]),
    body: comment.body,
    bodyHtml: comment.bodyHtml,
    status: comment.status,
    spamScore: comment.spamScore,
    reasons: comment.reasons,
    duplicate:
      comment.duplicateOf !== null && comment.duplicateKind !== null
        ? { of: comment.duplicateOf, kind: comment.duplicateKind, similarity: comment.duplicateSimilarity ?? 0 }
        : null,
    pinned: comment.pinned,
    staff: comment.staffModeratorId !== null,
    createdAt: new Date(comment.createdAt).toISOString(),
    deletedAt: comment.deletedAt === null ? null : new Date(comment.deletedAt).toISOString(),
    reports: reportsOf(reports),
  };
}

export interface CommentSearch {
  queue: Queue;
  q?: string;
  email?: string;
  ipHash?: string;
  page?: string;
  from?: string;
  to?: string;
  cursor?: number;
  limit: number;
}

/** A page of a site's comments for moderators, newest first, with the size of each queue; one round trip. */
export async function listForModerators(db: Database, siteId: string, search: CommentSearch) {
  const escaped = (text: string) => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  const filters = [
    eq(comments.siteId, siteId),
    queueFilter(siteId, search.queue),
    search.q
      ? or(
          sql`${comments.body} LIKE ${escaped(search.q)} ESCAPE '\\'`,
          sql`${comments.authorName} LIKE ${escaped(search.q)} ESCAPE '\\'`,
        )
      : undefined,
    search.email ? like(comments.authorEmail, search.email.toLowerCase()) : undefined,
    search.ipHash ? eq(comments.ipHash, search.ipHash) : undefined,
    search.page ? eq(threads.path, search.page) : undefined,
    search.from ? gte(comments.createdAt, Date.parse(`${search.from}T00:00:00Z`)) : undefined,
    search.to ? lte(comments.createdAt, Date.parse(`${search.to}T23:59:59.999Z`)) : undefined,
    search.cursor ? lt(comments.id, search.cursor) : undefined,
  ];
  const queueSize = (queue: Queue) =>
    db
      .select({ size: count() })
      .from(comments)
      .where(and(eq(comments.siteId, siteId), queueFilter(siteId, queue)));
  const [rows, held, reported, spam, duplicates] = await db.batch([
    db
      .select(moderatedColumns)
      .from(comments)
      .innerJoin(threads, eq(threads.id, comments.threadId))
      .where(and(...filters))
      .orderBy(desc(comments.id))
      .limit(search.limit + 1),
    queueSize("held"),
    queueSize("reported"),
    queueSize("spam"),
    queueSize("duplicates"),
  ]);
  const shown = rows.slice(0, search.limit);
  return {
    comments: shown.map(toModeratedComment),
    nextCursor: rows.length > search.limit ? String(shown[shown.length - 1]?.comment.id) : null,
    queueSizes: {
      held: held[0]?.size ?? 0,
      reported: reported[0]?.size ?? 0,
      spam: spam[0]?.size ?? 0,
      duplicates: duplicates[0]?.size ?? 0,
    },
  };
}

/** The site's comments among `ids` (others are ignored: a moderator acts on their own site only). */
export async function readCommentsOfSite(db: Database, siteId: string, ids: readonly number[]): Promise<Comment[]> {
  return db
    .select()
    .from(comments)
    .where(and(eq(comments.siteId, siteId), inArray(comments.id, idList(ids))));
}

/** What a purged comment keeps of its text and its author: nothing; it stays only as a placeholder for its replies. */
export const purgedFields = {
  body: "",
  bodyHtml: "",
  normalizedBody: null,
  authorName: "",
  authorEmail: null,
  authorWebsite: null,
  ipHash: null,
  readerHash: null,
  reasons: [],
} satisfies Partial<Comment>;

/** One status change of a bulk action, and the label the classifier learned from it (if any). */
export interface CommentChange {
  id: number;
  status: Comment["status"];
  trainedLabel?: "ham" | "spam";
}

/**
 * Applies an action to comments of one site in a single transaction (one round trip): the changes,
 * the classifier's update, the threads' published counts and the audit entry, all or nothing.
 */
/**
 * What an action says of the open reports on its comments: approving overrules them (their readers'
 * later reports weigh less), marking spam or deleting upholds them; the other actions leave them open.
 */
const reportResolution: Partial<Record<CommentAction, "upheld" | "overruled">> = {
  approve: "overruled",
  not_spam: "overruled",
  spam: "upheld",
  delete: "upheld",
  purge: "upheld",
};

export async function applyAction(
  db: Database,
  input: {
    siteId: string;
    moderatorId: number | null;
    action: CommentAction;
    ids: number[];
    via?: "alert_link" | "webmention" | "fediverse";
    now: number;
    restoreAfter: number;
    modelChange: ModelChange | null;
    changes: CommentChange[];
  },
): Promise<void> {
  const { siteId, ids, now } = input;
  const ofSite = and(eq(comments.siteId, siteId), inArray(comments.id, idList(ids)));
  const statements = [];
  switch (input.action) {
    case "approve":
    case "spam":
    case "not_spam":
      for (const change of input.changes) {
        statements.push(
          db
            .update(comments)
            .set({ status: change.status, trainedLabel: change.trainedLabel })
            .where(and(eq(comments.siteId, siteId), eq(comments.id, change.id))),
        );
      }
      break;
    case "delete":
      statements.push(
        db
          .update(comments)
          .set({ statusBeforeDelete: sql`${comments.status}`, status: "deleted", deletedAt: now })
          .where(and(ofSite, ne(comments.status, "deleted"))),
      );
      break;
    case "restore":
      statements.push(
        db
          .update(comments)
          .set({
            status: sql`coalesce(${comments.statusBeforeDelete}, 'pending')`,
            statusBeforeDelete: null,
            deletedAt: null,
          })
          .where(and(ofSite, eq(comments.status, "deleted"), gte(comments.deletedAt, input.restoreAfter))),
      );
      break;
    case "purge":
      statements.push(
        db.delete(duplicateKeys).where(inArray(duplicateKeys.commentId, idList(ids))),
        db
          .update(comments)
          .set({
            ...purgedFields,
            status: "deleted",
            statusBeforeDelete: null,
            deletedAt: sql`coalesce(${comments.deletedAt}, ${now})`,
          })
          .where(ofSite),
        db
          .delete(comments)
          .where(
            and(ofSite, sql`NOT EXISTS (SELECT 1 FROM comments AS replies WHERE replies.parent_id = comments.id)`),
          ),
      );
      break;
    case "pin":
    case "unpin":
      statements.push(
        db
          .update(comments)
          .set({ pinned: input.action === "pin" })
          .where(ofSite),
      );
      break;
  }
  const resolution = reportResolution[input.action];
  if (resolution) {
    statements.push(
      db
        .update(reports)
        .set({ resolution })
        .where(and(eq(reports.siteId, siteId), inArray(reports.commentId, idList(ids)), isNull(reports.resolution))),
    );
  }
  if (input.modelChange) statements.push(...modelChangeStatements(db, siteId, input.modelChange));
  statements.push(
    recountStatement(db, siteId, ids),
    db.insert(auditLog).values({
      siteId,
      moderatorId: input.moderatorId,
      action: input.action,
      commentIds: ids,
      detail: { count: ids.length, ...(input.via ? { via: input.via } : {}) },
    }),
  );
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

/** Recounts the published comments of the threads that hold `ids`, so counts stay exact after any change. */
export function recountStatement(db: Database, siteId: string, ids: readonly number[]) {
  return db
    .update(threads)
    .set({
      commentCount: sql`(SELECT count(*) FROM ${comments} WHERE ${comments.threadId} = ${threads.id} AND ${comments.status} = 'published')`,
    })
    .where(
      and(
        eq(threads.siteId, siteId),
        inArray(
          threads.id,
          db
            .select({ id: comments.threadId })
            .from(comments)
            .where(and(eq(comments.siteId, siteId), inArray(comments.id, idList(ids)))),
        ),
      ),
    );
}

/** Duplicate clusters of a site: each original with its live copies, the largest clusters first. */
export async function listDuplicateClusters(db: Database, siteId: string, limit = 50) {
  const originalIds = db
    .select({ id: comments.duplicateOf })
    .from(comments)
    .where(and(eq(comments.siteId, siteId), isNotNull(comments.duplicateOf), ne(comments.status, "deleted")))
    .groupBy(comments.duplicateOf)
    .orderBy(desc(count()), desc(comments.duplicateOf))
    .limit(limit);
  const rows = await db
    .select(moderatedColumns)
    .from(comments)
    .innerJoin(threads, eq(threads.id, comments.threadId))
    .where(
      and(
        eq(comments.siteId, siteId),
        or(
          inArray(comments.id, originalIds),
          and(inArray(comments.duplicateOf, originalIds), ne(comments.status, "deleted")),
        ),
      ),
    )
    .orderBy(comments.id);
  const clusters = new Map<number, { original: ModeratedComment; copies: ModeratedComment[] }>();
  for (const row of rows) {
    if (row.comment.duplicateOf === null || !clusters.has(row.comment.duplicateOf)) {
      if (!clusters.has(row.comment.id))
        clusters.set(row.comment.id, { original: toModeratedComment(row), copies: [] });
    }
  }
  for (const row of rows) {
    const cluster = row.comment.duplicateOf === null ? undefined : clusters.get(row.comment.duplicateOf);
    if (cluster && row.comment.status !== "deleted") cluster.copies.push(toModeratedComment(row));
  }
  return [...clusters.values()]
    .filter((cluster) => cluster.copies.length > 0)
    .sort((a, b) => b.copies.length - a.copies.length);
}

/** The live copies of an original comment. */
export async function copiesOf(db: Database, siteId: string, originalId: number): Promise<number[]> {
  const rows = await db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.siteId, siteId), eq(comments.duplicateOf, originalId), ne(comments.status, "deleted")));
  return rows.map((row) => row.id);
}
