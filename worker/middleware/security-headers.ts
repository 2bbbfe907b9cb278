import { createMiddleware } from "hono/factory";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../env";

/**
 * Every API answer: Hono's secure headers (nosniff, no referrer, no framing, HSTS, same-origin
 * resource policy: a page can read an answer only through CORS, never embed it; same-origin opener
 * policy unless a route sets its own). The console's
 * answers are never stored by a cache either.
 */
const apiHeaders = secureHeaders({ referrerPolicy: "no-referrer", xFrameOptions: "DENY" });

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  let openerPolicy: string | null = null;
  await apiHeaders(c, async () => {
    await next();
    openerPolicy = c.res.headers.get("Cross-Origin-Opener-Policy");
  });
  // A sign-in popup's pages keep their opener (link-page.ts's signInPage): theirs stands.
  if (openerPolicy) c.res.headers.set("Cross-Origin-Opener-Policy", openerPolicy);
  if (c.req.path.startsWith("/api/admin")) c.res.headers.set("Cache-Control", "no-store");
});
