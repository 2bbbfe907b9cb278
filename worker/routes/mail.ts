import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { mailLinkQuerySchema, muteLinkQuerySchema } from "../api/schemas";
import { confirmSubscription, muteComment, unsubscribe } from "../db/mail";
import type { AppEnv } from "../env";
import { ApiError, parseInput } from "../http/errors";
import { askPage, linkPage } from "../http/link-page";
import { constantTimeEqual, sha256Hex } from "../lib/crypto";
import { muteToken } from "../mail/notify";

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
    return linkPage(c, "Confirmed", html`<p>You will get an email when someone replies to your comments here.</p>`);
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
    return linkPage(c, "Unsubscribed", html`<p>You will get no more reply emails from this site.</p>`);
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
    return linkPage(c, "Stopped", html`<p>You will get no more emails about replies to this comment.</p>`);
  });
