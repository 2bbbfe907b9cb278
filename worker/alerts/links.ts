/**
 * One-click moderation from an alert: links that approve a comment or mark it spam, signed with the
 * deployment's secret, naming the site, the comment, the action and the webhook they went to,
 * expiring after three days and used once (`used_alert_links`). They open a page with one button:
 * a link scanner that follows them changes nothing. Deleting the webhook revokes its links.
 */
import { z } from "zod";
import type { AlertToSend } from "../db/webhooks";
import { constantTimeEqual, fromBase64Url, hmacToken, toBase64Url } from "../lib/crypto";
import type { AlertLinks } from "./compose";

/** How long a one-click link works. */
export const alertLinkLifetimeMs = 3 * 24 * 60 * 60 * 1000;

export const alertActions = ["approve", "spam"] as const;

const claimSchema = z.object({
  site: z.string().min(1),
  comment: z.number().int().positive(),
  action: z.enum(alertActions),
  webhook: z.number().int().positive(),
  expires: z.number().int(),
});

export type AlertLinkClaim = z.infer<typeof claimSchema>;

function signature(secret: string, payload: string): Promise<string> {
  return hmacToken(secret, `chorus-alert\n${payload}`);
}

/** The token of a one-click link: the claim as URL-safe base64 JSON, a dot, and its signature. */
export async function alertLinkToken(secret: string, claim: AlertLinkClaim): Promise<string> {
  const payload = toBase64Url(new TextEncoder().encode(JSON.stringify(claim)));
  return `${payload}.${await signature(secret, payload)}`;
}

/** The claim of a token this deployment signed, or null for anything else (its expiry is not checked here). */
export async function readAlertLinkToken(secret: string, token: string): Promise<AlertLinkClaim | null> {
  const [payload = "", signed = "", ...rest] = token.split(".");
  if (rest.length > 0 || !constantTimeEqual(signed, await signature(secret, payload))) return null;
  const bytes = fromBase64Url(payload);
  if (!bytes) return null;
  try {
    const claim = claimSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return claim.success ? claim.data : null;
  } catch {
    return null;
  }
}

/** The links an alert about a comment carries (none for a digest, or without an origin to link to). */
export async function alertLinks(secret: string, alert: AlertToSend, now: number): Promise<AlertLinks | null> {
  const { origin } = alert.facts;
  const consoleUrl = `${origin}/admin/`;
  // Work with no request (the cron) on a deployment without PUBLIC_ORIGIN knows no address to link to.
  if (!alert.comment || !origin) return null;
  const link = async (action: AlertLinkClaim["action"]) => {
    const token = await alertLinkToken(secret, {
      site: alert.webhook.siteId,
      comment: alert.comment?.id ?? 0,
      action,
      webhook: alert.webhook.id,
      expires: now + alertLinkLifetimeMs,
    });
    return `${origin}/api/alerts/act?token=${token}`;
  };
  return { approve: await link("approve"), spam: await link("spam"), console: consoleUrl };
}
