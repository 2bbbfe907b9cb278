/**
 * Sending alerts the outbox claimed: each is composed from what it is about as it stands now, signed,
 * and posted to its webhook with a time limit; anything but a 2xx answer is a failure the outbox
 * retries with back-off. Alerts go after the reader's response (or from the cron), so a slow or
 * failing endpoint never slows a reader's POST.
 */
import type { Database } from "../db/client";
import type { OutboxMail } from "../db/schema";
import { readAlerts } from "../db/webhooks";
import { alertBody, signatureHeaders } from "./compose";
import { alertLinks } from "./links";

/** How long a webhook may take to answer before the attempt counts as failed. */
const webhookTimeoutMs = 10_000;

/**
 * Sends the claimed alert rows; resolves, in their order, to null for each that went and the
 * reason for each that failed. An alert whose webhook or comment is gone is dropped as sent.
 */
export async function sendAlerts(
  db: Database,
  rows: readonly OutboxMail[],
  linkSecret: string,
  now: number,
  fetcher: typeof fetch = fetch,
): Promise<(string | null)[]> {
  const alerts = await readAlerts(db, rows);
  return Promise.all(
    rows.map(async (row) => {
      const alert = alerts.get(row.id);
      if (!alert) return null;
      try {
        const body = alertBody(alert, await alertLinks(linkSecret, alert, now), now);
        const response = await fetcher(alert.webhook.url, {
          method: "POST",
          redirect: "manual",
          signal: AbortSignal.timeout(webhookTimeoutMs),
          headers: {
            "Content-Type": "application/json",
            "User-Agent": "Chorus-Webhooks/1",
            "Chorus-Event": alert.event,
            "Chorus-Delivery": String(row.id),
            ...(await signatureHeaders(alert.webhook.secret, body, now)),
          },
          body,
        });
        await response.body?.cancel();
        return response.ok ? null : `the webhook answered ${response.status}`;
      } catch (error) {
        return String((error as Error)?.message ?? error).slice(0, 500);
      }
    }),
  );
}
