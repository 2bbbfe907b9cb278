import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { MAX_COMMENTS_PER_KEY, MIN_SHARED_KEYS } from "../duplicates";
import type { Database } from "./client";
import { comments, duplicateKeys } from "./schema";

const jsonValues = (values: readonly string[]) => sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`;

/**
 * The query for the earlier comments of a site that share at least `MIN_SHARED_KEYS` of `keys`,
 * most shared first. Unexecuted, so it can join a larger batch; every key's list is capped, so its
 * cost does not grow with the site.
 */
export function candidateQuery(db: Database, siteId: string, keys: readonly string[], limit: number) {
  const shared = db
    .select({ commentId: duplicateKeys.commentId, shared: sql<number>`count(*)`.as("shared") })
    .from(duplicateKeys)
    .where(and(eq(duplicateKeys.siteId, siteId), inArray(duplicateKeys.key, jsonValues(keys))))
    .groupBy(duplicateKeys.commentId)
    .having(sql`count(*) >= ${MIN_SHARED_KEYS}`)
    .orderBy(desc(sql`count(*)`), duplicateKeys.commentId)
    .limit(limit)
    .as("shared");
  return db
    .select({
      id: comments.id,
      thread: comments.threadId,
      author: sql<string>`coalesce(${comments.authorEmail}, ${comments.authorName})`,
      createdAt: comments.createdAt,
      normalized: sql<string>`coalesce(${comments.normalizedBody}, '')`,
    })
    .from(shared)
    .innerJoin(comments, eq(comments.id, shared.commentId))
    .orderBy(desc(shared.shared), comments.id);
}

/**
 * The statement that makes a comment findable by its keys, leaving any key that already lists
 * `MAX_COMMENTS_PER_KEY` comments as it is. `commentId` may be a subquery, for a comment inserted
 * in the same batch.
 */
export function addKeysStatement(db: Database, siteId: string, commentId: number | SQL, keys: readonly string[]) {
  return db
    .insert(duplicateKeys)
    .select(
      db
        .select({
          siteId: sql<string>`${siteId}`.as("site_id"),
          key: sql<string>`value`.as("key"),
          commentId: sql<number>`${commentId}`.as("comment_id"),
        })
        .from(sql`json_each(${JSON.stringify([...new Set(keys)])})`)
        .where(
          sql`(SELECT count(*) FROM ${duplicateKeys} WHERE ${duplicateKeys.siteId} = ${siteId} AND ${duplicateKeys.key} = value) < ${MAX_COMMENTS_PER_KEY}`,
        ),
    )
    .onConflictDoNothing();
}
