import { Hono } from "hono";
import { normalizePagePath } from "../../common/vocabulary";
import { changesQuerySchema, liveQuerySchema, readerKeySchema, type ThreadChanges } from "../api/schemas";
import { readThreadChanges } from "../db/changes";
import type { AppEnv } from "../env";
import { ApiError, notFound, parseInput } from "../http/errors";
import { sitePage } from "../http/page";
import { type PublicAnswer, publicSite, serveRead } from "../http/public-cache";
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
 * GET /api/sites/:site/changes?page=&since=&upto= — what changed in the thread after a revision, as
 * this reader sees it: how a reader catches up after a dropped connection, or polls without
 * WebSockets. `upto`, the revision the live connection's first message gave, keeps a cached answer
 * older than it from being served.
 */
export const liveRoutes = new Hono<AppEnv>()
  .get("/live", validQuery(liveQuerySchema), async (c) => {
    const { siteId } = c.var;
    const site = await publicSite(c, c.var.database.db, siteId);
    if (!site) throw notFound.site();
    const page = normalizePagePath(c.req.valid("query").page, site.pageParams);
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
    const page = await sitePage(c, query.page);
    const reader = await readerHash(c, siteId);
    const read = async (): Promise<PublicAnswer> => {
      const found = await readThreadChanges(c.var.database.db, {
        siteId,
        path: page,
        since: query.since,
        readerHash: reader,
      });
      if (!found.site) throw notFound.site();
      const changed = found.threads[0];
      if (!changed) {
        const nothingYet: ThreadChanges = {
          thread: { page, closed: false, commentCount: 0, reactions: {} },
          comments: [],
          revision: 0,
          complete: true,
        };
        return { site: found.site, status: 200, body: nothingYet };
      }
      const body: ThreadChanges = await changesSeenBy(found.site, changed, rowsOf(found, changed), {
        reader,
        avatar: avatarHasher(c.env.IP_HASH_SALT, found.site),
        now: Date.now(),
        complete: found.complete,
      });
      return { site: found.site, status: 200, body };
    };
    const params = { since: String(query.since) };
    const reached = (answer: PublicAnswer) =>
      query.upto === undefined || (answer.status === 200 && (answer.body as ThreadChanges).revision >= query.upto);
    return serveRead(c, read, reader === null ? { siteId, page, name: "changes", params } : null, reached);
  });
