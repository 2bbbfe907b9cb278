import { type Context, Hono } from "hono";
import { newCommentSchema, type PostedComment } from "../api/schemas";
import type { Comment, Site } from "../db/schema";
import type { AppEnv } from "../env";
import { publicOrigin } from "../http/body";
import { ApiError } from "../http/errors";
import { ipHash } from "../http/ip";
import { sitePage } from "../http/page";
import { readerHash, signedInReader } from "../http/reader";
import { jsonRequest, validJson } from "../http/validate";
import { takeComment } from "../intake";
import { announce } from "../live/announce";
import { deliverInBackground, emailReplies } from "../mail/in-request";
import { sendsMail, subscribeForReplies } from "../mail/notify";
import { admitOrigin } from "../middleware/cors";
import { asAuthorSeesIt } from "../render/avatar";

/**
 * The emails a new comment brings: its author's double opt-in if they asked for replies, and word to
 * the parent's author if it is a published reply. Returns where the author's notifications stand.
 */
async function queuePostingMail(
  c: Context<AppEnv>,
  site: Site,
  comment: Comment,
  request: { wantsReplies: boolean; pageTitle: string },
): Promise<PostedComment["notifications"]> {
  if (!sendsMail(c.env)) return undefined;
  if (comment.parentId !== null && comment.status === "published") await emailReplies(c, site.id, [comment.id]);
  if (!request.wantsReplies || !comment.authorEmail || comment.status === "spam") return undefined;
  const subscription = await subscribeForReplies(c.env, c.var.database.db, {
    siteId: site.id,
    siteName: site.name,
    email: comment.authorEmail,
    readerHash: comment.readerHash,
    pageTitle: request.pageTitle,
    origin: publicOrigin(c),
    now: Date.now(),
  });
  // Only the proven author learns that the address is confirmed: to anyone else, a confirmed
  // address and one that was asked today look the same.
  if (!subscription.confirmationQueued) {
    return subscription.status === "confirmed" && comment.authorProven ? "confirmed" : "pending";
  }
  deliverInBackground(c);
  return "confirmation_sent";
}

/**
 * POST /api/sites/:site/comments — a reader posts a comment or a reply. Intake (worker/intake)
 * decides and stores in two D1 round trips, the second also reading the comment back for live
 * readers; a reply that may be emailed to its parent's author, and a request for reply emails, take
 * one more each.
 */
export const commentRoutes = new Hono<AppEnv>().post(
  "/comments",
  jsonRequest,
  validJson(newCommentSchema),
  async (c) => {
    const { siteId } = c.var;
    const sent = c.req.valid("json");
    const input = { ...sent, page: await sitePage(c, sent.page) };
    if (input.notifyReplies && !input.authorEmail) {
      throw new ApiError(400, "invalid_input", "Reply notifications need an email address", [
        { field: "notifyReplies", message: "needs an email address" },
      ]);
    }
    const [hash, ip, identity] = await Promise.all([readerHash(c, siteId), ipHash(c), signedInReader(c, siteId)]);
    const outcome = await takeComment(
      {
        db: c.var.database.db,
        formTokenSecret: c.env.FORM_TOKEN_SECRET,
        akismetUrl: c.env.AKISMET_URL,
        admitOrigin: (site) => admitOrigin(c, site, "write"),
      },
      siteId,
      input,
      {
        readerHash: hash,
        ipHash: ip,
        connectingIp: c.req.header("CF-Connecting-IP"),
        userAgent: c.req.header("User-Agent"),
        identity,
        publicOrigin: publicOrigin(c),
      },
    );
    if (outcome.kind === "refused") throw outcome.error;
    const { site, comment, commentCount } = outcome;
    const seen = await asAuthorSeesIt(c.env.IP_HASH_SALT, site, comment, identity);
    if (outcome.kind === "replayed") {
      c.header("Idempotent-Replayed", "true");
      return c.json({ comment: seen, commentCount } satisfies PostedComment, 200);
    }
    if (outcome.kind === "repeat") {
      return c.json({ comment: seen, commentCount, alreadyReceived: true } satisfies PostedComment, 200);
    }
    announce(c, siteId, { read: outcome.changes, fresh: true });
    if (outcome.alertsQueued) deliverInBackground(c);
    const notifications = await queuePostingMail(c, site, comment, {
      wantsReplies: input.notifyReplies === true,
      pageTitle: outcome.pageTitle ?? input.page,
    });
    const body: PostedComment = {
      comment: seen,
      commentCount,
      ...(outcome.editSecret
        ? {
            editSecret: outcome.editSecret,
            editableUntil: new Date(comment.createdAt + site.editWindowMinutes * 60_000).toISOString(),
          }
        : {}),
      ...(notifications ? { notifications } : {}),
    };
    return c.json(body, 201);
  },
);
