import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Database } from "./client";
import {
  loginAttempts,
  type Moderator,
  type ModeratorRole,
  moderators,
  sessions,
  siteModerators,
  sites,
} from "./schema";

/** A signed-in moderator as the console sees them, with their role on each site. */
export interface SignedIn {
  moderator: Pick<Moderator, "id" | "email" | "displayName">;
  csrfToken: string;
  sites: { id: string; name: string; role: ModeratorRole }[];
}

export async function findModeratorByEmail(db: Database, email: string): Promise<Moderator | undefined> {
  return db.query.moderators.findFirst({ where: eq(moderators.email, email.toLowerCase()) });
}

/** A console session left unused this long is over: 12 hours. */
export const sessionIdleMs = 12 * 60 * 60 * 1000;

/**
 * The live session (not expired, not idle too long) whose token hashes to `tokenHash`, with the
 * moderator and their sites, in one round trip that also marks it used.
 */
export async function readSession(db: Database, tokenHash: string, now: number): Promise<SignedIn | null> {
  const live = and(
    eq(sessions.tokenHash, tokenHash),
    gt(sessions.expiresAt, now),
    gt(sessions.lastSeenAt, now - sessionIdleMs),
  );
  const [rows, roles] = await db.batch([
    db
      .select({ session: sessions, moderator: moderators })
      .from(sessions)
      .innerJoin(moderators, eq(moderators.id, sessions.moderatorId))
      .where(live),
    db
      .select({ id: sites.id, name: sites.name, role: siteModerators.role })
      .from(siteModerators)
      .innerJoin(sites, eq(sites.id, siteModerators.siteId))
      .where(
        eq(
          siteModerators.moderatorId,
          sql`(SELECT ${sessions.moderatorId} FROM ${sessions} WHERE ${sessions.tokenHash} = ${tokenHash})`,
        ),
      )
      .orderBy(sites.id),
    db.update(sessions).set({ lastSeenAt: now }).where(live),
  ]);
  const row = rows[0];
  if (!row) return null;
  const { id, email, displayName } = row.moderator;
  return { moderator: { id, email, displayName }, csrfToken: row.session.csrfToken, sites: roles };
}

/** Stores a new session and takes back the attempt its sign-in counted (`countAttempt`) under `attemptKeys`. */
export async function startSession(
  db: Database,
  session: { tokenHash: string; moderatorId: number; csrfToken: string; expiresAt: number; lastSeenAt: number },
  attemptKeys: string[],
): Promise<void> {
  await db.batch([
    db.insert(sessions).values(session),
    db
      .update(loginAttempts)
      .set({ failures: sql`max(${loginAttempts.failures} - 1, 0)` })
      .where(inArray(loginAttempts.key, attemptKeys)),
    db.delete(sessions).where(and(eq(sessions.moderatorId, session.moderatorId), lt(sessions.expiresAt, Date.now()))),
  ]);
}

export async function endSession(db: Database, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Signs a moderator out on every browser. */
export async function endAllSessions(db: Database, moderatorId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.moderatorId, moderatorId));
}

/**
 * Counts a sign-in attempt against each key before its password is checked, in one statement, and
 * returns each key's count in the window: parallel guesses cannot all slip under the limit. A
 * successful sign-in takes its attempt back (`startSession`).
 */
export async function countAttempt(
  db: Database,
  keys: string[],
  now: number,
  windowStart: number,
): Promise<Map<string, number>> {
  const rows = await db
    .insert(loginAttempts)
    .values(keys.map((key) => ({ key, windowStartedAt: now, failures: 1 })))
    .onConflictDoUpdate({
      target: loginAttempts.key,
      set: {
        failures: sql`CASE WHEN ${loginAttempts.windowStartedAt} > ${windowStart} THEN ${loginAttempts.failures} + 1 ELSE 1 END`,
        windowStartedAt: sql`CASE WHEN ${loginAttempts.windowStartedAt} > ${windowStart} THEN ${loginAttempts.windowStartedAt} ELSE ${now} END`,
      },
    })
    .returning({ key: loginAttempts.key, failures: loginAttempts.failures });
  return new Map(rows.map((row) => [row.key, row.failures]));
}
