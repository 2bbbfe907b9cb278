/**
 * The Chorus export format: a whole site's threads and comments as one JSON document, versioned,
 * so a site can be backed up, moved to another deployment and imported again.
 *
 *   { "format": "chorus-export", "version": 1, "exportedAt": "2026-11-22T10:00:00.000Z",
 *     "site": { "id": "myblog", "name": "My blog" },
 *     "threads": [ { "path": "/post/x", "title": "Post X", "url": "https://blog.example/post/x/",
 *                    "closed": false, "createdAt": "…",
 *                    "comments": [ { "id": 1, "parentId": null, "idempotencyKey": "…",
 *                                    "authorName": "Ada", "authorEmail": "ada@example.com",
 *                                    "authorWebsite": null, "body": "Markdown text",
 *                                    "status": "published", "createdAt": "…", "pinned": false,
 *                                    "deletedAt": null, "statusBeforeDelete": null,
 *                                    "spamScore": 0.02, "reasons": [],
 *                                    "duplicate": null, "staffEmail": null,
 *                                    "ipHash": null, "readerHash": null } ] } ] }
 *
 * `id` and `parentId` are the comments' ids in the exporting database; they only link comments
 * within the file (`parentId`, `duplicate.of`). `body` is the comment's text; its HTML is always
 * rendered again on import, never read from the file. Comments are listed parents first. The
 * site's spam model, settings, moderators and audit log are not part of the export.
 */

import { z } from "zod";
import {
  type CommentStatus,
  commentStatuses,
  type DuplicateKind,
  defaultPageParams,
  duplicateKinds,
  limits,
} from "../common/vocabulary";
import type { StoredReason } from "../worker/db/schema";
import { cleanText } from "./html-to-markdown";
import {
  cleanEmail,
  cleanName,
  cleanTitle,
  cleanWebsite,
  emptySource,
  type ImportSource,
  pageUrl,
  pathOf,
} from "./source";

export const CHORUS_EXPORT_FORMAT = "chorus-export";
export const CHORUS_EXPORT_VERSION = 1;

const isoDate = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date" });
const hash = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { error: "must be 64 hex characters" })
  .nullable()
  .default(null);

const reasonSchema = z.object({
  check: z.string().max(200),
  score: z.number(),
  detail: z.string().max(2_000).optional(),
  holds: z.boolean().optional(),
});

export const exportedCommentSchema = z.object({
  id: z.number().int().positive(),
  parentId: z.number().int().positive().nullable(),
  idempotencyKey: z.string().min(1).max(200).optional(),
  authorName: z.string().max(1_000),
  authorEmail: z.string().max(limits.authorEmail).nullable().default(null),
  authorWebsite: z.string().max(2_000).nullable().default(null),
  body: z.string().max(limits.body * 2),
  /** For a reply written on another page (a pingback, trackback or Webmention): that page. */
  mentionSource: z.string().max(2_000).nullable().default(null),
  status: z.enum(commentStatuses, { error: `must be one of ${commentStatuses.join(", ")}` }),
  createdAt: isoDate,
  pinned: z.boolean().default(false),
  deletedAt: isoDate.nullable().default(null),
  statusBeforeDelete: z.enum(commentStatuses).nullable().default(null),
  spamScore: z.number().min(0).max(1).nullable().default(null),
  reasons: z.array(reasonSchema).max(200).default([]),
  duplicate: z
    .object({
      of: z.number().int().positive(),
      kind: z.enum(duplicateKinds),
      similarity: z.number().min(0).max(1),
    })
    .nullable()
    .default(null),
  staffEmail: z.string().max(limits.authorEmail).nullable().default(null),
  ipHash: hash,
  readerHash: hash,
});
export type ExportedComment = z.input<typeof exportedCommentSchema>;

export const exportedThreadSchema = z.object({
  path: z.string().min(1).max(limits.pagePath),
  title: z.string().max(1_000).nullable().default(null),
  url: z.string().max(limits.pageUrl).nullable().default(null),
  closed: z.boolean().default(false),
  createdAt: isoDate.nullable().default(null),
  comments: z.array(z.unknown()),
});
export type ExportedThread = Omit<z.input<typeof exportedThreadSchema>, "comments"> & { comments: ExportedComment[] };

export interface ChorusExport {
  format: typeof CHORUS_EXPORT_FORMAT;
  version: typeof CHORUS_EXPORT_VERSION;
  exportedAt: string;
  site: { id: string; name: string };
  threads: ExportedThread[];
}

const headerSchema = z.object({
  format: z.literal(CHORUS_EXPORT_FORMAT, { error: `"format" must be "${CHORUS_EXPORT_FORMAT}"` }),
  version: z.number({ error: '"version" must be a number' }),
  threads: z.array(z.unknown(), { error: '"threads" must be an array' }),
});

