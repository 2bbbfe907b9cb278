import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { bookmarkSchema, siteParamsSchema } from "./api/schemas";
import { requireSession } from "./auth/session";
import { openDatabase } from "./db/client";
import { findSite } from "./db/sites";
import type { AppEnv, Env } from "./env";
import { ApiError, notFound, parseInput } from "./errors";
import { corsHeaders, preflightResponse } from "./origin";
import { adminCommentRoutes } from "./routes/admin/comments";
import { adminPeopleRoutes } from "./routes/admin/people";
import { sessionRoutes } from "./routes/admin/session";
import { adminSiteRoutes } from "./routes/admin/site";
import { commentRoutes } from "./routes/comments";
import { countRoutes } from "./routes/counts";
import { editRoutes } from "./routes/edits";
import { feedRoutes } from "./routes/feeds";
import { formRoutes } from "./routes/form";
import { mailRoutes } from "./routes/mail";
import { previewRoutes } from "./routes/preview";
import { reactionRoutes } from "./routes/reactions";
import { threadRoutes } from "./routes/threads";

/** The secrets a deployment must set; the Worker never runs with a default in their place. */
const requiredSecrets = ["IP_HASH_SALT", "FORM_TOKEN_SECRET"] as const;

/** Throws 500 `misconfigured` naming the first required secret that is missing or too short to be one. */
function requireSecrets(env: Env): void {
  for (const name of requiredSecrets) {
    const value: unknown = env[name];
    if (typeof value !== "string" || value.length < 8) {
      throw new ApiError(500, "misconfigured", `The Worker's secret ${name} is not set (wrangler secret put ${name})`);
    }
  }
}

/** Builds the Worker's HTTP app: one D1 session per API request, the site routes, one error shape. */
export function createApp() {
  const app = new Hono<AppEnv>();

  app.use("/api/*", async (c, next) => {
    requireSecrets(c.env);
    const started = performance.now();
    const bookmark = c.req.header("X-Chorus-Bookmark");
    const constraint =
      c.req.method === "GET" || c.req.method === "HEAD"
        ? bookmark === undefined
          ? "first-unconstrained"
          : parseInput(bookmarkSchema, bookmark, "header:X-Chorus-Bookmark")
        : "first-primary";
    const database = openDatabase(c.env.DB, constraint);
    c.set("database", database);
    await next();
    const { roundTrips, milliseconds } = database.meter;
    // A reader's write takes more round trips when, say, the parent's author gets reply emails:
    // its timing is shown only where the deployment asks (benchmarks), never to the public.
    if (c.req.method === "GET" || c.req.path.startsWith("/api/admin") || c.env.SERVER_TIMING === "writes") {
      c.res.headers.set(
        "Server-Timing",
        `d1;dur=${milliseconds.toFixed(2)};desc="${roundTrips} round trips", total;dur=${(performance.now() - started).toFixed(2)}`,
      );
    }
    const latest = database.bookmark();
    if (latest) c.res.headers.set("X-Chorus-Bookmark", latest);
    c.res.headers.set("X-Content-Type-Options", "nosniff");
    c.res.headers.set("Referrer-Policy", "no-referrer");
    if (c.req.path.startsWith("/api/admin")) {
      c.res.headers.set("Cache-Control", "no-store");
      c.res.headers.set("X-Frame-Options", "DENY");
    }
  });

  app.options("/api/sites/:site/*", async (c) => {
    const { site: siteId } = parseInput(siteParamsSchema, c.req.param());
    const origin = c.req.header("Origin");
    const site = await findSite(c.var.database.db, siteId);
    if (!site) throw notFound.site();
    if (origin === undefined || !site.allowedOrigins.includes(origin)) {
      throw new ApiError(403, "origin_not_allowed", `Origin ${origin ?? "(none)"} is not allowed for site ${siteId}`);
    }
    return preflightResponse(origin);
  });

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
    .route("/", threadRoutes)
    .route("/", countRoutes)
    .route("/", commentRoutes)
    .route("/", formRoutes)
    .route("/", reactionRoutes)
    .route("/", editRoutes)
    .route("/", previewRoutes)
    .route("/", feedRoutes);
  app.route("/api/sites/:site", siteApi);
  app.route("/api/mail", mailRoutes);
  app.route("/api/admin", sessionRoutes);
  const adminSiteApi = new Hono<AppEnv>()
    .use(requireSession)
    .route("/", adminCommentRoutes)
    .route("/", adminSiteRoutes)
    .route("/", adminPeopleRoutes);
  app.route("/api/admin/sites/:site", adminSiteApi);
  app.get("/api/health", (c) => c.json({ ok: true }));
  app.all("/api/*", () => {
    throw notFound.route();
  });
  app.all("*", (c) => c.env.ASSETS.fetch(c.req.raw));

  app.onError((error, c) => {
    const apiError =
      error instanceof ApiError ? error : new ApiError(500, "internal_error", "Something went wrong on our side");
    if (!(error instanceof ApiError)) console.error(error);
    const response = c.json(apiError.toBody(), apiError.status, apiError.headers);
    const origin = c.get("allowedOrigin");
    if (origin) for (const [name, value] of corsHeaders(origin)) response.headers.set(name, value);
    return response;
  });

  return app;
}
