import { Hono } from "hono";
import { type PreviewBody, previewSchema, siteParamsSchema } from "../api/schemas";
import { findSite } from "../db/sites";
import type { AppEnv } from "../env";
import { notFound, parseInput } from "../errors";
import { admitOrigin } from "../origin";
import { renderMarkdown } from "../render/markdown";
import { readJsonBody } from "../request";

/** POST /api/sites/:site/preview — a draft rendered exactly as a posted comment would be (nothing is stored). */
export const previewRoutes = new Hono<AppEnv>().post("/preview", async (c) => {
  const { site: siteId } = parseInput(siteParamsSchema, c.req.param());
  const { body: text } = parseInput(previewSchema, await readJsonBody(c));
  const site = await findSite(c.var.database.db, siteId);
  if (!site) throw notFound.site();
  admitOrigin(c, site, "write");
  c.header("Cache-Control", "no-store");
  const body: PreviewBody = { bodyHtml: renderMarkdown(text) };
  return c.json(body);
});
