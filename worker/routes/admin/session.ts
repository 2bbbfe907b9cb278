import { Hono } from "hono";
import { loginSchema, type SessionBody } from "../../api/schemas";
import { verifyPassword } from "../../auth/password";
import { clearSessionCookie, requireSession, sessionLifetimeMs, setSessionCookie } from "../../auth/session";
import { randomToken, sha256Hex } from "../../crypto";
import {
  endAllSessions,
  endSession,
  findModeratorByEmail,
  readSession,
  recentFailures,
  recordFailure,
  startSession,
} from "../../db/moderators";
import type { AppEnv } from "../../env";
import { ApiError, parseInput } from "../../errors";
import { ipHash } from "../../ip";
import { readJsonBody } from "../../request";

const failureWindowMs = 15 * 60 * 1000;
const maxFailures = 10;

/** A password that no account has, so a sign-in for an unknown email costs as much as a real one. */
const unknownAccountHash = `pbkdf2-sha256$100000$${"00".repeat(16)}$${"00".repeat(32)}`;

/** Signing in and out of the moderator console. */
export const sessionRoutes = new Hono<AppEnv>()
  .post("/session", async (c) => {
    const origin = c.req.header("Origin");
    if (origin !== undefined && origin !== new URL(c.req.url).origin) {
      throw new ApiError(403, "origin_not_allowed", "Sign in from the console itself");
    }
    const { email, password } = parseInput(loginSchema, await readJsonBody(c));
    const { db } = c.var.database;
    const now = Date.now();
    const attemptKeys = [`email:${email.toLowerCase()}`, `ip:${await ipHash(c)}`];
    if ((await recentFailures(db, attemptKeys, now - failureWindowMs)) >= maxFailures) {
      throw new ApiError(429, "too_many_attempts", "Too many failed sign-ins; try again in 15 minutes");
    }
    const moderator = await findModeratorByEmail(db, email);
    const valid = await verifyPassword(password, moderator?.passwordHash ?? unknownAccountHash);
    if (!moderator || !valid) {
      await recordFailure(db, attemptKeys, now, now - failureWindowMs);
      throw new ApiError(401, "invalid_credentials", "Wrong email or password");
    }
    const token = randomToken();
    const tokenHash = await sha256Hex(token);
    await startSession(
      db,
      { tokenHash, moderatorId: moderator.id, csrfToken: randomToken(), expiresAt: now + sessionLifetimeMs },
      attemptKeys.slice(0, 1),
    );
    const signedIn = await readSession(db, tokenHash, now);
    setSessionCookie(c, token);
    return c.json(signedIn satisfies SessionBody | null, 201);
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
