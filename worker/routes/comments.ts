import { type Context, Hono } from "hono";
import type { z } from "zod";
import { type NewComment, newCommentSchema, type PostedComment, siteParamsSchema } from "../api/schemas";
import { randomToken, sha256Hex } from "../crypto";
import {
  awaitFirstAttempt,
  IdempotencyConflict,
  insertComment,
  readByIdempotencyKey,
  readComment,
  readIntakeContext,
} from "../db/comments";
import type { Comment, Site } from "../db/schema";
import { toPublicComment } from "../db/threads";
import type { AppEnv } from "../env";
import { ApiError, notFound, parseInput } from "../errors";
import { admissionError, decideIntake, intakePolicyOf, prepareComment } from "../intake";
import { ipHash } from "../ip";
import { deliverInBackground, emailReplies } from "../mail/in-request";
import { sendsMail, subscribeForReplies } from "../mail/notify";
import { admitOrigin } from "../origin";
import { readerHash } from "../reader";
import { avatarHasher } from "../render/avatar";
import { renderMarkdown } from "../render/markdown";
import { publicOrigin, readJsonBody } from "../request";
import { checkWithAkismet } from "../spam/akismet";
import { defaultFormTokenAges, verifyFormToken } from "../spam/form-token";
import { verifyTurnstile } from "../turnstile";

type Input = NewComment & { page: string };

/** A stored comment as its author sees it, with its avatar (readers' comments carry no staff badge). */
export async function asAuthorSeesIt(c: Context<AppEnv>, site: Site, comment: Comment) {
  const avatar = await avatarHasher(c.env.IP_HASH_SALT, site)(
    comment.authorName,
    comment.authorProven ? comment.authorEmail : null,
  );
  return { ...toPublicComment(comment, true, null), avatar };
}

/**
 * The address a new thread records for its page: the page's own address when it is on one of the
 * site's origins, else the path on the site's first origin, so nobody can point a thread's feed
 * and email links at an address of their choosing.
 */
function threadAddress(site: Site, path: string, pageUrl: string | undefined): string | null {
  if (pageUrl !== undefined && site.allowedOrigins.includes(new URL(pageUrl).origin)) return pageUrl;
  const origin = site.allowedOrigins[0];
  return origin === undefined ? null : new URL(path, origin).href;
}

/** Answers a submission with a comment that is already stored, as the author may see it. */
async function answerWith(
  c: Context<AppEnv>,
  site: Site,
  comment: Comment,
  commentCount: number,
  extra: Partial<PostedComment> = {},
) {
  const body: PostedComment = { comment: await asAuthorSeesIt(c, site, comment), commentCount, ...extra };
  return c.json(body, 200);
}

/** An earlier submission with the same idempotency key: the first result, if it really is the same submission. */
function replay(
  c: Context<AppEnv>,
  site: Site,
  input: Input,
  hash: string | null,
  comment: Comment,
  commentCount: number,
) {
  const sameSubmission =
    comment.body === input.body && comment.parentId === (input.parentId ?? null) && comment.readerHash === hash;
  if (!sameSubmission) {
    throw new ApiError(422, "idempotency_key_reused", "This idempotency key was already used for another comment", [
      { field: "idempotencyKey", message: "was already used for another comment" },
    ]);
  }
  c.header("Idempotent-Replayed", "true");
  return answerWith(c, site, comment, commentCount);
}

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
 * The checks by other services a site may turn on: Turnstile must pass (else 403), and Akismet's
 * verdict, if the site uses it, joins the spam pipeline's evidence.
 */
async function askOutsideServices(c: Context<AppEnv>, site: Site, input: z.output<typeof newCommentSchema>) {
  if (site.turnstileSecret) {
    const passed =
      input.turnstileToken !== undefined &&
      (await verifyTurnstile({
        secret: site.turnstileSecret,
        token: input.turnstileToken,
        remoteIp: c.req.header("CF-Connecting-IP"),
        idempotencyKey: input.idempotencyKey,
        hostnames: site.allowedOrigins.map((origin) => new URL(origin).hostname),
      }));
    if (!passed) {
      throw new ApiError(403, "turnstile_failed", "Please complete the challenge", [
        { field: "turnstileToken", message: "was not accepted" },
      ]);
    }
  }
  if (!site.akismetKey) return undefined;
  return checkWithAkismet(
    (request) => fetch(request),
    { apiKey: site.akismetKey, blogUrl: site.allowedOrigins[0] ?? new URL(c.req.url).origin },
    {
      userIp: c.req.header("CF-Connecting-IP") ?? "",
      userAgent: c.req.header("User-Agent"),
      permalink: input.pageUrl,
      authorName: input.authorName,
      authorEmail: input.authorEmail,
      authorWebsite: input.authorWebsite,
      body: input.body,
      isReply: input.parentId !== undefined,
    },
  );
}

/**
 * POST /api/sites/:site/comments — a reader posts a comment or a reply. Two D1 round trips: one
 * batch reads (and counts) everything the decision needs, one batch stores the comment; a reply
 * that may be emailed to its parent's author, and a request for reply emails, take one more each.
 */
