import type { Context } from "hono";
import { type ChangesRead, readChangedComments, readChangedThread } from "../db/changes";
import type { Database } from "../db/client";
import type { AppEnv, Env } from "../env";
import { newGeneration } from "../http/public-cache";
import { avatarHasher } from "../render/avatar";
import type { RoomMessage } from "./thread-room";
import { changesSeenBy, rowsOf, waitingAuthors } from "./views";

/**
 * What a committed change touched: comments by id (`fresh` when just stored), or a page itself; or
 * what a new comment's insert already read back of it (`read`), which costs no round trip.
 */
export type Change =
  | { ids: readonly number[]; fresh?: boolean }
  | { path: string }
  | { read: ChangesRead; fresh: true };

/** The Durable Object of one page's thread. */
export function threadRoom(env: Env, siteId: string, path: string) {
  return env.THREAD_ROOMS.getByName(`${siteId}\n${path}`);
}

/**
 * Tells the rooms of the threads a committed change touched, after the response: reads the changed
 * comments back (one D1 round trip, none for a new comment's `read`), starts the pages' cached reads afresh in this data centre, and
 * has each room send every reader what they may see of them.
 * A failure costs nothing but liveness: readers catch up on their next connection.
 */
export function announce(c: Context<AppEnv>, siteId: string, change: Change): void {
  const origin = new URL(c.req.url).origin;
  c.executionCtx.waitUntil(
    tellRooms(c.env, c.var.database.db, { origin, siteId }, change).catch((error: unknown) => {
      console.error("live update failed", error);
    }),
  );
}

/**
 * `announce` for work with no request (the Webmention queue's consumer): `origin` is the Worker's
 * own origin as the request that started the work saw it, which names the cached reads.
 */
export async function tellRooms(
  env: Env,
  db: Database,
  { origin, siteId }: { origin: string; siteId: string },
  change: Change,
): Promise<void> {
  if ("ids" in change && change.ids.length === 0) return;
  const read: ChangesRead =
    "read" in change
      ? change.read
      : "ids" in change
        ? await readChangedComments(db, siteId, change.ids)
        : await readChangedThread(db, siteId, change.path);
  const { site } = read;
  if (!site) return;
  const avatar = avatarHasher(env.IP_HASH_SALT, site);
  const now = Date.now();
  const fresh = "fresh" in change && change.fresh === true;
  await Promise.all(
    read.threads.map(async (changed) => {
      const rows = rowsOf(read, changed);
      const view = (reader: string | null) =>
        changesSeenBy(site, changed, rows, { reader, avatar, now, complete: true, leaveOutHidden: fresh });
      const everyone = await view(null);
      const message: RoomMessage = {
        revision: changed.revision,
        everyone: fresh && everyone.comments.length === 0 ? null : JSON.stringify(everyone),
        byReader: {},
      };
      for (const author of waitingAuthors(rows)) message.byReader[author] = JSON.stringify(await view(author));
      await newGeneration(origin, siteId, changed.thread.path);
      await threadRoom(env, siteId, changed.thread.path).broadcast(message);
    }),
  );
}
