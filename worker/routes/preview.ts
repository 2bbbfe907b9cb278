import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { type PreviewBody, previewSchema } from "../api/schemas";
import { countInWindow } from "../db/comments";
import { sites } from "../db/schema";
import type { AppEnv } from "../env";
import { ApiError, notFound } from "../http/errors";
import { ipHash } from "../http/ip";
import { jsonRequest, validJson } from "../http/validate";
import { admitOrigin } from "../middleware/cors";
import { renderMarkdown } from "../render/markdown";

/** Previews one address may ask for in a minute: typing pauses, not a CPU tap. */
const previewsPerMinute = 30;

/** POST /api/sites/:site/preview — a draft rendered exactly as a posted comment would be (nothing is stored). */
export const previewRoutes = new Hono<AppEnv>().post("/preview", jsonRequest, validJson(previewSchema), async (c) => {
  const { siteId } = c.var;
  const { body: text } = c.req.valid("json");
  const { db } = c.var.database;
  const [siteRows, counted] = await db.batch([
    db.select().from(sites).where(eq(sites.id, siteId)),
    countInWindow(db, `preview:${siteId}:ip:${await ipHash(c)}`, Date.now(), 60_000),
  ]);
  const site = siteRows[0];
  if (!site) throw notFound.site();
  admitOrigin(c, site, "write");
  if ((counted[0]?.count ?? 0) > previewsPerMinute) {
    throw new ApiError(429, "rate_limited", "Too many previews in a short time; try again in a minute");
  }
  c.header("Cache-Control", "no-store");
  const body: PreviewBody = { bodyHtml: renderMarkdown(text) };
  return c.json(body);
});
