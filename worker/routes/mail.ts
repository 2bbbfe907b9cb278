import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { mailLinkQuerySchema, muteLinkQuerySchema } from "../api/schemas";
import { confirmSubscription, muteComment, unsubscribe } from "../db/mail";
import type { AppEnv } from "../env";
import { ApiError, parseInput } from "../http/errors";
import { constantTimeEqual, sha256Hex } from "../lib/crypto";
import { muteToken } from "../mail/notify";

const pagePolicy =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** A small page for a person who followed a link in one of our emails (hono/html escapes every value). */
function mailPage(c: Context<AppEnv>, title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
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
function askPage(
  c: Context<AppEnv>,
  query: Record<string, string | number>,
  text: { title: string; question: string; button: string },
) {
  const search = new URLSearchParams(Object.entries(query).map(([name, value]) => [name, String(value)]));
  const action = `${new URL(c.req.url).pathname}?${search}`;
  const { title, question, button } = text;
  return mailPage(
    c,
    title,
    html`<p>${question}</p><form method="post" action="${action}">
<button type="submit" style="font:inherit;padding:.5rem 1rem">${button}</button></form>`,
  );
}

async function tokenHash(c: Context<AppEnv>): Promise<string> {
  const { token } = parseInput(mailLinkQuerySchema, c.req.query());
  return sha256Hex(token);
}

/** The comment a mute link names, once its token proves the link is one we sent. */
async function mutedComment(c: Context<AppEnv>) {
  const query = parseInput(muteLinkQuerySchema, c.req.query());
  if (!constantTimeEqual(query.token, await muteToken(c.env.FORM_TOKEN_SECRET, query.site, query.comment))) {
    throw unknownLink();
  }
  return query;
}

const unknownLink = () =>
  new ApiError(404, "link_not_found", "This link is not valid (any more); the subscription may have been erased");

/**
 * The links in notification emails: confirm an address, stop emails about replies to one comment
 * (mute), or stop them all (unsubscribe). GET shows a page with one button, POST does it, so a mail
 * scanner that opens links changes nothing. POST /api/mail/unsubscribe is also RFC 8058's one-click
 * unsubscribe that mail clients call from the List-Unsubscribe header.
 */
export const mailRoutes = new Hono<AppEnv>()
  .get("/confirm", async (c) => {
    return askPage(c, parseInput(mailLinkQuerySchema, c.req.query()), {
      title: "Email me replies",
      question: "Confirm that you want an email when someone replies to you.",
      button: "Confirm",
    });
  })
  .post("/confirm", async (c) => {
    const confirmed = await confirmSubscription(c.var.database.db, await tokenHash(c));
    if (!confirmed) throw unknownLink();
    return mailPage(c, "Confirmed", html`<p>You will get an email when someone replies to your comments here.</p>`);
  })
  .get("/unsubscribe", async (c) => {
    return askPage(c, parseInput(mailLinkQuerySchema, c.req.query()), {
      title: "Stop reply emails",
      question: "Stop all reply emails to this address from this site?",
      button: "Unsubscribe",
    });
  })
  .post("/unsubscribe", async (c) => {
    const ended = await unsubscribe(c.var.database.db, await tokenHash(c));
    if (!ended) throw unknownLink();
    return mailPage(c, "Unsubscribed", html`<p>You will get no more reply emails from this site.</p>`);
  })
  .get("/mute", async (c) => {
    return askPage(c, await mutedComment(c), {
      title: "Stop emails about this comment",
      question: "Stop emails about replies to this comment? Replies to your other comments still reach you.",
      button: "Stop",
    });
  })
  .post("/mute", async (c) => {
    const { site, comment } = await mutedComment(c);
    if (!(await muteComment(c.var.database.db, site, comment))) throw unknownLink();
    return mailPage(c, "Stopped", html`<p>You will get no more emails about replies to this comment.</p>`);
  });
