/**
 * The Webmention queue's consumer: reads a received mention's source (./source.ts) and makes it a
 * comment of the target's thread through the same decision as a reader's comment, updates the one
 * it made before, or removes it when the source is gone or no longer links to the target.
 */
import type { Database } from "../db/client";
import { readByIdempotencyKey } from "../db/comments";
import { readWebmention, settleWebmention } from "../db/webmentions";
import type { Env } from "../env";
import { takeMention } from "../intake";
import { sha256Hex } from "../lib/crypto";
import { moderate } from "../lib/moderate";
import { type Change, tellRooms } from "../live/announce";
import { type MentionContent, readSource } from "./source";

/** What the queue carries: the received mention's id (its row holds the rest), and the Worker's origin as the sender reached it. */
export interface MentionMessage {
  id: string;
  origin: string;
}

/** The comment key of a source and target pair: the same pair always finds the same comment. */
export async function mentionKey(source: string, target: string): Promise<string> {
  return `webmention-${await sha256Hex(`${source}\n${target}`)}`;
}

/** The comment's Markdown: the reply's text, then where it was written, linked out. */
function mentionBody(content: MentionContent, source: string): string {
  const host = new URL(source).hostname;
  const link = new URL(source).href.replaceAll("(", "%28").replaceAll(")", "%29");
  const verb = content.kind === "reply" ? "Replied" : "Mentioned this";
  return `${content.text || "(no text)"}\n\n*${verb} on [${host}](${link})*`;
}

/**
 * Checks one received mention and settles it. Throws when the source could not be reached (the
 * queue tries again); every answer the source gave settles it.
 */
export async function checkMention(
  env: Env,
  db: Database,
  { id, origin }: MentionMessage,
  fetcher: typeof fetch = fetch,
): Promise<void> {
  const found = await readWebmention(db, id);
  if (!found) return;
  const { mention, site } = found;
  // As `announce` after a request: a failure costs liveness only, readers catch up on their next read.
  const announce = (change: Change) =>
    tellRooms(env, db, { origin, siteId: site.id }, change).catch((error: unknown) => {
      console.error("live update failed", error);
    });
  const now = Date.now();
  const key = await mentionKey(mention.source, mention.target);
  const reading = await readSource(mention.source, mention.target, {
    allowPrivate: env.WEBMENTION_PRIVATE_SOURCES === "allow",
    fetcher,
  });
  if (reading.outcome !== "verified") {
    const earlier = reading.outcome === "gone" ? await readByIdempotencyKey(db, site.id, key) : undefined;
    if (earlier && earlier.comment.status !== "deleted") {
      await moderate(db, {
        siteId: site.id,
        moderatorId: null,
        action: "delete",
        ids: [earlier.comment.id],
        via: "webmention",
      });
      await announce({ ids: [earlier.comment.id] });
      await settleWebmention(db, id, { status: "removed", detail: reading.reason, commentId: earlier.comment.id }, now);
      return;
    }
    await settleWebmention(db, id, { status: "rejected", detail: reading.reason }, now);
    return;
  }
  const { content } = reading;
  if (content.kind === "like" || content.kind === "repost") {
    const author = { name: content.authorName, photo: content.authorPhoto, url: content.authorUrl };
    await settleWebmention(db, id, { status: "accepted", detail: content.kind, author }, now);
    await announce({ path: mention.page });
    return;
  }
  const outcome = await takeMention(db, site, {
    page: mention.page,
    pageUrl: mention.target,
    source: mention.source,
    authorName: content.authorName,
    authorWebsite: content.authorUrl ?? new URL(content.url).origin,
    text: content.text,
    body: mentionBody(content, mention.source),
    idempotencyKey: key,
    ipHash: await sha256Hex(`webmention\n${new URL(content.url).hostname}`),
    alertOrigin: env.PUBLIC_ORIGIN || origin,
  });
  if (outcome.kind === "refused") {
    await settleWebmention(db, id, { status: "rejected", detail: outcome.error.message }, now);
    return;
  }
  await announce({ ids: [outcome.comment.id], fresh: true });
  await settleWebmention(db, id, { status: "accepted", detail: content.kind, commentId: outcome.comment.id }, now);
}
