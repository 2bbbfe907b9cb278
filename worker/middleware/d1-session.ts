import { createMiddleware } from "hono/factory";
import { bookmarkSchema } from "../api/schemas";
import { openDatabase } from "../db/client";
import type { AppEnv } from "../env";
import { parseInput } from "../http/errors";

/**
 * One D1 session per API request (`c.var.database`): reads may go to the nearest read replica, and
 * no older than the `X-Chorus-Bookmark` the reader sends back; writes start at the primary. The
 * answer carries the session's latest bookmark and, where it is public, its D1 time and round trips
 * in `Server-Timing`.
 */
export const d1Session = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  const bookmark = c.req.header("X-Chorus-Bookmark");
  const constraint =
    c.req.method === "GET" || c.req.method === "HEAD"
      ? bookmark === undefined
        ? "first-unconstrained"
        : parseInput(bookmarkSchema, bookmark, "header:X-Chorus-Bookmark")
      : "first-primary";
  const database = openDatabase(c.env.DB, constraint);
  c.set("database", database);
  await next();
  const { roundTrips, milliseconds } = database.meter;
  // A reader's write takes more round trips when, say, the parent's author gets reply emails:
  // its timing is shown only where the deployment asks (benchmarks), never to the public.
  if (c.req.method === "GET" || c.req.path.startsWith("/api/admin") || c.env.SERVER_TIMING === "writes") {
    c.res.headers.set(
      "Server-Timing",
      `d1;dur=${milliseconds.toFixed(2)};desc="${roundTrips} round trips", total;dur=${(performance.now() - started).toFixed(2)}`,
    );
  }
  const latest = database.bookmark();
  if (latest) c.res.headers.set("X-Chorus-Bookmark", latest);
});
