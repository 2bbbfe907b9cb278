import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { readSession } from "../db/moderators";
import type { ModeratorRole } from "../db/schema";
import type { AppEnv } from "../env";
import { ApiError, notFound } from "../http/errors";
import { constantTimeEqual, sha256Hex } from "../lib/crypto";
import { accessApplicationOf, verifyAccessToken } from "./access";

export const sessionLifetimeMs = 14 * 24 * 60 * 60 * 1000;

/** `__Host-` cookies need https; local development on http uses a plain name. */
function cookieName(c: Context): string {
  return new URL(c.req.url).protocol === "https:" ? "__Host-chorus_session" : "chorus_session";
}

export function setSessionCookie(c: Context, token: string): void {
  const secure = new URL(c.req.url).protocol === "https:";
  setCookie(c, cookieName(c), token, {
    path: "/",
    httpOnly: true,
    secure,
    sameSite: "Strict",
    maxAge: sessionLifetimeMs / 1000,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, cookieName(c), { path: "/", secure: new URL(c.req.url).protocol === "https:" });
}

/** The SHA-256 of the session cookie's token, or null when there is no cookie. */
export async function sessionTokenHash(c: Context): Promise<string | null> {
  const token = getCookie(c, cookieName(c));
  return token ? sha256Hex(token) : null;
}

/**
 * Guards console routes: a live session is required (401; code `access_sign_in` when the request
 * carries a Cloudflare Access token, so the console can trade it for a session), state-changing
 * requests must carry the session's CSRF token in `X-CSRF-Token` (403), and requests from another
 * origin are refused (403). Behind Cloudflare Access, every request must also carry an Access token
 * for the session's own moderator (401 `access_denied`), so revoking someone in Access ends their
 * console access at once.
 */
export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header("Origin");
  if (origin !== undefined && origin !== new URL(c.req.url).origin) {
    throw new ApiError(403, "origin_not_allowed", "The console API is only for the console itself");
  }
  const tokenHash = await sessionTokenHash(c);
  const signedIn = tokenHash ? await readSession(c.var.database.db, tokenHash, Date.now()) : null;
  if (!tokenHash || !signedIn) {
    const behindAccess = c.env.ACCESS_TEAM_DOMAIN && c.env.ACCESS_AUD && c.req.header("Cf-Access-Jwt-Assertion");
    throw behindAccess
      ? new ApiError(401, "access_sign_in", "Sign in with POST /api/admin/session/access to continue")
      : new ApiError(401, "not_signed_in", "Sign in to continue");
  }
  if (c.req.method !== "GET" && c.req.method !== "HEAD") {
    const sent = c.req.header("X-CSRF-Token") ?? "";
    if (!constantTimeEqual(sent, signedIn.csrfToken)) {
      throw new ApiError(403, "csrf_failed", "The request is missing the console's CSRF token");
    }
  }
  const application = accessApplicationOf(c.env);
  if (application) {
    const token = c.req.header("Cf-Access-Jwt-Assertion") ?? "";
    const email = token === "" ? null : await verifyAccessToken(token, application, Date.now());
    if (email?.toLowerCase() !== signedIn.moderator.email) {
      throw new ApiError(401, "access_denied", "Cloudflare Access no longer vouches for this session");
    }
  }
  c.set("signedIn", signedIn);
  c.set("sessionTokenHash", tokenHash);
  await next();
};

/**
 * The signed-in moderator's role on `siteId`, if it is at least `needed`. A site they do not
 * moderate is a 404, as if it did not exist; a moderator asking for an owner's action gets a 403.
 */
function requireRole(c: Context<AppEnv>, siteId: string, needed: ModeratorRole): ModeratorRole {
  const role = c.var.signedIn.sites.find((site) => site.id === siteId)?.role;
  if (!role) throw notFound.site();
  if (needed === "owner" && role !== "owner") {
    throw new ApiError(403, "owner_only", "Only the site's owners can do this");
  }
  return role;
}

/** Console routes under a site: the signed-in moderator moderates it (else 404), before any input is read. */
export const moderatesSite = createMiddleware<AppEnv>(async (c, next) => {
  requireRole(c, c.var.siteId, "moderator");
  await next();
});

/** Owners' routes: settings, the audit log and people's requests (403 `owner_only` for a moderator). */
export const ownerOnly = createMiddleware<AppEnv>(async (c, next) => {
  requireRole(c, c.var.siteId, "owner");
  await next();
});
