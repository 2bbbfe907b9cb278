import { Hono } from "hono";
import { readerSessionSchema, type SignedInReader, ssoSignInSchema } from "../api/schemas";
import { verifySsoToken } from "../auth/reader-sso";
import { endSession, readerSessionMs, signIn } from "../db/reader-sessions";
import { findSite } from "../db/sites";
import type { AppEnv } from "../env";
import { ApiError, notFound, parseInput } from "../http/errors";
import { jsonRequest, validJson } from "../http/validate";
import { randomToken, sha256Hex } from "../lib/crypto";
import { admitOrigin } from "../middleware/cors";

/**
 * Readers signing in to a site. `POST /api/sites/:site/sso {token}`: the site's own server signed a
 * token for its logged-in user (worker/auth/reader-sso.ts); the answer is a session token for the
 * widget to send as `X-Chorus-Session` (only its hash is stored; 30 days). A refused token stores
 * nothing. `DELETE /api/sites/:site/session` signs the session out.
 */
export const signInRoutes = new Hono<AppEnv>()
  .post("/sso", jsonRequest, validJson(ssoSignInSchema), async (c) => {
    const { siteId } = c.var;
    const { db } = c.var.database;
    const site = await findSite(db, siteId);
    if (!site) throw notFound.site();
    admitOrigin(c, site, "write");
    if (!site.ssoSecret) throw new ApiError(404, "sso_off", "This site does not sign readers in with its own accounts");
    const checked = await verifySsoToken(site.ssoSecret, c.req.valid("json").token, siteId);
    if (!checked.ok) {
      throw new ApiError(401, "sso_refused", `Sign-in refused: ${checked.reason}`, [
        { field: "token", message: checked.reason },
      ]);
    }
    const session = randomToken(32);
    const now = Date.now();
    const identity = await signIn(db, {
      siteId,
      provider: "sso",
      user: checked.user,
      tokenHash: await sha256Hex(session),
      now,
    });
    const body: SignedInReader = {
      session,
      expiresAt: new Date(now + readerSessionMs).toISOString(),
      reader: { name: identity.name, role: identity.role, provider: identity.provider },
    };
    return c.json(body, 201);
  })
  .delete("/session", async (c) => {
    const { siteId } = c.var;
    const token = parseInput(readerSessionSchema, c.req.header("X-Chorus-Session") ?? "", "header:X-Chorus-Session");
    const site = await findSite(c.var.database.db, siteId);
    if (!site) throw notFound.site();
    admitOrigin(c, site, "write");
    await endSession(c.var.database.db, siteId, await sha256Hex(token));
    return c.body(null, 204);
  });