export const commentRoutes = new Hono<AppEnv>().post("/comments", async (c) => {
  const { site: siteId } = parseInput(siteParamsSchema, c.req.param());
  const input = parseInput(newCommentSchema, await readJsonBody(c));
  if (input.notifyReplies && !input.authorEmail) {
    throw new ApiError(400, "invalid_input", "Reply notifications need an email address", [
      { field: "notifyReplies", message: "needs an email address" },
    ]);
  }
  const now = Date.now();
  const token = await verifyFormToken(c.env.FORM_TOKEN_SECRET, input.formToken, siteId, input.page, now);
  if (!token.ok && token.reason === "too_fast") {
    const { waitMs } = token;
    c.header("Retry-After", String(Math.ceil(waitMs / 1000)));
    throw new ApiError(
      425,
      "form_too_fast",
      "Just a moment: the form was sent within seconds of appearing. Sending it again shortly…",
      [{ field: "formToken", message: `was issued less than 3 seconds ago; retry in ${waitMs} ms` }],
    );
  }
  if (!token.ok) {
    throw new ApiError(403, `form_token_${token.reason}`, "The comment form has expired; reload it and try again", [
      { field: "formToken", message: token.reason === "expired" ? "has expired" : "is not one this API issued" },
    ]);
  }
  const [hash, ip] = await Promise.all([readerHash(c, siteId), ipHash(c)]);
  const content = { ...input, authorEmail: input.authorEmail ?? null, authorWebsite: input.authorWebsite ?? null };
  const prepared = prepareComment(content);
  const { db } = c.var.database;
  const context = await readIntakeContext(db, {
    siteId,
    path: input.page,
    idempotencyKey: input.idempotencyKey,
    parentId: input.parentId,
    authorEmail: input.authorEmail,
    readerHash: hash,
    ipHash: ip,
    formTokenId: token.tokenId,
    formTokenExpiresAt: token.issuedAt + defaultFormTokenAges.maxAgeMs,
    modelKeys: prepared.modelKeys,
    duplicateKeys: prepared.fingerprint.keys,
    now,
  });
  const { site } = context;
  if (!site) throw notFound.site();
  admitOrigin(c, site, "write");
  if (context.earlier) return replay(c, site, input, hash, context.earlier, context.thread?.commentCount ?? 0);
  if (context.formTokenUsedBySameKey) {
    const first = await awaitFirstAttempt(db, siteId, input.idempotencyKey);
    if (first) return replay(c, site, input, hash, first.comment, first.commentCount);
  }
  const refused = admissionError(site, context, { parentId: input.parentId, readerHash: hash, token, now });
  if (refused) throw refused;
  const { parent } = context;
  const akismet = await askOutsideServices(c, site, input);
  const decision = decideIntake(intakePolicyOf(site), context, {
    ...content,
    pageTitle: context.thread?.title ?? input.pageTitle ?? null,
    ipHash: ip,
    threadId: context.thread?.id ?? null,
    createdAt: now,
    prepared,
    honeypotFilled: (input.trap ?? "") !== "",
    akismet: akismet?.ok ? akismet.verdict : undefined,
  });
  if (decision.kind === "refuse") {
    throw new ApiError(403, "author_banned", "This site does not accept comments from you");
  }
  if (decision.kind === "repeat") {
    const original = await readComment(db, siteId, Number(decision.duplicateOf));
    if (!original) throw notFound.thread();
    if (original.status !== "published" && (hash === null || original.readerHash !== hash)) {
      throw new ApiError(409, "already_received", "The same comment was posted here moments ago", [
        { field: "body", message: "repeats a comment posted moments ago" },
      ]);
    }
    return answerWith(c, site, original, context.thread?.commentCount ?? 0, { alreadyReceived: true });
  }
  const editSecret = randomToken(24);
  try {
    const stored = await insertComment(db, {
      siteId,
      path: input.page,
      pageTitle: input.pageTitle ?? null,
      pageUrl: threadAddress(site, input.page, input.pageUrl),
      parent,
      authorName: input.authorName,
      authorEmail: input.authorEmail?.toLowerCase() ?? null,
      authorProven: context.emailProven,
      authorWebsite: input.authorWebsite ?? null,
      body: input.body,
      bodyHtml: renderMarkdown(input.body),
      status: decision.status,
      readerHash: hash,
      idempotencyKey: input.idempotencyKey,
      ipHash: ip,
      spamScore: decision.score,
      reasons: decision.reasons,
      normalizedBody: prepared.normalized,
      duplicateKeys: prepared.fingerprint.keys,
      duplicate: decision.duplicate && { ...decision.duplicate, duplicateOf: Number(decision.duplicate.duplicateOf) },
      editSecretHash: site.editWindowMinutes > 0 ? await sha256Hex(editSecret) : null,
      notifyReplies: input.notifyReplies === true,
    });
    const notifications = await queuePostingMail(c, site, stored.comment, {
      wantsReplies: input.notifyReplies === true,
      pageTitle: stored.pageTitle ?? input.page,
    });
    const body: PostedComment = {
      comment: await asAuthorSeesIt(c, site, stored.comment),
      commentCount: stored.commentCount,
      ...(site.editWindowMinutes > 0
        ? {
            editSecret,
            editableUntil: new Date(stored.comment.createdAt + site.editWindowMinutes * 60_000).toISOString(),
          }
        : {}),
      ...(notifications ? { notifications } : {}),
    };
    return c.json(body, 201);
  } catch (error) {
    if (!(error instanceof IdempotencyConflict)) throw error;
    const stored = await readByIdempotencyKey(db, siteId, input.idempotencyKey);
    if (!stored) throw error;
    return replay(c, site, input, hash, stored.comment, stored.commentCount);
  }
});
