import { createApp } from "./app";
import { openDatabase } from "./db/client";
import { enforceRetention } from "./db/retention";
import { queueWebhookDigests } from "./db/webhooks";
import type { Env } from "./env";
import { deliverOutbox, queueOwnerDigests } from "./mail/notify";

export { ThreadRoom } from "./live/thread-room";

const app = createApp();

/** The daily cron in wrangler.jsonc; the other one only retries the outbox. */
const dailyCron = "17 3 * * *";

export default {
  fetch: app.fetch,
  /**
   * Every ten minutes: sends what the outbox has due (retries after failures). Daily, first: drops
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
    ctx.waitUntil(daily.then(() => deliverOutbox(env, db, now)).then(() => undefined));
  },
} satisfies ExportedHandler<Env>;
