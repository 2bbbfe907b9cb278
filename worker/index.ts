import { createApp } from "./app";
import { type Database, openDatabase } from "./db/client";
import { enforceRetention } from "./db/retention";
import { queueWebhookDigests } from "./db/webhooks";
import { settleWebmention } from "./db/webmentions";
import type { Env } from "./env";
import { deliverOutbox, queueOwnerDigests } from "./mail/notify";
import { checkMention, type MentionMessage } from "./mentions/consume";
import { dueFediverseThreads, refreshFediverse } from "./mentions/fediverse";

export { ThreadRoom } from "./live/thread-room";

const app = createApp();

/** The daily cron in wrangler.jsonc; the other one only retries the outbox. */
const dailyCron = "17 3 * * *";

/** Deliveries of one Webmention before it is given up (the queue's `max_retries` is 3). */
const maxMentionAttempts = 4;

/** Reads the fediverse replies of the threads that are due, one thread after another. */
async function refreshDueFediverse(env: Env, db: Database, now: number) {
  for (const thread of await dueFediverseThreads(db, now)) {
    await refreshFediverse(env, db, { ...thread, origin: env.PUBLIC_ORIGIN, now }).catch((error: unknown) =>
      console.error("fediverse replies", error),
    );
  }
}

export default {
  fetch: app.fetch,
  /**
   * Every ten minutes: sends what the outbox has due (retries after failures) and reads the fediverse
   * replies that are due. Daily, first: drops
   * personal traces past their retention period and queues the owners' digests, by email and to webhooks.
   */
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    const { db } = openDatabase(env.DB, "first-primary");
    const now = Date.now();
    const daily =
      controller.cron === dailyCron
        ? Promise.all([
            enforceRetention(db, now),
            queueOwnerDigests(env, db, now),
            queueWebhookDigests(db, env.PUBLIC_ORIGIN, now),
          ])
        : Promise.resolve();
    ctx.waitUntil(
      daily
        .then(() => Promise.all([deliverOutbox(env, db, now), refreshDueFediverse(env, db, now)]))
        .then(() => undefined),
    );
  },
  /**
   * The Webmention queue: each message is one received mention to check. A source that could not be
   * reached is tried again, with a growing delay, up to four times in all; any answer settles it.
   */
  async queue(batch: MessageBatch<MentionMessage>, env: Env) {
    const { db } = openDatabase(env.DB, "first-primary");
    for (const message of batch.messages) {
      try {
        await checkMention(env, db, message.body);
        message.ack();
      } catch (error) {
        console.error(error);
        if (message.attempts < maxMentionAttempts) {
          message.retry({ delaySeconds: 30 * message.attempts });
        } else {
          await settleWebmention(
            db,
            message.body.id,
            { status: "rejected", detail: "the source could not be reached" },
            Date.now(),
          );
          message.ack();
        }
      }
    }
  },
} satisfies ExportedHandler<Env, MentionMessage>;
