import { Hono } from "hono";
import { ownerOnly } from "../../auth/session";
import { setSsoSecret } from "../../db/sites";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { randomToken } from "../../lib/crypto";

/**
 * A site's SSO secret, for its owners: `POST` makes a new one (the answer is the only time it is
 * shown; tokens signed with the old one stop working), `DELETE` turns site sign-in off.
 */
export const adminSsoRoutes = new Hono<AppEnv>()
  .use("/sso-secret", ownerOnly)
  .post("/sso-secret", async (c) => {
    const secret = `ssosec_${randomToken(32)}`;
    if (!(await setSsoSecret(c.var.database.db, c.var.siteId, c.var.signedIn.moderator.id, secret)))
      throw notFound.site();
    return c.json({ secret }, 201);
  })
  .delete("/sso-secret", async (c) => {
    if (!(await setSsoSecret(c.var.database.db, c.var.siteId, c.var.signedIn.moderator.id, null)))
      throw notFound.site();
    return c.body(null, 204);
  });