/** A file that is not a readable Chorus export at all; `line` and `column` when JSON says where. */
export class ChorusFormatError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? reason : `line ${line}, column ${column}: ${reason}`);
  }
}

function jsonErrorLocation(text: string, message: string): { line: number; column: number } | undefined {
  const position =
    /position (\d+)/.exec(message)?.[1] ?? (/end of JSON input/i.test(message) ? text.length : undefined);
  if (position === undefined) return undefined;
  const before = text.slice(0, Number(position));
  const lines = before.split("\n");
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

const describe = (error: z.ZodError, prefix: string) =>
  error.issues.map((issue) => `${[prefix, ...issue.path].join(".").replace(/\.(\d+)/g, "[$1]")}: ${issue.message}`);

/**
 * Reads a Chorus export. A thread with an invalid field or comment is reported (with its JSON path)
 * and left out whole; a file that is not JSON or not a version-1 Chorus export throws.
 */
export function readChorusExport(text: string, pageParams: readonly string[] = defaultPageParams): ImportSource {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    const message = (error as Error).message;
    const at = jsonErrorLocation(text, message);
    throw new ChorusFormatError(
      `not valid JSON (${message.replace(/\s*\(line \d+ column \d+\)/, "")})`,
      at?.line,
      at?.column,
    );
  }
  const header = headerSchema.safeParse(document);
  if (!header.success) {
    const version = (document as { version?: unknown } | null)?.version;
    const format = (document as { format?: unknown } | null)?.format;
    if (format !== CHORUS_EXPORT_FORMAT) {
      throw new ChorusFormatError(`not a Chorus export: "format" is ${JSON.stringify(format) ?? "missing"}`);
    }
    throw new ChorusFormatError(
      `not a valid Chorus export: ${describe(header.error, "").join("; ")} (version ${version})`,
    );
  }
  if (header.data.version !== CHORUS_EXPORT_VERSION) {
    throw new ChorusFormatError(
      `Chorus export version ${header.data.version}; this importer reads version ${CHORUS_EXPORT_VERSION}`,
    );
  }
  const source: ImportSource = { ...emptySource("chorus"), keepEmptyThreads: true };
  const seenIds = new Set<number>();
  const seenPaths = new Set<string>();
  header.data.threads.forEach((raw, threadIndex) => {
    const key = `threads[${threadIndex}]`;
    const problem = (element: string, message: string) =>
      source.problems.push({ location: { element }, message, threadKey: key });
    const parsed = exportedThreadSchema.safeParse(raw);
    if (!parsed.success) {
      for (const message of describe(parsed.error, key)) problem(key, message);
      const path = typeof (raw as { path?: unknown })?.path === "string" ? (raw as { path: string }).path : undefined;
      source.threads.push({
        key,
        path: pathOf(path, pageParams),
        title: null,
        url: null,
        closed: false,
        createdAt: null,
        location: { element: key },
      });
      return;
    }
    const thread = parsed.data;
    const path = pathOf(thread.path, pageParams);
    if (path !== null && seenPaths.has(path)) problem(key, `the path ${path} appears in two threads`);
    if (path !== null) seenPaths.add(path);
    source.threads.push({
      key,
      path,
      title: cleanTitle(thread.title ?? undefined),
      url: pageUrl(thread.url ?? undefined),
      closed: thread.closed,
      createdAt: thread.createdAt === null ? null : Date.parse(thread.createdAt),
      location: { element: key },
    });
    thread.comments.forEach((rawComment, commentIndex) => {
      const element = `${key}.comments[${commentIndex}]`;
      const comment = exportedCommentSchema.safeParse(rawComment);
      if (!comment.success) {
        for (const message of describe(comment.error, element)) problem(element, message);
        return;
      }
      const data = comment.data;
      if (seenIds.has(data.id)) {
        problem(element, `comment id ${data.id} appears twice in the file`);
        return;
      }
      seenIds.add(data.id);
      const status: CommentStatus = data.status;
      source.comments.push({
        key: String(data.id),
        threadKey: key,
        parentKey: data.parentId === null ? null : String(data.parentId),
        idempotencyKey: data.idempotencyKey ?? `import:chorus:${data.id}`,
        authorName: data.authorName === "" && status === "deleted" ? "" : cleanName(data.authorName),
        authorEmail: cleanEmail(data.authorEmail ?? undefined),
        authorWebsite: cleanWebsite(data.authorWebsite ?? undefined),
        body: cleanText(data.body).trim(),
        mentionSource: cleanWebsite(data.mentionSource ?? undefined),
        status,
        createdAt: Date.parse(data.createdAt),
        location: { element },
        extras: {
          pinned: data.pinned,
          deletedAt: data.deletedAt === null ? null : Date.parse(data.deletedAt),
          statusBeforeDelete: data.statusBeforeDelete,
          spamScore: data.spamScore,
          reasons: data.reasons as StoredReason[],
          duplicateOfKey: data.duplicate === null ? null : String(data.duplicate.of),
          duplicateKind: data.duplicate?.kind ?? null,
          duplicateSimilarity: data.duplicate?.similarity ?? null,
          staffEmail: cleanEmail(data.staffEmail ?? undefined),
          ipHash: data.ipHash,
          readerHash: data.readerHash,
        },
      });
    });
  });
  return source;
}

