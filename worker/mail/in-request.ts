/** Mail work that a request starts: queue reply emails, then send them after the response. */
import type { Context } from "hono";
import { openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { publicOrigin } from "../http/body";
import { deliverOutbox, notifyOfReplies } from "./notify";

/** Sends what the outbox has due after the response, on a database session of its own. */
export function deliverInBackground(c: Context<AppEnv>) {
  c.executionCtx.waitUntil(deliverOutbox(c.env, openDatabase(c.env.DB, "first-primary").db, Date.now()));
}

/** Queues an email for each of `ids` that is a published reply its parent's author asked to hear of. */
export async function emailReplies(c: Context<AppEnv>, siteId: string, ids: readonly number[]): Promise<number> {
  const origin = publicOrigin(c);
  const queued = await notifyOfReplies(c.env, c.var.database.db, { siteId, ids, origin, now: Date.now() });
  if (queued > 0) deliverInBackground(c);
  return queued;
}
