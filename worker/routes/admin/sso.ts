import { Hono } from "hono";
import { ssoJwksSchema } from "../../api/admin-schemas";
import { ownerOnly } from "../../auth/session";
import { setSsoJwksUrl, setSsoSecret } from "../../db/sites";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { jsonRequest, validJson } from "../../http/validate";
import { randomToken } from "../../lib/crypto";

/**
 * A site's SSO secret, for its owners: `POST` makes a new one (the answer is the only time it is
 * shown; tokens signed with the old one stop working), `DELETE` turns it off; `PUT /sso-jwks {url}`
 * sets (or, with null, clears) the JWKS address its RS256/ES256 tokens are checked with.
 */
export const adminSsoRoutes = new Hono<AppEnv>()
  .use("/sso-secret", ownerOnly)
  .use("/sso-jwks", ownerOnly)
  .put("/sso-jwks", jsonRequest, validJson(ssoJwksSchema), async (c) => {
    const { url } = c.req.valid("json");
    if (!(await setSsoJwksUrl(c.var.database.db, c.var.siteId, c.var.signedIn.moderator.id, url)))
      throw notFound.site();
    return c.json({ url });
  })
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
