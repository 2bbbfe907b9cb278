/**
 * Receiving a mention, for the Webmention and the Pingback endpoints alike: the synchronous checks
 * (both addresses http(s) and public, different, the target on a site's origins), then the mention
 * recorded and queued for the consumer (./consume.ts), which reads the source.
 */
import { normalizePagePath } from "../../common/vocabulary";
import type { Database } from "../db/client";
import { recordWebmention, siteOfOrigin } from "../db/webmentions";
import type { Env } from "../env";
import { randomToken } from "../lib/crypto";
import { addressProblem } from "./address";
import type { MentionMessage } from "./consume";

/** What receiving came to: queued with its status id, refused naming the address at fault, or too many from the sender. */
export type Receipt =
  | { queued: true; id: string }
  | { queued: false; field: "source" | "target"; message: string }
  | { queued: false; rateLimited: true };

export async function receiveMention(
  env: Pick<Env, "MENTIONS" | "WEBMENTION_PRIVATE_SOURCES">,
  db: Database,
  mention: { source: string; target: string; workerOrigin: string; ipHash: string },
): Promise<Receipt> {
  const allowPrivate = env.WEBMENTION_PRIVATE_SOURCES === "allow";
  const sourceProblem = addressProblem(mention.source, allowPrivate);
  if (sourceProblem) return { queued: false, field: "source", message: sourceProblem };
  const targetProblem = addressProblem(mention.target, allowPrivate);
  if (targetProblem) return { queued: false, field: "target", message: targetProblem };
  const source = new URL(mention.source);
  const target = new URL(mention.target);
  if (source.href === target.href) return { queued: false, field: "source", message: "must not be the target itself" };
  const site = await siteOfOrigin(db, target.origin);
  if (!site) return { queued: false, field: "target", message: "is not on a site this endpoint accepts mentions for" };
  const recorded = await recordWebmention(db, {
    id: randomToken(18),
    siteId: site.id,
    source: source.href,
    target: target.href,
    page: normalizePagePath(`${target.pathname}${target.search}`, site.pageParams),
    ipHash: mention.ipHash,
    now: Date.now(),
  });
  if (!recorded.recorded) {
    return recorded.waiting ? { queued: true, id: recorded.waiting } : { queued: false, rateLimited: true };
  }
  await env.MENTIONS.send({ id: recorded.id, origin: mention.workerOrigin } satisfies MentionMessage);
  return { queued: true, id: recorded.id };
}
