/**
 * Requests about one person, by email, on one site: access (every comment they wrote, exported for
 * them) and erasure (their comments' text and personal fields removed, the replies to them kept).
 * The statements are plain SQL built with drizzle's `sql`, so the console routes run them on D1 and
 * the person CLI writes the very same statements to a file for wrangler (see scripts/person.ts).
 */
import { type SQL, sql } from "drizzle-orm";
import type { CommentStatus } from "../../common/vocabulary";
import { batchRows, type Database } from "./client";

/** What an erased comment says, and is called, from then on. */
export const ERASED_TEXT = "deleted";
export const ERASED_HTML = "<p>deleted</p>";

export const PERSON_EXPORT_FORMAT = "chorus-person-export";

/** A comment as its author receives it in an access export. */
export interface PersonComment {
  id: number;
  page: string;
  pageTitle: string | null;
  pageUrl: string | null;
  parentId: number | null;
  authorName: string;
  authorEmail: string | null;
  authorWebsite: string | null;
  body: string;
  status: CommentStatus;
  createdAt: string;
  ipHash: string | null;
  readerHash: string | null;
}

export interface PersonExport {
  format: typeof PERSON_EXPORT_FORMAT;
  version: 1;
  site: string;
  email: string;
  exportedAt: string;
  /** Whether the site trusts this email (its comments are never held), or bans it. */
  trusted: boolean;
  banned: boolean;
  /** Where their reply emails stand ("pending", "confirmed", "unsubscribed"), or null if never asked. */
  replyEmails: string | null;
  comments: PersonComment[];
}

/** The row of `personStandingQuery`. */
export interface PersonStanding {
  trusted: number;
  banned: number;
  reply_emails: string | null;
}

/** A comment row as the access query returns it (snake_case, as D1 and wrangler give it). */
export interface PersonCommentRow {
  id: number;
  page: string;
  page_title: string | null;
  page_url: string | null;
  parent_id: number | null;
  author_name: string;
  author_email: string | null;
  author_website: string | null;
  body: string;
  status: CommentStatus;
  created_at: number;
  ip_hash: string | null;
  reader_hash: string | null;
}

/** Every comment of the site written with `email` (lowercased), oldest first. */
export function personCommentsQuery(siteId: string, email: string): SQL {
  return sql`SELECT c.id AS id, t.path AS page, t.title AS page_title, t.url AS page_url, c.parent_id AS parent_id,
    c.author_name AS author_name, c.author_email AS author_email, c.author_website AS author_website, c.body AS body,
    c.status AS status, c.created_at AS created_at, c.ip_hash AS ip_hash, c.reader_hash AS reader_hash
    FROM comments AS c JOIN threads AS t ON t.id = c.thread_id
    WHERE c.site_id = ${siteId} AND c.author_email = ${email} ORDER BY c.id`;
}

/** The person's standing: one row, `trusted` and `banned` 0 or 1, `reply_emails` their subscription's status. */
export function personStandingQuery(siteId: string, email: string): SQL {
  return sql`SELECT EXISTS (SELECT 1 FROM trusted_authors WHERE site_id = ${siteId} AND email = ${email}) AS trusted,
    EXISTS (SELECT 1 FROM bans WHERE site_id = ${siteId} AND kind = 'email' AND value = ${email}) AS banned,
    (SELECT status FROM subscribers WHERE site_id = ${siteId} AND email = ${email}) AS reply_emails`;
}

/** The audit entry for a request about a person: the comment ids, and how many (never the email). */
export function personAuditStatement(
  siteId: string,
  email: string,
  moderatorId: number | null,
  action: "person_export" | "person_erase",
  via: "console" | "cli",
): SQL {
  return sql`INSERT INTO audit_log (site_id, moderator_id, action, comment_ids, detail)
    SELECT ${siteId}, ${moderatorId}, ${action}, coalesce(json_group_array(id), '[]'), json_object('count', count(*), 'via', ${via})
    FROM (SELECT id FROM comments WHERE site_id = ${siteId} AND author_email = ${email} ORDER BY id)`;
}

