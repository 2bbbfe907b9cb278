/**
 * Turns an import source into pages to write and the SQL that writes them.
 *
 * A page (one Chorus thread, keyed by its normalised path) is the unit of import: several source
 * threads whose addresses normalise to one path merge into one page, and a page with any problem
 * (a comment whose parent is not in the file, a record that could not be read ...) is left out
 * whole, never written in part. Pages are written in chunks; each chunk's statements are meant to
 * run as one transaction (`wrangler d1 execute --file` runs a file as one), so a failing chunk
 * changes nothing.
 *
 * The SQL is plain text with literal values (no bound parameters), every statement under
 * `MAX_STATEMENT_BYTES`, the limit D1 sets on one statement. It is idempotent: threads are upserted,
 * comments inserted with ON CONFLICT (site_id, idempotency_key) DO NOTHING, parents and roots found
 * by their idempotency keys, so importing a file again adds nothing. Comments feed the duplicate
 * index exactly as posting does (`normalized_body`, and `duplicate_keys` rows capped at
 * `MAX_COMMENTS_PER_KEY` comments per key, see worker/db/duplicate-index.ts).
 */

import type { CommentStatus } from "../common/vocabulary";
import { limits, replyPlacement } from "../common/vocabulary";
import { comparableForm, MAX_COMMENTS_PER_KEY } from "../worker/duplicates";
import { renderMarkdown } from "../worker/render/markdown";
import type { ImportSource, Problem, SourceComment } from "./source";
import { sqlValue } from "./sql";

/** D1 refuses statements longer than 100 kB; stay clear of it. */
export const MAX_STATEMENT_BYTES = 90_000;

export interface PlannedComment extends SourceComment {
  /** Its depth in the tree, at most `limits.replyDepth`; `parentKey` is where it is stored (`replyPlacement`). */
  depth: number;
  /** The top-level comment of its subtree; null for a top-level comment. */
  rootKey: string | null;
}

/** A planned comment with what is stored beside its text: its HTML and its duplicate-index entry. */
export interface PreparedComment extends PlannedComment {
  bodyHtml: string;
  normalized: string;
  duplicateKeys: string[];
}

const prepared = new WeakMap<PlannedComment, PreparedComment>();

/**
 * Renders a comment's HTML and computes its normalised text and duplicate keys exactly as posting
 * does (`comparableForm`). Done when a chunk is written rather than when the plan is made, so a
 * large import can prepare the next chunk while the database writes the last.
 */
export function prepareComment(comment: PlannedComment): PreparedComment {
  const known = prepared.get(comment);
  if (known) return known;
  const { normalized, fingerprint } = comparableForm(comment.body);
  const result = {
    ...comment,
    bodyHtml: renderMarkdown(comment.body),
    normalized,
    duplicateKeys: [...new Set(fingerprint.keys)],
  };
  prepared.set(comment, result);
  return result;
}

export interface PlannedPage {
  path: string;
  title: string | null;
  url: string | null;
  closed: boolean;
  /** The earliest date known for the page: its thread's or its first comment's (null: none known). */
  createdAt: number | null;
  /** In the order they are written: by depth, then oldest first, so a parent always comes first. */
  comments: PlannedComment[];
  /** The source threads merged into this page. */
  threadKeys: string[];
}

export interface ImportPlan {
  pages: PlannedPage[];
  problems: Problem[];
  /** Comments not imported because of problems, and how many pages they would have made. */
  skipped: { pages: number; comments: number; reasons: Record<string, number> };
  /** Left out on purpose, by reason (pingbacks, threads without comments ...). */
  leftOut: Record<string, number>;
}

function countReason(reasons: Record<string, number>, reason: string, count: number): void {
  reasons[reason] = (reasons[reason] ?? 0) + count;
}

