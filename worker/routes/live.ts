import { Hono } from "hono";
import { changesQuerySchema, liveQuerySchema, readerKeySchema, type ThreadChanges } from "../api/schemas";
import { readThreadChanges } from "../db/changes";
import { findSite } from "../db/sites";
import type { AppEnv } from "../env";
import { ApiError, notFound, parseInput } from "../http/errors";
import { hashReaderKey, readerHash } from "../http/reader";
import { validQuery } from "../http/validate";
import { threadRoom } from "../live/announce";
import { readerTagHeader } from "../live/thread-room";
import { changesSeenBy, rowsOf } from "../live/views";
import { admitOrigin } from "../middleware/cors";
import { avatarHasher } from "../render/avatar";

/** The subprotocol a reader's WebSocket asks for; a second one, `reader.KEY`, carries the reader key out of URLs and logs. */
const liveProtocol = "chorus";
const readerProtocolPrefix = "reader.";

/**
 * GET /api/sites/:site/live?page= — a reader's live connection to a page's thread: a WebSocket to the
 * thread's Durable Object (worker/live), which sends what changes as the catch-up below answers it.
 * GET /api/sites/:site/changes?page=&since= — what changed in the thread after a revision, as this
 * reader sees it: how a reader catches up after a dropped connection, or polls without WebSockets.
 */
export const liveRoutes = new Hono<AppEnv>()
  .get("/live", validQuery(liveQuerySchema), async (c) => {
    const { siteId } = c.var;
    const { page } = c.req.valid("query");
    const site = await findSite(c.var.database.db, siteId);
    if (!site) throw notFound.site();
    admitOrigin(c, site, "read");
    if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
      throw new ApiError(426, "upgrade_required", "This route is a WebSocket: connect with Upgrade: websocket");
    }
    const protocols = (c.req.header("Sec-WebSocket-Protocol") ?? "").split(",").map((protocol) => protocol.trim());
    if (!protocols.includes(liveProtocol)) {
      throw new ApiError(400, "invalid_input", "The WebSocket must ask for the chorus subprotocol", [
        { field: "header:Sec-WebSocket-Protocol", message: "must include chorus" },
      ]);
    }
    const offeredKey = protocols.find((protocol) => protocol.startsWith(readerProtocolPrefix));
    const key =
      offeredKey === undefined
        ? null
        : parseInput(readerKeySchema, offeredKey.slice(readerProtocolPrefix.length), "header:Sec-WebSocket-Protocol");
    const headers = new Headers(c.req.raw.headers);
    headers.set(readerTagHeader, key === null ? "" : await hashReaderKey(siteId, key));
    const answer = await threadRoom(c.env, siteId, page).fetch(new Request(c.req.raw, { headers }));
    return new Response(null, { status: answer.status, webSocket: answer.webSocket, headers: answer.headers });
  })
  .get("/changes", validQuery(changesQuerySchema), async (c) => {
    const { siteId } = c.var;
    const query = c.req.valid("query");
    const reader = await readerHash(c, siteId);
    const read = await readThreadChanges(c.var.database.db, {
      siteId,
      path: query.page,
      since: query.since,
      readerHash: reader,
    });
    if (!read.site) throw notFound.site();
    admitOrigin(c, read.site, "read");
    const changed = read.threads[0];
    if (!changed) throw notFound.thread();
    const body: ThreadChanges = await changesSeenBy(read.site, changed, rowsOf(read, changed), {
      reader,
      avatar: avatarHasher(c.env.IP_HASH_SALT, read.site),
      now: Date.now(),
      complete: read.complete,
    });
    return c.json(body);
  });
