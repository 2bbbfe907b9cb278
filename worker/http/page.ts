import type { Context } from "hono";
import { defaultPageParams, normalizePagePath } from "../../common/vocabulary";
import type { AppEnv } from "../env";
import { publicSite } from "./public-cache";

/**
 * A page address as the request's site identifies its pages: reader routes validate `page` keeping
 * every query parameter (`pagePathSchema`), and this keeps only those the site names
 * (`sites.page_params`, WordPress's `p` and `page_id` by default). The site comes from the same
 * cache as public reads, so a busy page costs no D1 read for it.
 */
export async function sitePage(c: Context<AppEnv>, address: string): Promise<string> {
  return normalizePagePath(address, await sitePageParams(c));
}

/** The query parameters that identify a page on the request's site. */
export async function sitePageParams(c: Context<AppEnv>): Promise<readonly string[]> {
  const site = await publicSite(c, c.var.database.db, c.var.siteId);
  return site?.pageParams ?? defaultPageParams;
}
