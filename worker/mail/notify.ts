/**
 * Reply notifications and owner digests, from the Worker's point of view: which links an email
 * carries, what gets queued when, and handing the outbox to the deployment's sender and to webhooks.
 */
import { pageAddress } from "../../common/vocabulary";
import { sendAlerts } from "../alerts/deliver";
import type { Database } from "../db/client";
import { digestsSince, drainOutbox, queueMail, repliesToNotify, sendMails, subscribe } from "../db/mail";
import type { Env } from "../env";
import { hmacToken, sha256Hex } from "../lib/crypto";
import { confirmationMail, digestMail, replyMail } from "./compose";
import { mailSenderFor } from "./senders";

type MailEnv = Pick<Env, "FORM_TOKEN_SECRET" | "MAIL_FROM" | "EMAIL" | "MAIL_HTTP_URL" | "MAIL_HTTP_KEY">;

/** Whether this deployment sends email at all (if not, the form offers no notifications). */
export function sendsMail(env: MailEnv): boolean {
  return mailSenderFor(env) !== null;
}

/**
 * The tokens in a subscriber's confirmation and unsubscribe links: keyed hashes of the site and the
 * address, so they cannot be guessed, and each email can carry them without storing them.
 */
export async function subscriberTokens(secret: string, siteId: string, email: string) {
  const [confirm, unsubscribe] = await Promise.all(
    ["confirm", "unsubscribe"].map((purpose) => hmacToken(secret, `chorus-mail\n${purpose}\n${siteId}\n${email}`)),
  );
  return { confirm: confirm as string, unsubscribe: unsubscribe as string };
}

function mailUrl(origin: string, action: "confirm" | "unsubscribe", token: string): string {
  return `${origin}/api/mail/${action}?token=${encodeURIComponent(token)}`;
}

/** The token in the link that stops emails about replies to one comment: a keyed hash of the comment. */
export function muteToken(secret: string, siteId: string, commentId: number): Promise<string> {
  return hmacToken(secret, `chorus-mail\nmute\n${siteId}\n${commentId}`);
}

async function muteUrl(secret: string, origin: string, siteId: string, commentId: number): Promise<string> {
  const token = await muteToken(secret, siteId, commentId);
  return `${origin}/api/mail/mute?site=${siteId}&comment=${commentId}&token=${token}`;
}

/** Asks `email` to confirm reply notifications (double opt-in), unless it already has. */
export async function subscribeForReplies(
  env: MailEnv,
  db: Database,
  input: {
    siteId: string;
    siteName: string;
    email: string;
    readerHash: string | null;
    pageTitle: string;
    origin: string;
    now: number;
  },
) {
  const tokens = await subscriberTokens(env.FORM_TOKEN_SECRET, input.siteId, input.email);
  const [confirmTokenHash, unsubscribeTokenHash] = await Promise.all([
    sha256Hex(tokens.confirm),
    sha256Hex(tokens.unsubscribe),
  ]);
  return subscribe(db, {
    siteId: input.siteId,
    email: input.email,
    readerHash: input.readerHash,
    confirmTokenHash,
    unsubscribeTokenHash,
    confirmation: confirmationMail({
      siteName: input.siteName,
      pageTitle: input.pageTitle,
      confirmUrl: mailUrl(input.origin, "confirm", tokens.confirm),
      unsubscribeUrl: mailUrl(input.origin, "unsubscribe", tokens.unsubscribe),
    }),
    now: input.now,
  });
}

/** Queues an email to the parent's author for each of `ids` that is a reply they should hear of. */
export async function notifyOfReplies(
  env: MailEnv,
  db: Database,
  input: { siteId: string; ids: readonly number[]; origin: string; now: number },
): Promise<number> {
  if (!sendsMail(env)) return 0;
  const replies = await repliesToNotify(db, input.siteId, input.ids);
  const entries = await Promise.all(
    replies.map(async (reply) => {
      const tokens = await subscriberTokens(env.FORM_TOKEN_SECRET, reply.siteId, reply.recipient);
      const home = reply.siteOrigins[0] ?? input.origin;
      const pageUrl = pageAddress(reply.path, reply.pageUrl, home);
      return {
        siteId: reply.siteId,
        kind: "reply" as const,
        subjectKey: String(reply.id),
        recipient: reply.recipient,
        mail: replyMail({
          siteName: reply.siteName,
          pageTitle: reply.pageTitle ?? reply.path,
          replyAuthor: reply.authorName,
          replyText: reply.body,
          replyHtml: reply.bodyHtml,
          commentUrl: `${pageUrl.split("#")[0]}#comment-${reply.id}`,
          muteUrl: await muteUrl(env.FORM_TOKEN_SECRET, input.origin, reply.siteId, reply.parentId),
          unsubscribeUrl: mailUrl(input.origin, "unsubscribe", tokens.unsubscribe),
        }),
      };
    }),
  );
  await queueMail(db, entries, input.now);
  return entries.length;
}

/** Queues today's digest for the owners of every site that wants one (at most once per site and day). */
export async function queueOwnerDigests(env: MailEnv & Pick<Env, "PUBLIC_ORIGIN">, db: Database, now: number) {
  if (!sendsMail(env)) return 0;
  const day = new Date(now).toISOString().slice(0, 10);
  const digests = await digestsSince(db, now - 24 * 60 * 60 * 1000);
  const entries = digests.flatMap((digest) =>
    digest.owners.map((owner) => ({
      siteId: digest.siteId,
      kind: "digest" as const,
      subjectKey: day,
      recipient: owner,
      mail: digestMail({
        siteName: digest.siteName,
        published: digest.published,
        held: digest.held,
        heldShown: digest.heldShown,
        consoleUrl: env.PUBLIC_ORIGIN ? `${env.PUBLIC_ORIGIN}/admin/` : null,
      }),
    })),
  );
  await queueMail(db, entries, now);
  return entries.length;
}

/**
 * Sends what the outbox has due: emails through the deployment's sender (if it has one), alerts to
 * their webhooks (worker/alerts).
 */
export async function deliverOutbox(env: MailEnv, db: Database, now: number) {
  const configured = mailSenderFor(env);
  return drainOutbox(
    db,
    {
      mail: configured !== null,
      async send(rows) {
        const alerts = rows.filter((row) => row.webhookId !== null);
        const mails = rows.filter((row) => row.webhookId === null);
        const [alertErrors, mailErrors] = await Promise.all([
          sendAlerts(db, alerts, env.FORM_TOKEN_SECRET, now),
          configured ? sendMails(configured.sender, configured.from, mails) : mails.map(() => "no email sender"),
        ]);
        const byId = new Map([
          ...alerts.map((row, index) => [row.id, alertErrors[index] ?? null] as const),
          ...mails.map((row, index) => [row.id, mailErrors[index] ?? null] as const),
        ]);
        return rows.map((row) => byId.get(row.id) ?? null);
      },
    },
    now,
  );
}
