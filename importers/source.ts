/**
 * What every importer reads an export into: threads and comments in Chorus's terms, with where each
 * came from in the file, and the problems met on the way. `plan.ts` turns a source into pages to
 * write; the readers (`disqus.ts`, `wordpress.ts`, `chorus-format.ts`) know nothing of the database.
 */
import { z } from "zod";
import type { CommentStatus, DuplicateKind } from "../common/vocabulary";
import { limits, normalizePagePath } from "../common/vocabulary";
import type { StoredReason } from "../worker/db/schema";
import { cleanText } from "./html-to-markdown";

export const importFormats = ["disqus", "wordpress", "chorus"] as const;
export type ImportFormat = (typeof importFormats)[number];

/** Where something is in the file: a line (XML) and the element or JSON path. */
export interface SourceLocation {
  line?: number;
  element: string;
}

export interface Problem {
  location: SourceLocation;
  message: string;
  /** The source thread the problem belongs to, if known: that thread is then not imported at all. */
  threadKey?: string;
}

export interface SourceThread {
  /** The thread's id in the export (Disqus `dsq:id`, WordPress post id, Chorus path). */
  key: string;
  /** The normalised page path, or null when the thread has no usable address. */
  path: string | null;
  title: string | null;
  url: string | null;
  closed: boolean;
  createdAt: number | null;
  location: SourceLocation;
}

/** Fields only a Chorus export carries; other formats leave them out. */
export interface ChorusExtras {
  pinned: boolean;
  deletedAt: number | null;
  statusBeforeDelete: CommentStatus | null;
  spamScore: number | null;
  reasons: StoredReason[];
  duplicateOfKey: string | null;
  duplicateKind: DuplicateKind | null;
  duplicateSimilarity: number | null;
  staffEmail: string | null;
  ipHash: string | null;
  readerHash: string | null;
}

export interface SourceComment {
  /** The comment's id in the export, unique within it. */
  key: string;
  threadKey: string;
  parentKey: string | null;
  /** Stored as the comment's idempotency key: importing again finds it and adds nothing. */
  idempotencyKey: string;
  authorName: string;
  authorEmail: string | null;
  authorWebsite: string | null;
  /** Chorus text (the Markdown subset). */
  body: string;
  /** For a reply written on another page (a pingback, trackback or Webmention): that page. */
  mentionSource?: string | null;
  status: CommentStatus;
  createdAt: number;
  location: SourceLocation;
  extras?: ChorusExtras;
}

export interface ImportSource {
  format: ImportFormat;
  threads: SourceThread[];
  comments: SourceComment[];
  problems: Problem[];
  /** Things left out on purpose (not problems), by reason. */
  leftOut: Record<string, number>;
  /** Create threads that have no comments (a Chorus export keeps closed, empty pages). */
  keepEmptyThreads?: boolean;
}

export function emptySource(format: ImportFormat): ImportSource {
  return { format, threads: [], comments: [], problems: [], leftOut: {} };
}

export function leaveOut(source: ImportSource, reason: string, count = 1): void {
  source.leftOut[reason] = (source.leftOut[reason] ?? 0) + count;
}

/** A name as Chorus shows it: one line, trimmed, at most 80 characters; "Anonymous" when empty. */
export function cleanName(name: string | undefined): string {
  const cleaned = cleanText(name ?? "")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned === "" ? "Anonymous" : Array.from(cleaned).slice(0, limits.authorName).join("");
}

const emailSchema = z.email().max(limits.authorEmail);

/** An author's email, lowercased, or null when there is none or it is not an address. */
export function cleanEmail(email: string | undefined): string | null {
  const trimmed = (email ?? "").trim().toLowerCase();
  return emailSchema.safeParse(trimmed).success ? trimmed : null;
}

/** An author's website if it is an http(s) address of at most 200 characters, else null. */
export function cleanWebsite(website: string | undefined): string | null {
  const trimmed = (website ?? "").trim();
  if (trimmed === "" || trimmed.length > limits.authorWebsite) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === "http:" || url.protocol === "https:" ? trimmed : null;
  } catch {
    return null;
  }
}

/**
 * A page address to its thread's path as the site names its pages (of the query parameters, only
 * `pageParams` stay), or null when it names no page.
 */
export function pathOf(address: string | undefined, pageParams: readonly string[]): string | null {
  const trimmed = (address ?? "").trim();
  if (trimmed === "") return null;
  const path = normalizePagePath(trimmed, pageParams);
  return path.length <= limits.pagePath ? path : null;
}

/** An http(s) page address worth keeping as the thread's URL, else null. */
export function pageUrl(address: string | undefined): string | null {
  const trimmed = (address ?? "").trim();
  if (trimmed.length > limits.pageUrl) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

export function cleanTitle(title: string | undefined): string | null {
  const cleaned = cleanText(title ?? "")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned === "" ? null : Array.from(cleaned).slice(0, limits.pageTitle).join("");
}

/**
 * An export's date to milliseconds. ISO 8601 with or without a zone (Disqus writes
 * `2012-12-12T12:12:12Z`, sometimes without the `Z`), or WordPress's `2020-01-01 10:00:00`; dates
 * without a zone are UTC. Null for anything else.
 */
export function parseDate(text: string | undefined): number | null {
  const trimmed = (text ?? "").trim();
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      trimmed,
    );
  if (!match) return null;
  const [, year, month, day, hour = "00", minute = "00", second = "00", fraction = "0", zone = "Z"] = match;
  if (year === "0000") return null;
  const offset = zone.toUpperCase() === "Z" ? "Z" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const milliseconds = fraction.slice(0, 3).padEnd(3, "0");
  const time = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${milliseconds}${offset}`);
  return Number.isFinite(time) ? time : null;
}
