import { Hono } from "hono";
import { type Counts, countsQuerySchema } from "../api/schemas";
import { countComments } from "../db/threads";
import type { AppEnv } from "../env";
import { notFound, parseInput } from "../http/errors";
import { admitOrigin } from "../middleware/cors";

/** GET /api/sites/:site/counts?page=/a&page=/b — published-comment counts for a listing page, batched. */
export const countRoutes = new Hono<AppEnv>().get("/counts", async (c) => {
  const { siteId } = c.var;
  const { page: paths } = parseInput(countsQuerySchema, { page: c.req.queries("page") ?? [] });
  const { site, counts } = await countComments(c.var.database.db, siteId, [...new Set(paths)]);
  if (!site) throw notFound.site();
  admitOrigin(c, site, "read");
  c.header("Cache-Control", "public, max-age=30");
  const body: Counts = { counts };
  return c.json(body);
});