/**
 * Erases a person's comments on a site, in order: the audit entry (ids only), their duplicate-index
 * rows, their trusted-author entry, reply-email subscription and queued emails, and email rate-limit
 * counter, then the comments themselves:
 * text replaced by "deleted", name "deleted", email, website, IP hash and reader hash removed. The
 * comments stay, with their status, so replies keep their place and counts do not move. A ban on
 * the email is kept: it protects the site, and says nothing the person wrote.
 */
export function eraseStatements(
  siteId: string,
  email: string,
  moderatorId: number | null,
  via: "console" | "cli",
): [SQL, ...SQL[]] {
  const theirs = sql`(SELECT id FROM comments WHERE site_id = ${siteId} AND author_email = ${email})`;
  return [
    personAuditStatement(siteId, email, moderatorId, "person_erase", via),
    sql`DELETE FROM duplicate_keys WHERE site_id = ${siteId} AND comment_id IN ${theirs}`,
    sql`DELETE FROM trusted_authors WHERE site_id = ${siteId} AND email = ${email}`,
    sql`DELETE FROM subscribers WHERE site_id = ${siteId} AND email = ${email}`,
    sql`DELETE FROM outbox WHERE site_id = ${siteId} AND recipient = ${email}`,
    sql`DELETE FROM rate_limits WHERE key = ${`post:${siteId}:email:${email}:hour`}`,
    sql`UPDATE comments SET body = ${ERASED_TEXT}, body_html = ${ERASED_HTML}, normalized_body = NULL,
      author_name = ${ERASED_TEXT}, author_email = NULL, author_website = NULL, ip_hash = NULL, reader_hash = NULL,
      reasons = '[]' WHERE site_id = ${siteId} AND author_email = ${email}`,
  ];
}

/** Builds the access export from the rows of `personCommentsQuery` and `personStandingQuery`. */
export function toPersonExport(
  siteId: string,
  email: string,
  rows: readonly PersonCommentRow[],
  standing: PersonStanding | undefined,
  now: Date,
): PersonExport {
  return {
    format: PERSON_EXPORT_FORMAT,
    version: 1,
    site: siteId,
    email,
    exportedAt: now.toISOString(),
    trusted: standing?.trusted === 1,
    banned: standing?.banned === 1,
    replyEmails: standing?.reply_emails ?? null,
    comments: rows.map((row) => ({
      id: row.id,
      page: row.page,
      pageTitle: row.page_title,
      pageUrl: row.page_url,
      parentId: row.parent_id,
      authorName: row.author_name,
      authorEmail: row.author_email,
      authorWebsite: row.author_website,
      body: row.body,
      status: row.status,
      createdAt: new Date(row.created_at).toISOString(),
      ipHash: row.ip_hash,
      readerHash: row.reader_hash,
    })),
  };
}

/** Exports everything the site holds about `email`, and records that it did, in one transaction. */
export async function exportPerson(
  db: Database,
  siteId: string,
  email: string,
  moderatorId: number,
): Promise<PersonExport> {
  const [rows = [], standing = []] = await batchRows(db, [
    personCommentsQuery(siteId, email),
    personStandingQuery(siteId, email),
    personAuditStatement(siteId, email, moderatorId, "person_export", "console"),
  ]);
  return toPersonExport(
    siteId,
    email,
    rows as PersonCommentRow[],
    standing[0] as PersonStanding | undefined,
    new Date(),
  );
}

/** Erases `email`'s comments on the site (see `eraseStatements`); returns their ids. */
export async function erasePerson(db: Database, siteId: string, email: string, moderatorId: number): Promise<number[]> {
  const [erased = []] = await batchRows(db, [
    sql`SELECT id FROM comments WHERE site_id = ${siteId} AND author_email = ${email} ORDER BY id`,
    ...eraseStatements(siteId, email, moderatorId, "console"),
  ]);
  return erased.map((row) => (row as { id: number }).id);
}
