import type { Context } from "hono";
import type { Site } from "./db/schema";
import type { AppEnv } from "./env";
import { ApiError } from "./errors";

const exposedHeaders = "X-Chorus-Bookmark, Server-Timing, Idempotent-Replayed";
const allowedRequestHeaders = "Content-Type, X-Chorus-Reader, X-Chorus-Bookmark";

/**
 * Refuses a request from an origin the site has not allowed (403) and lets an allowed origin read the
 * response (CORS). Reads without an Origin header (same-origin GETs, feeds, curl) pass; writes must
 * come from an allowed origin.
 */
export function admitOrigin(c: Context<AppEnv>, site: Site, access: "read" | "write"): void {
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

/** The answer to a CORS preflight from an allowed origin. */
export function preflightResponse(origin: string): Response {
  return new Response(null, {
    status: 204,
    headers: [
      ...corsHeaders(origin),
      ["Access-Control-Allow-Methods", "GET, POST, OPTIONS"],
      ["Access-Control-Allow-Headers", allowedRequestHeaders],
      ["Access-Control-Max-Age", "7200"],
    ],
  });
}
