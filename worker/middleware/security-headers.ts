import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../env";

/**
 * Every API answer: Hono's secure headers (nosniff, no referrer, no framing, HSTS, same-origin
 * resource policy: a page can read an answer only through CORS, never embed it). The console's
 * answers are never stored by a cache either.
 */
const apiHeaders = secureHeaders({ referrerPolicy: "no-referrer", xFrameOptions: "DENY" });

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await apiHeaders(c, next);
  if (c.req.path.startsWith("/api/admin")) c.res.headers.set("Cache-Control", "no-store");
});
