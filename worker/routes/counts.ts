import { Hono } from "hono";
import { normalizePagePath } from "../../common/vocabulary";
import { type Counts, countsQuerySchema } from "../api/schemas";
import { countComments } from "../db/threads";
import type { AppEnv } from "../env";
import { notFound, parseInput } from "../http/errors";
import { sitePageParams } from "../http/page";
import { admitOrigin } from "../middleware/cors";

/** GET /api/sites/:site/counts?page=/a&page=/b — published-comment counts for a listing page, batched. */
export const countRoutes = new Hono<AppEnv>().get("/counts", async (c) => {
  const { siteId } = c.var;
  const { page: asked } = parseInput(countsQuerySchema, { page: c.req.queries("page") ?? [] });
  const params = await sitePageParams(c);
  const pages = new Map(asked.map((page) => [page, normalizePagePath(page, params)]));
  const { site, counts } = await countComments(c.var.database.db, siteId, [...new Set(pages.values())]);
  if (!site) throw notFound.site();
  admitOrigin(c, site, "read");
  c.header("Cache-Control", "public, max-age=30");
  // Keyed by the pages as asked for, which is how the widget finds each count.
  const body: Counts = { counts: Object.fromEntries([...pages].map(([page, path]) => [page, counts[path] ?? 0])) };
  return c.json(body);
});