/** Plans an import: pages ready to write, and every problem that kept something out. */
export function planImport(source: ImportSource): ImportPlan {
  const problems = [...source.problems];
  const skipped = { pages: 0, comments: 0, reasons: {} as Record<string, number> };
  const leftOut = { ...source.leftOut };
  const threads = new Map(source.threads.map((thread) => [thread.key, thread]));
  const brokenThreads = new Set(problems.flatMap((problem) => (problem.threadKey ? [problem.threadKey] : [])));
  /** Records of each thread that could not be read at all: they count as skipped comments. */
  const unreadable = new Map<string, number>();
  for (const problem of source.problems) {
    if (problem.threadKey === undefined) {
      skipped.comments++;
      countReason(skipped.reasons, "records that could not be read", 1);
    } else {
      unreadable.set(problem.threadKey, (unreadable.get(problem.threadKey) ?? 0) + 1);
    }
  }

  const byThread = new Map<string, SourceComment[]>();
  for (const comment of source.comments) {
    if (!threads.has(comment.threadKey)) {
      problems.push({ location: comment.location, message: `its thread ${comment.threadKey} is not in the file` });
      skipped.comments++;
      countReason(skipped.reasons, "comments pointing at a thread not in the file", 1);
      continue;
    }
    const list = byThread.get(comment.threadKey) ?? [];
    list.push(comment);
    byThread.set(comment.threadKey, list);
  }
  for (const thread of source.threads) {
    if (!byThread.has(thread.key) && (source.keepEmptyThreads || brokenThreads.has(thread.key))) {
      byThread.set(thread.key, []);
    }
  }
  leftOut["threads without comments"] =
    (leftOut["threads without comments"] ?? 0) +
    source.threads.filter((thread) => !byThread.has(thread.key) && !brokenThreads.has(thread.key)).length;
  if (leftOut["threads without comments"] === 0) delete leftOut["threads without comments"];

  // Group the source threads into pages by path.
  const pages = new Map<string, { threadKeys: string[]; comments: SourceComment[] }>();
  for (const [threadKey, comments] of byThread) {
    const thread = threads.get(threadKey);
    if (!thread) continue;
    if (thread.path === null) {
      problems.push({
        location: thread.location,
        message: `the thread has no usable page address (<link>), so its ${comments.length} comments have no page`,
        threadKey,
      });
      brokenThreads.add(threadKey);
      skipped.comments += comments.length + (unreadable.get(threadKey) ?? 0);
      skipped.pages++;
      countReason(skipped.reasons, "threads without a page address", 1);
      continue;
    }
    const page = pages.get(thread.path) ?? { threadKeys: [], comments: [] };
    page.threadKeys.push(threadKey);
    page.comments.push(...comments);
    pages.set(thread.path, page);
  }

  const allComments = new Map(source.comments.map((comment) => [comment.key, comment]));
  const planned: PlannedPage[] = [];
  for (const [path, page] of pages) {
    const pageProblems: Problem[] = [];
    const inPage = new Map(page.comments.map((comment) => [comment.key, comment]));
    for (const comment of page.comments) {
      if (comment.parentKey !== null && !inPage.has(comment.parentKey)) {
        const elsewhere = allComments.get(comment.parentKey);
        pageProblems.push({
          location: comment.location,
          message: elsewhere
            ? `its parent ${comment.parentKey} belongs to another page`
            : `its parent ${comment.parentKey} is not in the file`,
        });
      }
      if (Array.from(comment.body).length > limits.body) {
        pageProblems.push({
          location: comment.location,
          message: `the text is ${Array.from(comment.body).length.toLocaleString("en")} characters; Chorus keeps at most ${limits.body.toLocaleString("en")}`,
        });
      }
    }
    const depths = new Map<string, { parentKey: string | null; depth: number; rootKey: string | null }>();
    if (pageProblems.length === 0) {
      for (const comment of page.comments) {
        const chain: SourceComment[] = [];
        const inChain = new Set<SourceComment>();
        let current: SourceComment | undefined = comment;
        while (current && !depths.has(current.key)) {
          if (inChain.has(current)) {
            pageProblems.push({ location: comment.location, message: "its parents form a loop" });
            break;
          }
          chain.push(current);
          inChain.add(current);
          current = current.parentKey === null ? undefined : inPage.get(current.parentKey);
        }
        if (pageProblems.length > 0) break;
        for (const link of chain.toReversed()) {
          const parent = link.parentKey === null ? undefined : depths.get(link.parentKey);
          if (parent === undefined || link.parentKey === null) {
            depths.set(link.key, { parentKey: null, depth: 0, rootKey: null });
            continue;
          }
          const placed = replyPlacement({
            id: link.parentKey,
            parentId: parent.parentKey,
            rootId: parent.rootKey,
            depth: parent.depth,
          });
          depths.set(link.key, { parentKey: placed.parentId, rootKey: placed.rootId, depth: placed.depth });
        }
      }
    }
    const broken = page.threadKeys.some((key) => brokenThreads.has(key));
    if (pageProblems.length > 0 || broken) {
      const reason = pageProblems.length > 0 ? "pages with a broken comment" : "pages with an unreadable record";
      for (const problem of pageProblems) {
        problems.push({
          ...problem,
          message: `${problem.message}; page ${path} (${page.comments.length} comments) not imported`,
          threadKey: page.threadKeys[0],
        });
      }
      skipped.pages++;
      skipped.comments +=
        page.comments.length + page.threadKeys.reduce((sum, key) => sum + (unreadable.get(key) ?? 0), 0);
      countReason(skipped.reasons, reason, 1);
      continue;
    }
    const order = new Map(page.comments.map((comment, index) => [comment.key, index]));
    const comments = page.comments
      .map(
        (comment): PlannedComment => ({
          ...comment,
          ...(depths.get(comment.key) ?? { parentKey: null, depth: 0, rootKey: null }),
        }),
      )
      .sort(
        (a, b) => a.depth - b.depth || a.createdAt - b.createdAt || (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0),
      );
    const sourceThreads = page.threadKeys.flatMap((key) => threads.get(key) ?? []);
    const dates = [
      ...sourceThreads.flatMap((thread) => (thread.createdAt === null ? [] : [thread.createdAt])),
      ...comments.map((comment) => comment.createdAt),
    ];
    planned.push({
      path,
      title: sourceThreads.find((thread) => thread.title !== null)?.title ?? null,
      url: sourceThreads.find((thread) => thread.url !== null)?.url ?? null,
      closed: sourceThreads.some((thread) => thread.closed),
      createdAt: dates.length > 0 ? dates.reduce((earliest, date) => Math.min(earliest, date)) : null,
      comments,
      threadKeys: page.threadKeys,
    });
  }
  planned.sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || (a.path < b.path ? -1 : 1));
  return { pages: planned, problems, skipped, leftOut };
}