/** A thread row as the export reads it (snake_case, as D1 returns it). */
export interface ThreadRow {
  id: number;
  path: string;
  title: string | null;
  url: string | null;
  closed: number;
  created_at: number;
}

/** A comment row as the export reads it. */
export interface CommentRow {
  id: number;
  thread_id: number;
  parent_id: number | null;
  idempotency_key: string;
  author_name: string;
  author_email: string | null;
  author_website: string | null;
  body: string;
  status: CommentStatus;
  created_at: number;
  pinned: number;
  deleted_at: number | null;
  status_before_delete: CommentStatus | null;
  spam_score: number | null;
  reasons: string;
  duplicate_of: number | null;
  duplicate_kind: DuplicateKind | null;
  duplicate_similarity: number | null;
  staff_email: string | null;
  ip_hash: string | null;
  reader_hash: string | null;
  mention_source: string | null;
}

/** A page of a site's threads, by id after `afterId`. */
export function exportThreadsQuery(
  siteId: string,
  afterId: number,
  limit: number,
  literal: (value: string | number) => string,
) {
  return `SELECT id, path, title, url, closed, created_at FROM threads WHERE site_id = ${literal(siteId)} AND id > ${literal(afterId)} ORDER BY id LIMIT ${literal(limit)}`;
}

/** A page of a site's comments, by id after `afterId` (so parents always come before replies). */
export function exportCommentsQuery(
  siteId: string,
  afterId: number,
  limit: number,
  literal: (value: string | number) => string,
) {
  return (
    "SELECT c.id, c.thread_id, c.parent_id, c.idempotency_key, c.author_name, c.author_email, c.author_website, c.body, " +
    "c.status, c.created_at, c.pinned, c.deleted_at, c.status_before_delete, c.spam_score, c.reasons, c.duplicate_of, " +
    "c.duplicate_kind, c.duplicate_similarity, m.email AS staff_email, c.ip_hash, c.reader_hash, c.mention_source " +
    `FROM comments AS c LEFT JOIN moderators AS m ON m.id = c.staff_moderator_id WHERE c.site_id = ${literal(siteId)} ` +
    `AND c.id > ${literal(afterId)} ORDER BY c.id LIMIT ${literal(limit)}`
  );
}

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());

/** Builds the export document from a site's rows. */
export function buildChorusExport(
  site: { id: string; name: string },
  threads: readonly ThreadRow[],
  comments: readonly CommentRow[],
  exportedAt: Date,
): ChorusExport {
  const byThread = new Map<number, ExportedComment[]>();
  for (const row of comments) {
    const list = byThread.get(row.thread_id) ?? [];
    let reasons: StoredReason[] = [];
    try {
      reasons = JSON.parse(row.reasons) as StoredReason[];
    } catch {
      reasons = [];
    }
    list.push({
      id: row.id,
      parentId: row.parent_id,
      idempotencyKey: row.idempotency_key,
      authorName: row.author_name,
      authorEmail: row.author_email,
      authorWebsite: row.author_website,
      body: row.body,
      mentionSource: row.mention_source,
      status: row.status,
      createdAt: new Date(row.created_at).toISOString(),
      pinned: row.pinned === 1,
      deletedAt: iso(row.deleted_at),
      statusBeforeDelete: row.status_before_delete,
      spamScore: row.spam_score,
      reasons,
      duplicate:
        row.duplicate_of !== null && row.duplicate_kind !== null
          ? { of: row.duplicate_of, kind: row.duplicate_kind, similarity: row.duplicate_similarity ?? 0 }
          : null,
      staffEmail: row.staff_email,
      ipHash: row.ip_hash,
      readerHash: row.reader_hash,
    });
    byThread.set(row.thread_id, list);
  }
  return {
    format: CHORUS_EXPORT_FORMAT,
    version: CHORUS_EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    site,
    threads: threads.map((thread) => ({
      path: thread.path,
      title: thread.title,
      url: thread.url,
      closed: thread.closed === 1,
      createdAt: new Date(thread.created_at).toISOString(),
      comments: byThread.get(thread.id) ?? [],
    })),
  };
}
