/**
 * The pages behind links Chorus sends (emails, webhook alerts): small, strict HTML, and for anything
 * that changes something, a button that posts back, so a scanner that follows links changes nothing.
 */
import type { Context } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { AppEnv } from "../env";

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