/** Splits pages into chunks of about `maxComments` comments; a page is never split. */
export function chunkPages(pages: readonly PlannedPage[], maxComments: number): PlannedPage[][] {
  const chunks: PlannedPage[][] = [];
  let current: PlannedPage[] = [];
  let size = 0;
  for (const page of pages) {
    if (current.length > 0 && size + page.comments.length > maxComments) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(page);
    size += page.comments.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The length of `text` in UTF-8, without encoding it. */
function byteLength(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x80) bytes += code >= 0x800 && (code < 0xd800 || code > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

/** Joins rows into as few `head VALUES rows tail` statements as fit in `MAX_STATEMENT_BYTES` each. */
function multiRow(head: string, rows: readonly string[], tail: string): string[] {
  const statements: string[] = [];
  let batch: string[] = [];
  let size = byteLength(head) + byteLength(tail) + 16;
  const base = size;
  for (const row of rows) {
    const rowSize = byteLength(row) + 2;
    if (batch.length > 0 && size + rowSize > MAX_STATEMENT_BYTES) {
      statements.push(`${head} VALUES ${batch.join(",\n")} ${tail}`);
      batch = [];
      size = base;
    }
    batch.push(row);
    size += rowSize;
  }
  if (batch.length > 0) statements.push(`${head} VALUES ${batch.join(",\n")} ${tail}`);
  return statements;
}

/** Splits JSON array entries into statements built by `build(json)`, each under the size limit. */
function jsonBatches<T>(entries: readonly T[], build: (json: string) => string): string[] {
  const statements: string[] = [];
  const overhead = byteLength(build("[]"));
  let batch: T[] = [];
  let size = overhead;
  for (const entry of entries) {
    const entrySize = byteLength(JSON.stringify(entry)) * 2 + 1;
    if (batch.length > 0 && size + entrySize > MAX_STATEMENT_BYTES) {
      statements.push(build(JSON.stringify(batch)));
      batch = [];
      size = overhead;
    }
    batch.push(entry);
    size += entrySize;
  }
  if (batch.length > 0) statements.push(build(JSON.stringify(batch)));
  return statements;
}

const commentColumns = [
  "site_id",
  "thread_id",
  "parent_id",
  "root_id",
  "depth",
  "author_name",
  "author_email",
  "author_website",
  "body",
  "body_html",
  "status",
  "idempotency_key",
  "normalized_body",
  "created_at",
  "deleted_at",
  "status_before_delete",
  "pinned",
  "spam_score",
  "reasons",
  "duplicate_kind",
  "duplicate_similarity",
  "staff_moderator_id",
  "ip_hash",
  "reader_hash",
  "mention_source",
].join(", ");

export interface SqlOptions {
  siteId: string;
  /** When the import runs: imported deleted comments can be restored for 30 days from then. */
  now: number;
  /** Idempotency keys already stored for the site: not indexed again. */
  existingKeys?: ReadonlySet<string>;
}

/**
 * The statements that write a chunk of pages, in order: threads, comments (parents before their
 * replies), duplicate-index rows, then each thread's published count. Run them as one transaction.
 */
export function chunkStatements(planned: readonly PlannedPage[], options: SqlOptions): string[] {
  const pages = planned.map((page) => ({ ...page, comments: page.comments.map(prepareComment) }));
  const site = sqlValue(options.siteId);
  const statements = multiRow(
    "INSERT INTO threads (site_id, path, title, url, closed, created_at)",
    pages.map(
      (page) =>
        `(${site}, ${sqlValue(page.path)}, ${sqlValue(page.title)}, ${sqlValue(page.url)}, ${page.closed ? 1 : 0}, ${Math.trunc(page.createdAt ?? options.now)})`,
    ),
    "ON CONFLICT (site_id, path) DO UPDATE SET title = coalesce(threads.title, excluded.title), " +
      "url = coalesce(threads.url, excluded.url), closed = max(threads.closed, excluded.closed), " +
      "created_at = min(threads.created_at, excluded.created_at)",
  );
  const byKey = (key: string) =>
    `(SELECT id FROM comments WHERE site_id = ${site} AND idempotency_key = ${sqlValue(key)})`;
  let maxDepth = 0;
  for (const page of pages) for (const comment of page.comments) maxDepth = Math.max(maxDepth, comment.depth);
  for (let depth = 0; depth <= maxDepth; depth++) {
    const rows: string[] = [];
    for (const page of pages) {
      const thread = `(SELECT id FROM threads WHERE site_id = ${site} AND path = ${sqlValue(page.path)})`;
      const keyOf = new Map(page.comments.map((comment) => [comment.key, comment.idempotencyKey]));
      for (const comment of page.comments) {
        if (comment.depth !== depth) continue;
        const reference = (key: string | null) => {
          const idempotencyKey = key === null ? undefined : keyOf.get(key);
          return idempotencyKey === undefined ? "NULL" : byKey(idempotencyKey);
        };
        const extras = comment.extras;
        const deletedAt = extras ? extras.deletedAt : comment.status === "deleted" ? options.now : null;
        const staff =
          extras?.staffEmail != null
            ? `(SELECT id FROM moderators WHERE email = ${sqlValue(extras.staffEmail)})`
            : "NULL";
        rows.push(
          `(${[
            site,
            thread,
            reference(comment.parentKey),
            reference(comment.rootKey),
            comment.depth,
            sqlValue(comment.authorName),
            sqlValue(comment.authorEmail),
            sqlValue(comment.authorWebsite),
            sqlValue(comment.body),
            sqlValue(comment.bodyHtml),
            sqlValue(comment.status),
            sqlValue(comment.idempotencyKey),
            sqlValue(comment.normalized),
            Math.trunc(comment.createdAt),
            deletedAt === null ? "NULL" : Math.trunc(deletedAt),
            sqlValue(extras?.statusBeforeDelete ?? null),
            extras?.pinned ? 1 : 0,
            extras?.spamScore ?? "NULL",
            sqlValue(JSON.stringify(extras?.reasons ?? [])),
            sqlValue(extras?.duplicateKind ?? null),
            extras?.duplicateSimilarity ?? "NULL",
            staff,
            sqlValue(extras?.ipHash ?? null),
            sqlValue(extras?.readerHash ?? null),
            sqlValue(comment.mentionSource ?? null),
          ].join(", ")})`,
        );
      }
    }
    statements.push(
      ...multiRow(
        `INSERT INTO comments (${commentColumns})`,
        rows,
        "ON CONFLICT (site_id, idempotency_key) DO NOTHING",
      ),
    );
  }
  statements.push(...duplicateKeyStatements(pages, options));
  statements.push(
    ...jsonBatches(
      pages.map((page) => page.path),
      (json) =>
        `UPDATE threads SET comment_count = (SELECT count(*) FROM comments WHERE comments.thread_id = threads.id AND comments.status = 'published') ` +
        `WHERE site_id = ${site} AND path IN (SELECT value FROM json_each(${sqlValue(json)}))`,
    ),
  );
  return statements;
}

/**
 * Duplicate-index rows for the chunk's new comments, many comments per statement. A key lists at
 * most `MAX_COMMENTS_PER_KEY` comments, as `addKeysStatement` keeps it: each entry carries how many
 * earlier entries of its statement share its key, added to the count already stored, so the
 * statement inserts exactly what one statement per comment, in order, would.
 */
function duplicateKeyStatements(pages: readonly { comments: PreparedComment[] }[], options: SqlOptions): string[] {
  const site = sqlValue(options.siteId);
  const comments = pages.flatMap((page) =>
    page.comments.filter(
      (comment) => comment.duplicateKeys.length > 0 && !options.existingKeys?.has(comment.idempotencyKey),
    ),
  );
  const statements: string[] = [];
  // Each entry: [idempotency key, [keys], [how many earlier entries share each key]] (ranks omitted when all 0).
  const build = (json: string) =>
    `INSERT INTO duplicate_keys (site_id, key, comment_id) SELECT ${site}, key.value, comments.id ` +
    `FROM json_each(${sqlValue(json)}) AS entry CROSS JOIN comments ON comments.site_id = ${site} AND comments.idempotency_key = entry.value ->> 0 ` +
    "CROSS JOIN json_each(entry.value -> 1) AS key " +
    `WHERE (SELECT count(*) FROM duplicate_keys WHERE duplicate_keys.site_id = ${site} AND duplicate_keys.key = key.value) ` +
    `+ coalesce(entry.value -> 2 ->> key.key, 0) < ${MAX_COMMENTS_PER_KEY} ON CONFLICT DO NOTHING`;
  const overhead = byteLength(build("[]"));
  let entries: [string, string[], number[]][] = [];
  let ranks = new Map<string, number>();
  let size = overhead;
  const flush = () => {
    if (entries.length > 0) {
      const compact = entries.map(([key, keys, keyRanks]) =>
        keyRanks.some((rank) => rank > 0) ? [key, keys, keyRanks] : [key, keys],
      );
      statements.push(build(JSON.stringify(compact)));
    }
    entries = [];
    ranks = new Map();
    size = overhead;
  };
  for (const comment of comments) {
    const commentSize =
      2 * byteLength(JSON.stringify([comment.idempotencyKey, comment.duplicateKeys])) +
      4 * comment.duplicateKeys.length;
    if (entries.length > 0 && size + commentSize > MAX_STATEMENT_BYTES) flush();
    const keys: string[] = [];
    const keyRanks: number[] = [];
    for (const key of comment.duplicateKeys) {
      const rank = ranks.get(key) ?? 0;
      ranks.set(key, rank + 1);
      if (rank < MAX_COMMENTS_PER_KEY) {
        keys.push(key);
        keyRanks.push(rank);
      }
    }
    if (keys.length > 0) entries.push([comment.idempotencyKey, keys, keyRanks]);
    size += commentSize;
  }
  flush();
  return statements;
}

/**
 * Links comments to the comments they duplicate (Chorus exports only), once every page is written:
 * the original may be on a page written in a later chunk.
 */
export function duplicateLinkStatements(pages: readonly PlannedPage[], siteId: string): string[] {
  const keyOf = new Map(pages.flatMap((page) => page.comments.map((comment) => [comment.key, comment.idempotencyKey])));
  const links: [string, string][] = [];
  for (const page of pages) {
    for (const comment of page.comments) {
      const original = comment.extras?.duplicateOfKey;
      const originalKey = original == null ? undefined : keyOf.get(original);
      if (originalKey !== undefined) links.push([comment.idempotencyKey, originalKey]);
    }
  }
  const site = sqlValue(siteId);
  return jsonBatches(
    links,
    (json) =>
      `UPDATE comments SET duplicate_of = (SELECT original.id FROM comments AS original WHERE original.site_id = ${site} AND original.idempotency_key = link.value ->> 1) ` +
      `FROM json_each(${sqlValue(json)}) AS link WHERE comments.site_id = ${site} AND comments.idempotency_key = link.value ->> 0 AND comments.duplicate_of IS NULL`,
  );
}

/** Counts a plan's comments by status. */
export function countByStatus(pages: readonly PlannedPage[]): Record<CommentStatus, number> {
  const counts: Record<CommentStatus, number> = { published: 0, pending: 0, spam: 0, deleted: 0 };
  for (const page of pages) for (const comment of page.comments) counts[comment.status]++;
  return counts;
}
