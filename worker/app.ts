import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { openApiDocument } from "./api/openapi";
import { moderatesSite, requireSession } from "./auth/session";
import type { AppEnv } from "./env";
import { ApiError, notFound } from "./http/errors";
import { publicSite } from "./http/public-cache";
import { corsHeaders, corsPreflight } from "./middleware/cors";
import { d1Session } from "./middleware/d1-session";
import { requireSecrets } from "./middleware/secrets";
import { securityHeaders } from "./middleware/security-headers";
import { siteParam } from "./middleware/site";
import { adminCommentRoutes } from "./routes/admin/comments";
import { adminPeopleRoutes } from "./routes/admin/people";
import { sessionRoutes } from "./routes/admin/session";
import { adminSignInProviderRoutes } from "./routes/admin/sign-in-providers";
import { adminSiteRoutes } from "./routes/admin/site";
import { adminSsoRoutes } from "./routes/admin/sso";
import { adminWebhookRoutes } from "./routes/admin/webhooks";
import { alertRoutes } from "./routes/alerts";
import { commentRoutes } from "./routes/comments";
import { countRoutes } from "./routes/counts";
import { editRoutes } from "./routes/edits";
import { feedRoutes } from "./routes/feeds";
import { formRoutes } from "./routes/form";
import { liveRoutes } from "./routes/live";
import { mailRoutes } from "./routes/mail";
import { previewRoutes } from "./routes/preview";
import { reactionRoutes } from "./routes/reactions";
import { reportRoutes } from "./routes/reports";
import { signInCallbackRoutes, signInRoutes } from "./routes/sign-in";
import { threadRoutes } from "./routes/threads";
import { pingbackRoutes, webmentionRoutes } from "./routes/webmention";

/**
 * Builds the Worker's HTTP app: the middleware every API request passes (worker/middleware), the
 * readers' routes under /api/sites/:site, the console's under /api/admin, one error shape.
 */
/**
 * The origin of a blog page whose request to its site was refused before the route admitted it (bad
 * input is refused as it is read): if the site allows it, the page may read why, so the widget can
 * name the field. Undefined for any other request.
 */
async function refusedBeforeAdmitted(c: Context<AppEnv>): Promise<string | undefined> {
  const origin = c.req.header("Origin");
  const siteId = c.get("siteId");
  if (!origin || !siteId || !c.req.path.startsWith("/api/sites/") || !c.var.database) return undefined;
  const site = await publicSite(c, c.var.database.db, siteId).catch(() => null);
  return site?.allowedOrigins.includes(origin) ? origin : undefined;
}

export function createApp() {
  const app = new Hono<AppEnv>();

  app.use("/api/*", requireSecrets, d1Session, securityHeaders);
  app.options("/api/sites/:site/*", siteParam, corsPreflight);

  app.use(
    "/api/*",
    bodyLimit({
      maxSize: 64 * 1024,
      onError: () => {
        throw new ApiError(413, "body_too_large", "The request body is larger than 64 kB");
      },
    }),
  );

  const siteApi = new Hono<AppEnv>()
    .use(siteParam)
    .route("/", threadRoutes)
    .route("/", countRoutes)
    .route("/", commentRoutes)
    .route("/", formRoutes)
    .route("/", reactionRoutes)
    .route("/", reportRoutes)
    .route("/", signInRoutes)
    .route("/", editRoutes)
    .route("/", previewRoutes)
    .route("/", feedRoutes)
    .route("/", liveRoutes);
  app.route("/api/sites/:site", siteApi);
  app.route("/api/mail", mailRoutes);
  app.route("/api/alerts", alertRoutes);
  app.route("/api/sign-in", signInCallbackRoutes);
  app.route("/api/webmention", webmentionRoutes);
  app.route("/api/pingback", pingbackRoutes);
  app.route("/api/admin", sessionRoutes);
  const adminSiteApi = new Hono<AppEnv>()
    .use(siteParam, requireSession, moderatesSite)
    .route("/", adminCommentRoutes)
    .route("/", adminSiteRoutes)
    .route("/", adminPeopleRoutes)
    .route("/", adminWebhookRoutes)
    .route("/", adminSsoRoutes)
    .route("/", adminSignInProviderRoutes);
  app.route("/api/admin/sites/:site", adminSiteApi);
  app.get("/api/health", (c) => c.json({ ok: true }));
  app.get("/api/openapi.json", (c) => c.json(openApiDocument()));
  app.all("/api/*", () => {
    throw notFound.route();
  });
  // The widget asks for the page's language without a list of the ones it has: a language without
  // a translation is an empty script (the widget stays in English), never a 404 in the blog's console.
  app.get("/locales/:file{[a-z]{2,3}\\.js}", async (c) => {
    const translation = await c.env.ASSETS.fetch(c.req.raw);
    if (translation.status !== 404) return translation;
    return c.body("/* Chorus has no translation for this language yet: the widget speaks English. */\n", 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=86400",
    });
  });
  app.all("*", (c) => c.env.ASSETS.fetch(c.req.raw));

  app.onError(async (error, c) => {
    const apiError =
      error instanceof ApiError ? error : new ApiError(500, "internal_error", "Something went wrong on our side");
    if (!(error instanceof ApiError)) console.error(error);
    const response = c.json(apiError.toBody(), apiError.status, apiError.headers);
    const origin = c.get("allowedOrigin") ?? (await refusedBeforeAdmitted(c));
    if (origin) for (const [name, value] of corsHeaders(origin)) response.headers.set(name, value);
    return response;
  });

  return app;
}
