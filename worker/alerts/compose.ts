/**
 * What an alert says, in each webhook format. The JSON format is Chorus's own (documented in
 * docs/moderation.md, signed by `signatureHeaders`); Slack, Discord and Telegram get their
 * incoming-message shapes, with the comment's text made inert for each: Slack's control characters
 * escaped, Discord's mentions switched off, Telegram's text sent without a parse mode.
 */
import { type AlertEvent, pageAddress } from "../../common/vocabulary";
import type { AlertToSend } from "../db/webhooks";
import { hmacHex } from "../lib/crypto";

/** The one-click links an alert about a comment carries. */
export interface AlertLinks {
  approve: string;
  spam: string;
  console: string;
}

const headlines: Record<AlertEvent, string> = {
  held: "A comment waits for a moderator",
  spam: "A comment was marked spam",
  duplicate: "A comment was caught as a duplicate",
  reported: "Readers reported a comment",
  digest: "The last day's comments",
};

/** The longest excerpt of a comment an alert carries, in characters. */
const excerptLength = 500;

function excerpt(text: string): string {
  return text.length > excerptLength ? `${text.slice(0, excerptLength - 1)}…` : text;
}

/** The JSON body of Chorus's own format: the facts, and only the private fields the owner chose. */
export function alertJson(alert: AlertToSend, links: AlertLinks | null, sentAt: number) {
  const { comment, facts, webhook } = alert;
  return {
    type: alert.event === "digest" ? "digest" : `comment.${alert.event}`,
    site: { id: webhook.siteId, name: alert.siteName },
    ...(comment
      ? {
          comment: {
            id: comment.id,
            authorName: comment.authorName,
            ...(webhook.includeEmail ? { authorEmail: comment.authorEmail } : {}),
            body: excerpt(comment.body),
            status: comment.status,
            caughtBy: [...new Set(comment.reasons.map((reason) => reason.check))],
            page: comment.path,
            pageTitle: comment.pageTitle,
            url: commentUrl(alert),
          },
        }
      : {}),
    ...(facts.digest ? { digest: facts.digest } : {}),
    ...(links ? { actions: links } : {}),
    sentAt: new Date(sentAt).toISOString(),
  };
}

function commentUrl(alert: AlertToSend): string | null {
  const { comment } = alert;
  if (!comment) return null;
  const home = comment.siteOrigins[0];
  if (!home) return null;
  return `${pageAddress(comment.path, comment.pageUrl, home).split("#")[0]}#comment-${comment.id}`;
}

/** The alert as plain lines of text, for the chat formats; `link` writes a labelled link in the format's way. */
function lines(
  alert: AlertToSend,
  links: AlertLinks | null,
  text: (value: string) => string,
  link: (url: string, label: string) => string,
) {
  const { comment, facts } = alert;
  const out = [`${headlines[alert.event]} on ${text(alert.siteName)}`];
  if (facts.digest) {
    const { day, published, held, spam } = facts.digest;
    out.push(`${day}: ${published} published, ${held} held, ${spam} spam`);
  }
  if (comment) {
    out.push(`${text(comment.authorName)} on ${text(comment.pageTitle ?? comment.path)}:`);
    out.push(text(excerpt(comment.body)));
    const url = commentUrl(alert);
    if (url && comment.status === "published") out.push(link(url, "Open the comment"));
  }
  if (links)
    out.push([link(links.approve, "Approve"), link(links.spam, "Spam"), link(links.console, "Console")].join(" · "));
  return out;
}

/** Slack's mrkdwn control characters, escaped as Slack documents. */
function slackText(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** The request an alert is, for its webhook's format: the body and its content type. */
export function alertBody(alert: AlertToSend, links: AlertLinks | null, sentAt: number): string {
  const { webhook } = alert;
  switch (webhook.format) {
    case "json":
      return JSON.stringify(alertJson(alert, links, sentAt));
    case "slack":
      return JSON.stringify({
        text: lines(alert, links, slackText, (url, label) => `<${url}|${label}>`).join("\n"),
        unfurl_links: false,
      });
    case "discord":
      return JSON.stringify({
        content: lines(
          alert,
          links,
          (value) => value,
          (url, label) => `[${label}](<${url}>)`,
        )
          .join("\n")
          .slice(0, 2000),
        allowed_mentions: { parse: [] },
      });
    case "telegram":
      return JSON.stringify({
        chat_id: webhook.telegramChatId,
        text: lines(
          alert,
          links,
          (value) => value,
          (url, label) => `${label}: ${url}`,
        )
          .join("\n")
          .slice(0, 4096),
        link_preview_options: { is_disabled: true },
      });
  }
}

/**
 * The signature headers of every alert: `Chorus-Timestamp` (Unix seconds) and `Chorus-Signature`
 * (`v1=` and the hex HMAC-SHA256 of `timestamp.body` under the webhook's secret). A receiver
 * recomputes it and refuses timestamps more than five minutes old.
 */
export async function signatureHeaders(secret: string, body: string, sentAt: number): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(sentAt / 1000));
  return {
    "Chorus-Timestamp": timestamp,
    "Chorus-Signature": `v1=${await hmacHex(secret, `${timestamp}.${body}`)}`,
  };
}
