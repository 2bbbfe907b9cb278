/**
 * The emails Chorus sends, as plain text and HTML. Every piece of reader or site text goes through
 * `escapeHtml` (or, for a comment's body, is the safe HTML of worker/render/markdown.ts), and every
 * link is one the Worker built itself, so an email cannot carry a reader's markup or script.
 */
import { escapeHtml } from "../render/markdown";

/** An email ready for the outbox. */
export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** A subject line: one line, without control or bidi-override characters, at most 150 characters. */
function subjectLine(text: string): string {
  const line = text.replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu, " ").trim();
  return line.length > 150 ? `${line.slice(0, 149)}…` : line;
}

/** Wraps paragraphs of already-safe HTML in a small, inline-styled page (mail clients drop <style>). */
function page(title: string, bodyHtml: string, footerHtml: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:24px;font-family:system-ui,sans-serif;line-height:1.5;color:#222;background:#fff">
<div style="max-width:36rem;margin:0 auto;overflow-wrap:anywhere">${bodyHtml}
<hr style="border:0;border-top:1px solid #ddd;margin:24px 0">
<p style="font-size:13px;color:#666">${footerHtml}</p></div></body></html>`;
}

function link(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
}

/** RFC 2369 and RFC 8058 headers, so mail clients offer their own one-click unsubscribe. */
function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/** Asks a reader to confirm that they want emails about replies (double opt-in). */
export function confirmationMail(input: {
  siteName: string;
  pageTitle: string;
  confirmUrl: string;
  unsubscribeUrl: string;
}): ComposedMail {
  const subject = subjectLine(`Confirm reply notifications from ${input.siteName}`);
  const text = [
    `You asked to be emailed when someone replies to your comment on "${input.pageTitle}" (${input.siteName}).`,
    "",
    `To confirm, open: ${input.confirmUrl}`,
    "",
    "If this was not you, ignore this email: nothing will be sent unless you confirm.",
    `Never email this address again: ${input.unsubscribeUrl}`,
  ].join("\n");
  const html = page(
    subject,
    `<p>You asked to be emailed when someone replies to your comment on <strong>${escapeHtml(input.pageTitle)}</strong> (${escapeHtml(input.siteName)}).</p>
<p>${link(input.confirmUrl, "Yes, email me replies")}</p>
<p>If this was not you, ignore this email: nothing will be sent unless you confirm.</p>`,
    link(input.unsubscribeUrl, "Never email this address again"),
  );
  return { subject, text, html, headers: unsubscribeHeaders(input.unsubscribeUrl) };
}

/** Tells a reader that someone replied to their comment. */
export function replyMail(input: {
  siteName: string;
  pageTitle: string;
  replyAuthor: string;
  replyText: string;
  replyHtml: string;
  commentUrl: string;
  unsubscribeUrl: string;
}): ComposedMail {
  const subject = subjectLine(`${input.replyAuthor} replied to you on "${input.pageTitle}"`);
  const text = [
    `${input.replyAuthor} replied to your comment on "${input.pageTitle}" (${input.siteName}):`,
    "",
    input.replyText,
    "",
    `Read and answer: ${input.commentUrl}`,
    "",
    `Stop these emails: ${input.unsubscribeUrl}`,
  ].join("\n");
  const html = page(
    subject,
    `<p><strong>${escapeHtml(input.replyAuthor)}</strong> replied to your comment on <strong>${escapeHtml(input.pageTitle)}</strong>:</p>
<blockquote style="margin:0;padding:0 16px;border-left:3px solid #ddd">${input.replyHtml}</blockquote>
<p>${link(input.commentUrl, "Read and answer")}</p>`,
    `${escapeHtml(input.siteName)} · ${link(input.unsubscribeUrl, "Stop these emails")}`,
  );
  return { subject, text, html, headers: unsubscribeHeaders(input.unsubscribeUrl) };
}

/** A comment in an owner's digest. */
export interface DigestComment {
  authorName: string;
  excerpt: string;
  pageTitle: string;
}

/** The daily summary for a site's owners: how many comments were published, and which wait for them. */
export function digestMail(input: {
  siteName: string;
  published: number;
  held: number;
  heldShown: DigestComment[];
  consoleUrl: string | null;
}): ComposedMail {
  const subject = subjectLine(`${input.siteName}: ${input.published} new, ${input.held} waiting for you`);
  const lines = input.heldShown.map(
    (comment) => `- ${comment.authorName} on "${comment.pageTitle}": ${comment.excerpt}`,
  );
  const text = [
    `In the last day on ${input.siteName}: ${input.published} comments published, ${input.held} held for moderation.`,
    ...(lines.length > 0 ? ["", "Waiting for you:", ...lines] : []),
    ...(input.consoleUrl ? ["", `Open the console: ${input.consoleUrl}`] : []),
  ].join("\n");
  const items = input.heldShown
    .map(
      (comment) =>
        `<li><strong>${escapeHtml(comment.authorName)}</strong> on <em>${escapeHtml(comment.pageTitle)}</em>: ${escapeHtml(comment.excerpt)}</li>`,
    )
    .join("");
  const html = page(
    subject,
    `<p>In the last day on <strong>${escapeHtml(input.siteName)}</strong>: ${input.published} comments published, ${input.held} held for moderation.</p>
${items ? `<p>Waiting for you:</p><ul>${items}</ul>` : ""}
${input.consoleUrl ? `<p>${link(input.consoleUrl, "Open the console")}</p>` : ""}`,
    "You get this because you own this site in Chorus; turn it off in the console's settings.",
  );
  return { subject, text, html, headers: {} };
}
