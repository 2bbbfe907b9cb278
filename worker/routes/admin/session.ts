import { type Context, Hono } from "hono";
import { z } from "zod";
import { loginSchema, type SessionBody } from "../../api/schemas";
import { accessApplicationOf, verifyAccessToken } from "../../auth/access";
import { verifyPassword } from "../../auth/password";
import { clearSessionCookie, requireSession, sessionLifetimeMs, setSessionCookie } from "../../auth/session";
import {
  countAttempt,
  endAllSessions,
  endSession,
  findModeratorByEmail,
  readSession,
  startSession,
} from "../../db/moderators";
import type { AppEnv } from "../../env";
import { ApiError, parseInput } from "../../http/errors";
import { ipHash } from "../../http/ip";
import { jsonRequest, validJson } from "../../http/validate";
import { randomToken, sha256Hex } from "../../lib/crypto";

const failureWindowMs = 15 * 60 * 1000;
/**
 * Sign-in attempts allowed in the window: from one address, and for one email from all addresses
 * together. One address reaches its own limit long before an email's, so a stranger cannot lock a
 * moderator out; guessing one password from many addresses still stops.
 */
const maxAttempts = { perAddress: 10, perEmail: 50 } as const;

const accessAssertionSchema = z
  .string({ error: "is required: sign in through Cloudflare Access" })
  .min(1, { error: "is required: sign in through Cloudflare Access" })
  .max(8_192, { error: "is too long" });

/** A password that no account has, so a sign-in for an unknown email costs as much as a real one. */
const unknownAccountHash = `pbkdf2-sha256$100000$${"00".repeat(16)}$${"00".repeat(32)}`;

/** Sign-ins come from the console's own pages only. */
function requireOwnOrigin(c: Context<AppEnv>) {
  const origin = c.req.header("Origin");
  if (origin !== undefined && origin !== new URL(c.req.url).origin) {
    throw new ApiError(403, "origin_not_allowed", "Sign in from the console itself");
  }
}

/** Starts a session for `moderator`: stores it, sets the cookie, answers 201 with who is signed in. */
async function openSession(c: Context<AppEnv>, moderatorId: number, clearAttempts: string[], now: number) {
  const { db } = c.var.database;
  const token = randomToken();
  const tokenHash = await sha256Hex(token);
  await startSession(
    db,
    { tokenHash, moderatorId, csrfToken: randomToken(), expiresAt: now + sessionLifetimeMs, lastSeenAt: now },
    clearAttempts,
  );
  const signedIn = await readSession(db, tokenHash, now);
  setSessionCookie(c, token);
  return c.json(signedIn satisfies SessionBody | null, 201);
}

/** Signing in and out of the moderator console. */
export const sessionRoutes = new Hono<AppEnv>()
  .post("/session", jsonRequest, validJson(loginSchema), async (c) => {
    requireOwnOrigin(c);
    if (accessApplicationOf(c.env)) {
      throw new ApiError(403, "password_sign_in_off", "This console is behind Cloudflare Access: sign in through it");
    }
    const { email, password } = c.req.valid("json");
    const { db } = c.var.database;
    const now = Date.now();
    const emailKey = `email:${email.toLowerCase()}`;
    const addressKey = `ip:${await ipHash(c)}`;
    const attempts = await countAttempt(db, [emailKey, addressKey], now, now - failureWindowMs);
    if (
      (attempts.get(addressKey) ?? 0) > maxAttempts.perAddress ||
      (attempts.get(emailKey) ?? 0) > maxAttempts.perEmail
    ) {
      throw new ApiError(429, "too_many_attempts", "Too many failed sign-ins; try again in 15 minutes");
    }
    const moderator = await findModeratorByEmail(db, email);
    const valid = await verifyPassword(password, moderator?.passwordHash ?? unknownAccountHash);
    if (!moderator || !valid) throw new ApiError(401, "invalid_credentials", "Wrong email or password");
    return openSession(c, moderator.id, [emailKey, addressKey], now);
  })
  .post("/session/access", async (c) => {
    requireOwnOrigin(c);
    const application = accessApplicationOf(c.env);
    if (!application) {
      throw new ApiError(404, "access_not_configured", "This console is not behind Cloudflare Access");
    }
    const header = "Cf-Access-Jwt-Assertion";
    const token = parseInput(accessAssertionSchema, c.req.header(header), `header:${header}`);
    const now = Date.now();
    const email = await verifyAccessToken(token, application, now);
    if (!email) throw new ApiError(401, "access_denied", "Cloudflare Access did not vouch for this request");
    const moderator = await findModeratorByEmail(c.var.database.db, email);
    if (!moderator) throw new ApiError(403, "not_a_moderator", `${email} is not a moderator here`);
    return openSession(c, moderator.id, [], now);
  })
  .get("/session", requireSession, (c) => c.json(c.var.signedIn satisfies SessionBody))
  .delete("/session", requireSession, async (c) => {
    await endSession(c.var.database.db, c.var.sessionTokenHash);
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .delete("/sessions", requireSession, async (c) => {
    await endAllSessions(c.var.database.db, c.var.signedIn.moderator.id);
    clearSessionCookie(c);
    return c.body(null, 204);
  });
