import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Site } from "../db/schema";
import { findSite } from "../db/sites";
import type { AppEnv } from "../env";
import { ApiError, notFound } from "../http/errors";

const exposedHeaders = "X-Chorus-Bookmark, Server-Timing, Idempotent-Replayed";
const allowedRequestHeaders = "Content-Type, X-Chorus-Reader, X-Chorus-Bookmark, X-Chorus-Session";

/**
 * Refuses a request from an origin the site has not allowed (403) and lets an allowed origin read the
 * response (CORS). Reads without an Origin header (same-origin GETs, feeds, curl) pass; writes must
 * come from an allowed origin.
 */
export function admitOrigin(
  c: Context<AppEnv>,
  site: Pick<Site, "id" | "allowedOrigins">,
  access: "read" | "write",
): void {
  const origin = c.req.header("Origin");
  if (origin === undefined) {
    if (access === "write")
      throw new ApiError(403, "origin_not_allowed", "Comments can only be posted from the site's pages");
    return;
  }
  if (!site.allowedOrigins.includes(origin)) {
    throw new ApiError(403, "origin_not_allowed", `Origin ${origin} is not allowed for site ${site.id}`);
  }
  c.set("allowedOrigin", origin);
  for (const [name, value] of corsHeaders(origin)) c.header(name, value);
}

/** The headers that let `origin` read a response; used for answers and for errors alike. */
export function corsHeaders(origin: string): [string, string][] {
  return [
    ["Access-Control-Allow-Origin", origin],
    ["Access-Control-Expose-Headers", exposedHeaders],
    ["Vary", "Origin"],
  ];
}

/** Answers a CORS preflight to `/api/sites/:site/*`: 204 for an origin the site allows, else 403 (after `siteParam`). */
export const corsPreflight = createMiddleware<AppEnv>(async (c) => {
  const siteId = c.var.siteId;
  const origin = c.req.header("Origin");
  const site = await findSite(c.var.database.db, siteId);
  if (!site) throw notFound.site();
  if (origin === undefined || !site.allowedOrigins.includes(origin)) {
    throw new ApiError(403, "origin_not_allowed", `Origin ${origin ?? "(none)"} is not allowed for site ${siteId}`);
  }
  return new Response(null, {
    status: 204,
    headers: [
      ...corsHeaders(origin),
      ["Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS"],
      ["Access-Control-Allow-Headers", allowedRequestHeaders],
      ["Access-Control-Max-Age", "7200"],
    ],
  });
});
