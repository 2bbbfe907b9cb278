/**
 * Reply notifications and the outbox: subscribing (double opt-in), confirming, unsubscribing,
 * queueing replies and digests, and handing what is due (emails, and webhook alerts) to a courier with retries.
 */
import { and, eq, inArray, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { ComposedMail, DigestComment } from "../mail/compose";
import type { MailSender } from "../mail/senders";
import { batchRows, type Database } from "./client";
import { type MailKind, type OutboxMail, outbox, subscribers } from "./schema";

const dayMs = 24 * 60 * 60 * 1000;
/** A confirmation is sent at most once a day per address and site, however often they tick the box. */
export const confirmationIntervalMs = dayMs;
/** An email is given up after this many failed attempts (about four hours of back-off). */
export const maxMailAttempts = 8;
/** How long a sender may hold a claimed email before another drain may try it. */
const claimMs = 2 * 60 * 1000;
/** Rows one drain sends at most; the cron and the next request pick up the rest. */
const drainBatch = 25;

/** An email to queue: who gets it, what it is about (so it is queued once), and its text. */
export interface MailToQueue {
  siteId: string;
  kind: MailKind;
  subjectKey: string;
  recipient: string;
  mail: ComposedMail;
}

function outboxRow(entry: MailToQueue, now: number) {
  return {
    siteId: entry.siteId,
    kind: entry.kind,
    subjectKey: entry.subjectKey,
    recipient: entry.recipient,
    subject: entry.mail.subject,
    textBody: entry.mail.text,
    htmlBody: entry.mail.html,
    headers: entry.mail.headers,
    nextAttemptAt: now,
  };
}

/**
 * Emails readers' actions may send one address in a day, over every site (replies and
 * confirmations; an owner's digest is not counted against it): whatever anyone posts, an inbox
 * hears from Chorus at most this often.
 */
export const mailsPerRecipientPerDay = 20;

/** SQL that holds while `recipient` got fewer than the daily cap of emails in the last day. */
function underDailyCap(recipient: string, now: number) {
  return sql`(SELECT count(*) FROM outbox WHERE recipient = ${recipient} AND created_at > ${now - dayMs}) < ${mailsPerRecipientPerDay}`;
}

/** Inserts one email into the outbox where `condition` holds, once (by site, kind, subject key and recipient). */
function outboxInsert(entry: MailToQueue, now: number, condition: SQL) {
  const row = outboxRow(entry, now);
  return sql`INSERT INTO outbox (site_id, kind, subject_key, recipient, subject, text_body, html_body, headers, next_attempt_at)
    SELECT ${row.siteId}, ${row.kind}, ${row.subjectKey}, ${row.recipient}, ${row.subject}, ${row.textBody},
      ${row.htmlBody}, ${JSON.stringify(row.headers)}, ${row.nextAttemptAt}
    WHERE ${condition} ON CONFLICT DO NOTHING`;
}

/**
 * Queues emails, each at most once (by site, kind, subject key and recipient), replies only while
 * their recipient is under the daily cap; one round trip.
 */
export async function queueMail(db: Database, entries: readonly MailToQueue[], now: number): Promise<void> {
  if (entries.length === 0) return;
  await batchRows(
    db,
    entries.map((entry) =>
      outboxInsert(entry, now, entry.kind === "digest" ? sql`1` : underDailyCap(entry.recipient, now)),
    ),
  );
}

/**
 * Subscribes `email` to replies on a site and, if it is not confirmed yet and no confirmation went
 * out in the last day, queues one; one transaction. An address that unsubscribed is asked again.
 * Returns the subscription's status and whether a confirmation was queued.
 */
export async function subscribe(
  db: Database,
  input: {
    siteId: string;
    email: string;
    /** The reader key (hashed) asking; it is proven by the link if the address is not confirmed yet. */
    readerHash: string | null;
    confirmTokenHash: string;
    unsubscribeTokenHash: string;
    confirmation: ComposedMail;
    now: number;
  },
): Promise<{ status: string; confirmationQueued: boolean }> {
  const { siteId, email, now } = input;
  const due = sql`status = 'pending' AND (confirmation_sent_at IS NULL OR confirmation_sent_at < ${now - confirmationIntervalMs})`;
  const confirmation: MailToQueue = {
    siteId,
    kind: "confirm",
    subjectKey: String(now),
    recipient: email,
    mail: input.confirmation,
  };
  const [, queued = [], , current = []] = await batchRows(db, [
    sql`INSERT INTO subscribers (site_id, email, status, reader_hash, confirm_token_hash, unsubscribe_token_hash)
      VALUES (${siteId}, ${email}, 'pending', ${input.readerHash}, ${input.confirmTokenHash}, ${input.unsubscribeTokenHash})
      ON CONFLICT (site_id, email) DO UPDATE SET
        status = CASE WHEN status = 'unsubscribed' THEN 'pending' ELSE status END,
        reader_hash = CASE WHEN status = 'confirmed' THEN reader_hash ELSE excluded.reader_hash END,
        confirm_token_hash = excluded.confirm_token_hash, unsubscribe_token_hash = excluded.unsubscribe_token_hash`,
    sql`${outboxInsert(
      confirmation,
      now,
      sql`EXISTS (SELECT 1 FROM subscribers WHERE site_id = ${siteId} AND email = ${email} AND ${due})
        AND ${underDailyCap(email, now)}`,
    )} RETURNING id`,
    sql`UPDATE subscribers SET confirmation_sent_at = ${now}
      WHERE site_id = ${siteId} AND email = ${email} AND ${due}`,
    sql`SELECT status FROM subscribers WHERE site_id = ${siteId} AND email = ${email}`,
  ]);
  return {
    status: (current[0] as { status: string } | undefined)?.status ?? "pending",
    confirmationQueued: queued.length > 0,
  };
}

/** Confirms the subscription whose confirmation token hashes to `tokenHash`; undefined if none. */
export async function confirmSubscription(db: Database, tokenHash: string) {
  const rows = await db
    .update(subscribers)
    .set({ status: "confirmed" })
    .where(eq(subscribers.confirmTokenHash, tokenHash))
    .returning({ siteId: subscribers.siteId, email: subscribers.email });
  return rows[0];
}

/** Ends the subscription whose unsubscribe token hashes to `tokenHash`, and drops its unsent emails. */
export async function unsubscribe(db: Database, tokenHash: string) {
  const [rows] = await db.batch([
    db
      .update(subscribers)
      .set({ status: "unsubscribed" })
      .where(eq(subscribers.unsubscribeTokenHash, tokenHash))
      .returning({ siteId: subscribers.siteId, email: subscribers.email }),
    db
      .delete(outbox)
      .where(
        and(
          isNull(outbox.sentAt),
          sql`(${outbox.siteId}, ${outbox.recipient}) IN (SELECT site_id, email FROM subscribers WHERE unsubscribe_token_hash = ${tokenHash})`,
        ),
      ),
  ]);
  return rows[0];
}

/**
 * Stops emails about replies to one comment (its author's box, unticked) and drops the unsent ones;
 * one transaction. False if the site has no such comment.
 */
export async function muteComment(db: Database, siteId: string, commentId: number): Promise<boolean> {
  const [muted = []] = await batchRows(db, [
    sql`UPDATE comments SET notify_replies = 0 WHERE site_id = ${siteId} AND id = ${commentId} RETURNING id`,
    sql`DELETE FROM outbox WHERE site_id = ${siteId} AND kind = 'reply' AND sent_at IS NULL
      AND EXISTS (SELECT 1 FROM comments WHERE comments.id = CAST(outbox.subject_key AS INTEGER)
        AND comments.parent_id = ${commentId})`,
  ]);
  return muted.length > 0;
}

/** A published reply whose parent's author asked for, and confirmed, reply notifications. */
export interface ReplyToNotify {
  id: number;
  /** The comment replied to, whose author is emailed. */
  parentId: number;
  siteId: string;
  siteName: string;
  authorName: string;
  body: string;
  bodyHtml: string;
  recipient: string;
  path: string;
  pageTitle: string | null;
  pageUrl: string | null;
  siteOrigins: string[];
}

/**
 * Which of the comments `ids` are published replies that should be emailed to their parent's author:
 * the parent is published, asked for notifications, its address is confirmed and is not the reply's,
 * and the parent's author proved the address (when posting, or as the reader who confirmed it): a
 * stranger who types a confirmed address cannot make Chorus mail it their replies.
 */
export async function repliesToNotify(db: Database, siteId: string, ids: readonly number[]): Promise<ReplyToNotify[]> {
  if (ids.length === 0) return [];
  const [rows = []] = await batchRows(db, [
    sql`SELECT reply.id AS id, reply.parent_id AS parentId, reply.site_id AS siteId, site.name AS siteName, reply.author_name AS authorName,
        reply.body AS body, reply.body_html AS bodyHtml, parent.author_email AS recipient, thread.path AS path,
        thread.title AS pageTitle, thread.url AS pageUrl, site.allowed_origins AS siteOrigins
      FROM comments AS reply
      JOIN comments AS parent ON parent.id = reply.parent_id
      JOIN threads AS thread ON thread.id = reply.thread_id
      JOIN sites AS site ON site.id = reply.site_id
      JOIN subscribers AS subscriber ON subscriber.site_id = reply.site_id AND subscriber.email = parent.author_email
      WHERE reply.site_id = ${siteId} AND reply.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))
        AND reply.status = 'published' AND parent.status = 'published' AND parent.notify_replies = 1
        AND subscriber.status = 'confirmed' AND parent.author_email <> coalesce(reply.author_email, '')
        AND (parent.author_proven = 1 OR parent.reader_hash = subscriber.reader_hash)`,
  ]);
  return (rows as (Omit<ReplyToNotify, "siteOrigins"> & { siteOrigins: string })[]).map((row) => ({
    ...row,
    siteOrigins: JSON.parse(row.siteOrigins) as string[],
  }));
}

/** What a site's owners hear about in the daily digest. */
export interface SiteDigest {
  siteId: string;
  siteName: string;
  published: number;
  held: number;
  heldShown: DigestComment[];
  owners: string[];
}

/** The digests due: sites that want one and had published or held comments since `since`. */
export async function digestsSince(db: Database, since: number, shownPerSite = 10): Promise<SiteDigest[]> {
  const [counts = [], held = [], owners = []] = await batchRows(db, [
    sql`SELECT site.id AS siteId, site.name AS siteName,
        (SELECT count(*) FROM comments WHERE site_id = site.id AND status = 'published' AND created_at >= ${since}) AS published,
        (SELECT count(*) FROM comments WHERE site_id = site.id AND status = 'pending' AND created_at >= ${since}) AS held
      FROM sites AS site WHERE site.owner_digest = 1`,
    sql`SELECT siteId, authorName, body, pageTitle FROM (
        SELECT comment.site_id AS siteId, comment.author_name AS authorName, substr(comment.body, 1, 200) AS body,
          coalesce(thread.title, thread.path) AS pageTitle,
          row_number() OVER (PARTITION BY comment.site_id ORDER BY comment.id DESC) AS position
        FROM comments AS comment JOIN sites AS site ON site.id = comment.site_id
        JOIN threads AS thread ON thread.id = comment.thread_id
        WHERE site.owner_digest = 1 AND comment.status = 'pending' AND comment.created_at >= ${since})
      WHERE position <= ${shownPerSite}`,
    sql`SELECT role.site_id AS siteId, moderator.email AS email FROM site_moderators AS role
      JOIN moderators AS moderator ON moderator.id = role.moderator_id
      JOIN sites AS site ON site.id = role.site_id
      WHERE site.owner_digest = 1 AND role.role = 'owner'`,
  ]);
  const heldRows = held as { siteId: string; authorName: string; body: string; pageTitle: string }[];
  const ownerRows = owners as { siteId: string; email: string }[];
  return (counts as { siteId: string; siteName: string; published: number; held: number }[])
    .filter((site) => site.published + site.held > 0)
    .map((site) => ({
      ...site,
      heldShown: heldRows
        .filter((row) => row.siteId === site.siteId)
        .map((row) => ({
          authorName: row.authorName,
          pageTitle: row.pageTitle,
          excerpt: row.body.length >= 200 ? `${row.body.slice(0, 199)}…` : row.body,
        })),
      owners: ownerRows.filter((row) => row.siteId === site.siteId).map((row) => row.email),
    }))
    .filter((site) => site.owners.length > 0);
}

/** Who takes what the outbox claimed: emails (when the deployment sends any) and webhook alerts. */
export interface OutboxCourier {
  /** Whether emails can go; without, only alerts are claimed. */
  mail: boolean;
  /** Sends the claimed rows; resolves, in their order, to null for each that went and the reason for each that failed. */
  send(rows: readonly OutboxMail[]): Promise<(string | null)[]>;
}

/**
 * Sends what is due: claims up to a batch of unsent rows (one statement, so two drains never take
 * the same row), hands them to `courier`, then records what went and, for what failed, when to try
 * again (doubling from a minute) and why. Returns how many were sent and how many failed.
 */
export async function drainOutbox(
  db: Database,
  courier: OutboxCourier,
  now: number,
): Promise<{ sent: number; failed: number }> {
  const claimed: OutboxMail[] = await db
    .update(outbox)
    .set({ nextAttemptAt: now + claimMs, attempts: sql`${outbox.attempts} + 1` })
    .where(
      inArray(
        outbox.id,
        db
          .select({ id: outbox.id })
          .from(outbox)
          .where(
            and(
              isNull(outbox.sentAt),
              lt(outbox.nextAttemptAt, now + 1),
              lt(outbox.attempts, maxMailAttempts),
              courier.mail ? undefined : isNotNull(outbox.webhookId),
            ),
          )
          .orderBy(outbox.id)
          .limit(drainBatch),
      ),
    )
    .returning();
  if (claimed.length === 0) return { sent: 0, failed: 0 };
  const errors = await courier.send(claimed);
  const results = claimed.map((mail, index) => ({ mail, error: errors[index] ?? null }));
  const sent = results.filter((result) => result.error === null).map((result) => result.mail.id);
  const failures = results.filter((result) => result.error !== null);
  const statements = [
    ...(sent.length > 0
      ? [db.update(outbox).set({ sentAt: now, lastError: null }).where(inArray(outbox.id, sent))]
      : []),
    ...failures.map(({ mail, error }) =>
      db
        .update(outbox)
        .set({ lastError: error, nextAttemptAt: now + 60_000 * 2 ** (mail.attempts - 1) })
        .where(eq(outbox.id, mail.id)),
    ),
  ];
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  return { sent: sent.length, failed: failures.length };
}

/** Sends emails through `sender`, each on its own; null for each that went, the error's text for each that failed. */
export function sendMails(sender: MailSender, from: string, rows: readonly OutboxMail[]): Promise<(string | null)[]> {
  return Promise.all(
    rows.map(async (mail) => {
      try {
        await sender.send({
          from,
          to: mail.recipient,
          subject: mail.subject,
          text: mail.textBody,
          html: mail.htmlBody,
          headers: mail.headers,
        });
        return null;
      } catch (error) {
        return String((error as Error)?.message ?? error).slice(0, 500);
      }
    }),
  );
}

/** Statements that forget sent emails after a week and given-up ones after a month (for retention). */
export function dropOldMailStatement(db: Database, now: number) {
  const day = 24 * 60 * 60 * 1000;
  return db
    .delete(outbox)
    .where(
      or(
        lt(outbox.sentAt, now - 7 * day),
        and(isNull(outbox.sentAt), sql`${outbox.attempts} >= ${maxMailAttempts}`, lt(outbox.createdAt, now - 30 * day)),
      ),
    );
}
