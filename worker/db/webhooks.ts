/**
 * A site's webhooks and the alerts they get: making, listing and deleting webhooks, the statement
 * that queues an alert in the same transaction as what it is about, the daily digest, and what
 * the outbox needs to compose an alert when it sends it.
 */
import { and, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { AlertEvent } from "../../common/vocabulary";
import { batchRows, type Database } from "./client";
import { comments, outbox, sites, threads, usedAlertLinks, type Webhook, webhooks } from "./schema";

/** Webhooks a site may have: each alert is one request per webhook. */
export const maxWebhooksPerSite = 10;

/** A webhook as its site's owners see it: everything but the secret, which is shown once. */
export type WebhookView = Omit<Webhook, "secret" | "siteId" | "createdBy">;

function view({ secret: _secret, siteId: _siteId, createdBy: _createdBy, ...rest }: Webhook): WebhookView {
  return rest;
}

export async function listWebhooks(db: Database, siteId: string): Promise<WebhookView[]> {
  const rows = await db.select().from(webhooks).where(eq(webhooks.siteId, siteId)).orderBy(webhooks.id);
  return rows.map(view);
}

/**
 * Makes a webhook unless the site has `maxWebhooksPerSite` already (null then), and records it in
 * the audit log (its address's origin, never the rest: chat services keep their secret in the path).
 */
export async function addWebhook(
  db: Database,
  input: Omit<typeof webhooks.$inferInsert, "id" | "createdAt"> & { createdBy: number },
): Promise<WebhookView | null> {
  const count = sql`(SELECT count(*) FROM ${webhooks} WHERE ${webhooks.siteId} = ${input.siteId})`;
  const detail = JSON.stringify({ origin: new URL(input.url).origin, format: input.format, events: input.events });
  const [rows = []] = await batchRows(db, [
    sql`INSERT INTO webhooks (site_id, url, format, events, secret, telegram_chat_id, include_email, created_by)
      SELECT ${input.siteId}, ${input.url}, ${input.format}, ${JSON.stringify(input.events)}, ${input.secret},
        ${input.telegramChatId ?? null}, ${input.includeEmail ? 1 : 0}, ${input.createdBy}
      WHERE ${count} < ${maxWebhooksPerSite} RETURNING id`,
    sql`INSERT INTO audit_log (site_id, moderator_id, action, comment_ids, detail)
      SELECT ${input.siteId}, ${input.createdBy}, 'webhook_add', '[]', ${detail}
      WHERE changes() > 0`,
  ]);
  const id = (rows[0] as { id: number } | undefined)?.id;
  if (id === undefined) return null;
  const found = await db.select().from(webhooks).where(eq(webhooks.id, id));
  return found[0] ? view(found[0]) : null;
}

/** Deletes a webhook of the site (its waiting alerts with it), audited; false if the site has no such webhook. */
export async function deleteWebhook(db: Database, siteId: string, id: number, moderatorId: number): Promise<boolean> {
  const [, deleted = []] = await batchRows(db, [
    sql`DELETE FROM outbox WHERE site_id = ${siteId} AND webhook_id = ${id}`,
    sql`DELETE FROM webhooks WHERE site_id = ${siteId} AND id = ${id} RETURNING id`,
    sql`INSERT INTO audit_log (site_id, moderator_id, action, comment_ids, detail)
      SELECT ${siteId}, ${moderatorId}, 'webhook_delete', '[]', json_object('id', ${id}) WHERE changes() > 0`,
  ]);
  return deleted.length > 0;
}

/** What an alert row's `text_body` holds: where its links point, and a digest's figures. */
export interface AlertFacts {
  origin: string;
  digest?: { day: string; published: number; held: number; spam: number };
}

/**
 * The statement that queues `event` about `comment` (its id, or SQL for it) to every webhook of the
 * site that hears of it, once per webhook (the outbox's `outbox_once`). It goes in the same batch as
 * the write it is about, so a comment is never stored without its alerts or alerted without being stored.
 */
export function queueAlertStatement(
  db: Database,
  input: { siteId: string; event: AlertEvent; comment: number | SQL; origin: string; now: number },
) {
  const facts: AlertFacts = { origin: input.origin };
  // drizzle's insert-select names every column of the outbox, in its order.
  const row = {
    id: sql<number>`NULL`.as("id"),
    siteId: webhooks.siteId,
    kind: sql<"alert">`'alert'`.as("kind"),
    subjectKey: sql<string>`${input.event} || ':' || CAST(${input.comment} AS INTEGER)`.as("subject_key"),
    recipient: sql<string>`'webhook:' || ${webhooks.id}`.as("recipient"),
    subject: sql<string>`${input.event}`.as("subject"),
    textBody: sql<string>`${JSON.stringify(facts)}`.as("text_body"),
    htmlBody: sql<string>`''`.as("html_body"),
    headers: sql<string>`'{}'`.as("headers"),
    attempts: sql<number>`0`.as("attempts"),
    nextAttemptAt: sql<number>`${input.now}`.as("next_attempt_at"),
    sentAt: sql<null>`NULL`.as("sent_at"),
    lastError: sql<null>`NULL`.as("last_error"),
    webhookId: webhooks.id,
    createdAt: sql<number>`${input.now}`.as("created_at"),
  };
  return db
    .insert(outbox)
    .select(
      db
        .select(row)
        .from(webhooks)
        .where(
          and(
            eq(webhooks.siteId, input.siteId),
            sql`EXISTS (SELECT 1 FROM json_each(${webhooks.events}) WHERE value = ${input.event})`,
          ),
        ),
    )
    .onConflictDoNothing()
    .returning({ id: outbox.id });
}

/** The event a comment's arrival is, by the status intake gave it: none for a published comment. */
export function arrivalEvent(status: string, duplicate: boolean): AlertEvent | null {
  if (status === "published") return null;
  if (duplicate) return "duplicate";
  if (status === "spam") return "spam";
  return status === "pending" ? "held" : null;
}

/**
 * Queues today's digest to every webhook that wants one: the last day's published, held and spam
 * comments of its site, once per webhook and day; one round trip. Returns how many were queued.
 */
export async function queueWebhookDigests(db: Database, origin: string, now: number): Promise<number> {
  const day = new Date(now).toISOString().slice(0, 10);
  const since = now - 24 * 60 * 60 * 1000;
  const counted = (status: string) =>
    sql`(SELECT count(*) FROM ${comments} WHERE ${comments.siteId} = ${webhooks.siteId}
      AND ${comments.status} = ${status} AND ${comments.createdAt} >= ${since})`;
  const [rows = []] = await batchRows(db, [
    sql`INSERT INTO outbox (site_id, kind, subject_key, recipient, subject, text_body, html_body, headers, next_attempt_at, webhook_id)
      SELECT site_id, 'alert', 'digest:' || ${day}, 'webhook:' || id, 'digest',
        json_object('origin', ${origin}, 'digest', json_object('day', ${day},
          'published', ${counted("published")}, 'held', ${counted("pending")}, 'spam', ${counted("spam")})),
        '', '{}', ${now}, id
      FROM webhooks WHERE EXISTS (SELECT 1 FROM json_each(webhooks.events) WHERE value = 'digest')
      ON CONFLICT DO NOTHING RETURNING id`,
  ]);
  return rows.length;
}

/** What composing one alert needs: its webhook, and the comment it is about (none for a digest). */
export interface AlertToSend {
  outboxId: number;
  event: AlertEvent;
  facts: AlertFacts;
  webhook: Webhook;
  siteName: string;
  comment: {
    id: number;
    authorName: string;
    authorEmail: string | null;
    body: string;
    status: string;
    reasons: { check: string }[];
    path: string;
    pageTitle: string | null;
    pageUrl: string | null;
    siteOrigins: string[];
  } | null;
}

/** Reads what the claimed alert rows need to be composed, in one round trip. */
export async function readAlerts(
  db: Database,
  rows: readonly { id: number; subject: string; subjectKey: string; textBody: string; webhookId: number | null }[],
): Promise<Map<number, AlertToSend>> {
  const webhookIds = [...new Set(rows.flatMap((row) => (row.webhookId === null ? [] : [row.webhookId])))];
  const commentIds = [
    ...new Set(rows.flatMap((row) => (row.subject === "digest" ? [] : [Number(row.subjectKey.split(":")[1])]))),
  ];
  if (webhookIds.length === 0) return new Map();
  const [hooks, found] = await db.batch([
    db
      .select({ webhook: webhooks, siteName: sites.name })
      .from(webhooks)
      .innerJoin(sites, eq(sites.id, webhooks.siteId))
      .where(inArray(webhooks.id, webhookIds)),
    db
      .select({
        id: comments.id,
        authorName: comments.authorName,
        authorEmail: comments.authorEmail,
        body: comments.body,
        status: comments.status,
        reasons: comments.reasons,
        path: threads.path,
        pageTitle: threads.title,
        pageUrl: threads.url,
        siteOrigins: sql<string>`(SELECT allowed_origins FROM sites WHERE sites.id = ${comments.siteId})`,
      })
      .from(comments)
      .innerJoin(threads, eq(threads.id, comments.threadId))
      .where(inArray(comments.id, commentIds)),
  ]);
  const alerts = new Map<number, AlertToSend>();
  for (const row of rows) {
    const hook = hooks.find((found) => found.webhook.id === row.webhookId);
    if (!hook) continue;
    const event = row.subject as AlertEvent;
    const commentRow =
      event === "digest" ? undefined : found.find((c) => c.id === Number(row.subjectKey.split(":")[1]));
    if (event !== "digest" && !commentRow) continue;
    alerts.set(row.id, {
      outboxId: row.id,
      event,
      facts: JSON.parse(row.textBody) as AlertFacts,
      webhook: hook.webhook,
      siteName: hook.siteName,
      comment: commentRow
        ? {
            ...commentRow,
            reasons: (commentRow.reasons ?? []) as { check: string }[],
            siteOrigins: JSON.parse(commentRow.siteOrigins) as string[],
          }
        : null,
    });
  }
  return alerts;
}

/**
 * Marks a one-click link used; false if it was used before. Expired marks are dropped on the way
 * (a link past its expiry is refused before it gets here, so its mark is no longer needed).
 */
export async function useAlertLink(db: Database, tokenHash: string, expiresAt: number, now: number): Promise<boolean> {
  const [, used] = await db.batch([
    db.delete(usedAlertLinks).where(lt(usedAlertLinks.expiresAt, now)),
    db
      .insert(usedAlertLinks)
      .values({ tokenHash, expiresAt })
      .onConflictDoNothing()
      .returning({ tokenHash: usedAlertLinks.tokenHash }),
  ]);
  return used.length > 0;
}

/**
 * The webhook of the site whose alert carried a one-click link, with its maker (the moderator the
 * action is audited under, null if they left); undefined once the webhook is deleted, which revokes its links.
 */
export async function findWebhook(db: Database, siteId: string, webhookId: number) {
  const rows = await db
    .select({ id: webhooks.id, createdBy: webhooks.createdBy })
    .from(webhooks)
    .where(and(eq(webhooks.siteId, siteId), eq(webhooks.id, webhookId)));
  return rows[0];
}
