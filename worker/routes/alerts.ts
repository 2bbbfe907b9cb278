import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { readAlertLinkToken } from "../alerts/links";
import { alertLinkQuerySchema } from "../api/schemas";
import { readCommentsOfSite } from "../db/moderation";
import { findWebhook, useAlertLink } from "../db/webhooks";
import type { AppEnv } from "../env";
import { ApiError, parseInput } from "../http/errors";
import { askPage, linkPage } from "../http/link-page";
import { sha256Hex } from "../lib/crypto";
import { moderate } from "../lib/moderate";
import { announce } from "../live/announce";
import { emailReplies } from "../mail/in-request";

const deadLink = () =>
  new ApiError(404, "link_not_found", "This link is not valid: it expired, was used, or its webhook was deleted");

/** The claim of the link's token, once it proves to be ours and unexpired, and the comment it names. */
async function linkedComment(c: Context<AppEnv>) {
  const { token } = parseInput(alertLinkQuerySchema, c.req.query());
  const claim = await readAlertLinkToken(c.env.FORM_TOKEN_SECRET, token);
  if (!claim || claim.expires < Date.now()) throw deadLink();
  const { db } = c.var.database;
  const [webhook, [comment]] = await Promise.all([
    findWebhook(db, claim.site, claim.webhook),
    readCommentsOfSite(db, claim.site, [claim.comment]),
  ]);
  if (!webhook || !comment) throw deadLink();
  return { token, claim, webhook, comment };
}

const verbs = { approve: "Approve", spam: "Mark as spam" } as const;

/**
 * The one-click moderation links in webhook alerts (worker/alerts/links.ts): GET shows the comment
 * and one button, POST does it once. The action is audited under the moderator who made the webhook.
 */
export const alertRoutes = new Hono<AppEnv>()
  .get("/act", async (c) => {
    const { token, claim, comment } = await linkedComment(c);
    const excerpt = comment.body.length > 300 ? `${comment.body.slice(0, 299)}…` : comment.body;
    return askPage(
      c,
      { token },
      {
        title: verbs[claim.action],
        question: `${verbs[claim.action]} this comment by ${comment.authorName}? “${excerpt}”`,
        button: verbs[claim.action],
      },
    );
  })
  .post("/act", async (c) => {
    const { token, claim, webhook } = await linkedComment(c);
    const { db } = c.var.database;
    if (!(await useAlertLink(db, await sha256Hex(token), claim.expires, Date.now()))) throw deadLink();
    const result = await moderate(db, {
      siteId: claim.site,
      moderatorId: webhook.createdBy,
      action: claim.action,
      ids: [claim.comment],
      via: "alert_link",
    });
    announce(c, claim.site, { ids: result.changed });
    await emailReplies(c, claim.site, result.changed);
    const done = claim.action === "approve" ? "Approved" : "Marked as spam";
    return linkPage(c, done, html`<p>The comment is ${done.toLowerCase()}. Moderators see it in the console.</p>`);
  });
