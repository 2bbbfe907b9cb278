/**
 * The pages behind links Chorus sends (emails, webhook alerts): small, strict HTML, and for anything
 * that changes something, a button that posts back, so a scanner that follows links changes nothing.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { AppEnv } from "../env";
import { randomToken } from "../lib/crypto";

const pagePolicy =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** A small page for a person who followed a link in one of our emails or alerts (hono/html escapes every value). */
export function linkPage(c: Context<AppEnv>, title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  c.header("Content-Security-Policy", pagePolicy);
  c.header("Cache-Control", "no-store");
  return c.html(html`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${title}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
<h1 style="font-size:1.4rem">${title}</h1>${body}</body></html>`);
}

/**
 * A page whose button posts back to the same link (its validated query): mail scanners follow
 * links, people press buttons.
 */
export function askPage(
  c: Context<AppEnv>,
  query: Record<string, string | number>,
  text: { title: string; question: string; button: string },
) {
  const search = new URLSearchParams(Object.entries(query).map(([name, value]) => [name, String(value)]));
  const action = `${new URL(c.req.url).pathname}?${search}`;
  const { title, question, button } = text;
  return linkPage(
    c,
    title,
    html`<p>${question}</p><form method="post" action="${action}">
<button type="submit" style="font:inherit;padding:.5rem 1rem">${button}</button></form>`,
  );
}

/** What a sign-in popup tells the page that opened it (widget/src/write/sign-in.ts listens for it). */
export interface SignInMessage {
  type: "chorus-sign-in";
  /** The page's own nonce, as it opened the popup with it: the page takes only its own answer. */
  nonce: string;
  signedIn?: unknown;
  error?: string;
}

/**
 * The last page of a reader's sign-in popup: it says how it went and, when it knows which page opened
 * it, posts the result to that page's origin only (`postMessage`'s target origin; any other opener
 * gets nothing) and closes. Its one script runs under a per-answer nonce; its opener is kept
 * (`Cross-Origin-Opener-Policy: unsafe-none`), which a popup needs to answer a page on another origin.
 */
export function signInPage(
  c: Context<AppEnv>,
  status: 200 | 400 | 404 | 429 | 502,
  text: { title: string; detail: string },
  reply: { origin: string; message: SignInMessage } | null,
) {
  const nonce = randomToken(16);
  c.header(
    "Content-Security-Policy",
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'`,
  );
  c.header("Cross-Origin-Opener-Policy", "unsafe-none");
  c.header("Cache-Control", "no-store");
  const script = reply
    ? html`<script nonce="${nonce}">
const data = document.body.dataset;
if (window.opener) { window.opener.postMessage(JSON.parse(data.message), data.origin); window.close(); }
</script>`
    : "";
  return c.html(
    html`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${text.title}</title></head>
<body data-origin="${reply?.origin ?? ""}" data-message="${reply ? JSON.stringify(reply.message) : ""}"
style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
<h1 style="font-size:1.4rem">${text.title}</h1><p>${text.detail}</p>${script}</body></html>`,
    status,
  );
}
