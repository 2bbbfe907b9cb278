import { Hono } from "hono";
import { newCommentSchema, type PostedComment, siteParamsSchema } from "../api/schemas";
import { IdempotencyConflict, insertComment, readByIdempotencyKey, readPostContext } from "../db/comments";
import type { Comment } from "../db/schema";
import { toPublicComment } from "../db/threads";
import type { AppEnv } from "../env";
import { ApiError, notFound, parseInput } from "../errors";
import { initialStatus } from "../moderation";
import { admitOrigin } from "../origin";
import { readerHash } from "../reader";
import { renderMarkdown } from "../render/markdown";
import { readJsonBody } from "../request";

/** POST /api/sites/:site/comments — a reader posts a comment or a reply. */
export const commentRoutes = new Hono<AppEnv>().post("/comments", async (c) => {
  const { site: siteId } = parseInput(siteParamsSchema, c.req.param());
  const input = parseInput(newCommentSchema, await readJsonBody(c));
  const hash = await readerHash(c, siteId);
  const { db } = c.var.database;
  const context = await readPostContext(db, { siteId, path: input.page, ...input });
  if (!context.site) throw notFound.site();
  admitOrigin(c, context.site, "write");

  const replay = (stored: { comment: Comment; commentCount: number }) => {
    const { comment } = stored;
    const sameSubmission =
      comment.body === input.body && comment.parentId === (input.parentId ?? null) && comment.readerHash === hash;
    if (!sameSubmission) {
      throw new ApiError(422, "idempotency_key_reused", "This idempotency key was already used for another comment", [
        { field: "idempotencyKey", message: "was already used for another comment" },
      ]);
    }
    c.header("Idempotent-Replayed", "true");
    const body: PostedComment = { comment: toPublicComment(comment, true), commentCount: stored.commentCount };
    return c.json(body, 200);
  };

  if (context.earlier) return replay({ comment: context.earlier, commentCount: context.thread?.commentCount ?? 0 });
  if (context.thread?.closed) throw new ApiError(403, "thread_closed", "Comments are closed.");
  const { parent } = context;
  if (input.parentId !== undefined) {
    const parentVisible =
      parent?.status === "published" || (parent?.status === "pending" && parent.readerHash === hash && hash !== null);
    if (!parent || parent.threadId !== context.thread?.id || !parentVisible) {
      throw new ApiError(404, "parent_not_found", "The comment you replied to is not in this thread", [
        { field: "parentId", message: "is not a comment in this thread" },
      ]);
    }
  }

  try {
    const stored = await insertComment(db, {
      siteId,
      path: input.page,
      pageTitle: input.pageTitle ?? null,
      pageUrl: input.pageUrl ?? null,
      parent,
      authorName: input.authorName,
      authorEmail: input.authorEmail ?? null,
      authorWebsite: input.authorWebsite ?? null,
      body: input.body,
      bodyHtml: renderMarkdown(input.body),
      status: initialStatus(context.site.moderationMode, context.authorIsKnown),
      readerHash: hash,
      idempotencyKey: input.idempotencyKey,
    });
    const body: PostedComment = { comment: toPublicComment(stored.comment, true), commentCount: stored.commentCount };
    return c.json(body, 201);
  } catch (error) {
    if (!(error instanceof IdempotencyConflict)) throw error;
    const stored = await readByIdempotencyKey(db, siteId, input.idempotencyKey);
    if (!stored) throw error;
    return replay(stored);
  }
});
