import { createMiddleware } from "hono/factory";
import { siteIdSchema } from "../api/schemas";
import type { AppEnv } from "../env";
import { parseInput } from "../http/errors";

/**
 * Validates the `:site` of `/api/sites/:site/*` and `/api/admin/sites/:site/*` once, for every route
 * under it: a bad id is a 400 naming `site`; a good one is `c.var.siteId`.
 */
export const siteParam = createMiddleware<AppEnv>(async (c, next) => {
  c.set("siteId", parseInput(siteIdSchema, c.req.param("site"), "site"));
  await next();
});
