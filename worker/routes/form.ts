import { Hono } from "hono";
import { normalizePagePath } from "../../common/vocabulary";
import { type FormBody, formQuerySchema } from "../api/schemas";
import type { AppEnv } from "../env";
import { notFound } from "../http/errors";
import { publicSignInOffer, publicSite } from "../http/public-cache";
import { validQuery } from "../http/validate";
import { issueFormToken } from "../intake/form-token";
import { sendsMail } from "../mail/notify";
import { admitOrigin } from "../middleware/cors";

/**
 * GET /api/sites/:site/form?page= — what a comment form needs: a fresh form token, Turnstile's key if
 * on, whether it may offer reply emails, the accounts readers may sign in with, and whether they
 * must. Every page view asks, so the site and its sign-in offer come from the cache (ten seconds).
 */
export const formRoutes = new Hono<AppEnv>().get("/form", validQuery(formQuerySchema), async (c) => {
  const { siteId } = c.var;
  const site = await publicSite(c, c.var.database.db, siteId);
  if (!site) throw notFound.site();
  const page = normalizePagePath(c.req.valid("query").page, site.pageParams);
  admitOrigin(c, site, "read");
  c.header("Cache-Control", "no-store");
  const offer = await publicSignInOffer(c, c.var.database.db, siteId, page);
  const body: FormBody = {
    formToken: await issueFormToken(c.env.FORM_TOKEN_SECRET, siteId, page, Date.now()),
    turnstileSiteKey: site.turnstileSiteKey,
    notifications: sendsMail(c.env),
    signIn: offer.email && sendsMail(c.env) ? [...offer.choices, { kind: "email", label: "email" }] : offer.choices,
    signInRequired: offer.required,
  };
  return c.json(body);
});
