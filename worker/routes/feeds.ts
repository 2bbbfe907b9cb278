import { Hono } from "hono";
import { pageAddress } from "../../common/vocabulary";
import { feedQuerySchema } from "../api/schemas";
import { readFeed } from "../db/feeds";
import type { AppEnv } from "../env";
import { notFound } from "../http/errors";
import { sitePage } from "../http/page";
import { validQuery } from "../http/validate";
import { admitOrigin } from "../middleware/cors";
import { renderAtom } from "../render/atom";

/**
 * GET /api/sites/:site/feed.atom?page= — an Atom 1.0 feed of the newest published comments on one page,
 * or without `page` on the whole site. One D1 round trip; never an email.
 */
export const feedRoutes = new Hono<AppEnv>().get("/feed.atom", validQuery(feedQuerySchema), async (c) => {
  const { siteId } = c.var;
  const query = c.req.valid("query");
  const page = query.page === undefined ? undefined : await sitePage(c, query.page);
  const { site, thread, rows } = await readFeed(c.var.database.db, { siteId, path: page });
  if (!site) throw notFound.site();
  admitOrigin(c, site, "read");
  if (page !== undefined && !thread) throw notFound.thread();
  const home = site.allowedOrigins[0] ?? new URL(c.req.url).origin;
  const pageUrl = (path: string, url: string | null) => pageAddress(path, url, home);
  const self = new URL(c.req.url);
  const xml = renderAtom({
    selfUrl: `${self.origin}${self.pathname}${page === undefined ? "" : `?page=${encodeURIComponent(page)}`}`,
    alternateUrl: thread ? pageUrl(thread.path, thread.url) : home,
    title: thread ? `Comments on ${thread.title ?? thread.path}` : `Comments on ${site.name}`,
    fallbackUpdated: thread?.createdAt ?? site.createdAt,
    entries: rows.map((row) => ({
      id: row.id,
      authorName: row.authorName,
      bodyHtml: row.bodyHtml,
      createdAt: row.createdAt,
      editedAt: row.editedAt,
      pageUrl: pageUrl(row.path, row.url),
      pageTitle: row.title,
    })),
  });
  c.header("Cache-Control", "public, max-age=300");
  return c.body(xml, 200, { "Content-Type": "application/atom+xml; charset=utf-8" });
});
