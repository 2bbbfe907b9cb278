/**
 * The emails Chorus sends, as plain text and HTML. The HTML is written with hono/html, which escapes
 * every value it is given: reader and site text can only ever be text. The one exception, marked
 * `raw`, is a comment's body, which is already the safe HTML of worker/render/markdown.ts. Every
 * link is one the Worker built itself, so an email cannot carry a reader's markup or script.
 */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

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

/** Wraps paragraphs of HTML in a small, inline-styled page (mail clients drop <style>). */
function page(title: string, body: Html, footer: Html | string): string {
  return html`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>
<body style="margin:0;padding:24px;font-family:system-ui,sans-serif;line-height:1.5;color:#222;background:#fff">
<div style="max-width:36rem;margin:0 auto;overflow-wrap:anywhere">${body}
<hr style="border:0;border-top:1px solid #ddd;margin:24px 0">
<p style="font-size:13px;color:#666">${footer}</p></div></body></html>`.toString();
}

function link(href: string, label: string): Html {
  return html`<a href="${href}">${label}</a>`;
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
  const body = page(
    subject,
    html`<p>You asked to be emailed when someone replies to your comment on <strong>${input.pageTitle}</strong> (${input.siteName}).</p>
<p>${link(input.confirmUrl, "Yes, email me replies")}</p>
<p>If this was not you, ignore this email: nothing will be sent unless you confirm.</p>`,
    link(input.unsubscribeUrl, "Never email this address again"),
  );
  return { subject, text, html: body, headers: unsubscribeHeaders(input.unsubscribeUrl) };
}

/** Tells a reader that someone replied to their comment. */
export function replyMail(input: {
  siteName: string;
  pageTitle: string;
  replyAuthor: string;
  replyText: string;
  replyHtml: string;
  commentUrl: string;
  /** Stops emails about replies to this one comment. */
  muteUrl: string;
  /** Stops every reply email to this address from the site. */
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
    `Stop emails about replies to this comment: ${input.muteUrl}`,
    `Stop all reply emails from ${input.siteName}: ${input.unsubscribeUrl}`,
  ].join("\n");
  const body = page(
    subject,
    html`<p><strong>${input.replyAuthor}</strong> replied to your comment on <strong>${input.pageTitle}</strong>:</p>
<blockquote style="margin:0;padding:0 16px;border-left:3px solid #ddd">${raw(input.replyHtml)}</blockquote>
<p>${link(input.commentUrl, "Read and answer")}</p>`,
    html`${input.siteName} · ${link(input.muteUrl, "Stop emails about replies to this comment")} ·
${link(input.unsubscribeUrl, "Stop all reply emails from this site")}`,
  );
  return { subject, text, html: body, headers: unsubscribeHeaders(input.unsubscribeUrl) };
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
  const items = input.heldShown.map(
    (comment) =>
      html`<li><strong>${comment.authorName}</strong> on <em>${comment.pageTitle}</em>: ${comment.excerpt}</li>`,
  );
  const body = page(
    subject,
    html`<p>In the last day on <strong>${input.siteName}</strong>: ${input.published} comments published, ${input.held} held for moderation.</p>
${items.length > 0 ? html`<p>Waiting for you:</p><ul>${items}</ul>` : ""}
${input.consoleUrl ? html`<p>${link(input.consoleUrl, "Open the console")}</p>` : ""}`,
    "You get this because you own this site in Chorus; turn it off in the console's settings.",
  );
  return { subject, text, html: body, headers: {} };
}

/** A one-time link that signs a reader in to comment on a site (passwordless email sign-in). */
export function signInMail(input: { siteName: string; signInUrl: string }): ComposedMail {
  const subject = subjectLine(`Sign in to comment on ${input.siteName}`);
  const text = [
    `To sign in to comment on ${input.siteName}, open this link in the browser where you asked for it:`,
    input.signInUrl,
    "",
    "It works once, for 15 minutes. If this was not you, ignore this email: nobody is signed in without it.",
  ].join("\n");
  const body = page(
    subject,
    html`<p>To sign in to comment on <strong>${input.siteName}</strong>, open this link in the browser where you asked for it:</p>
<p>${link(input.signInUrl, `Sign in to ${input.siteName}`)}</p>
<p>It works once, for 15 minutes.</p>`,
    "If this was not you, ignore this email: nobody is signed in without it.",
  );
  return { subject, text, html: body, headers: {} };
}
