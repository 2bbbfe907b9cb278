import { createApp } from "./app";
import { openDatabase } from "./db/client";
import { enforceRetention } from "./db/retention";
import type { Env } from "./env";

const app = createApp();

export default {
  fetch: app.fetch,
  /** The daily cron (wrangler.toml): drops personal traces past their retention period. */
  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext) {
    ctx.waitUntil(enforceRetention(openDatabase(env.DB, "first-primary").db, Date.now()).then(() => undefined));
  },
} satisfies ExportedHandler<Env>;
