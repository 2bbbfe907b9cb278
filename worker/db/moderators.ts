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

/** The live session whose token hashes to `tokenHash`, with the moderator and their sites, in one round trip. */
export async function readSession(db: Database, tokenHash: string, now: number): Promise<SignedIn | null> {
  const [rows, roles] = await db.batch([
    db
      .select({ session: sessions, moderator: moderators })
      .from(sessions)
      .innerJoin(moderators, eq(moderators.id, sessions.moderatorId))
      .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now))),
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
  ]);
  const row = rows[0];
  if (!row) return null;
  const { id, email, displayName } = row.moderator;
  return { moderator: { id, email, displayName }, csrfToken: row.session.csrfToken, sites: roles };
}

/** Stores a new session and forgets the failed attempts that preceded it. */
export async function startSession(
  db: Database,
  session: { tokenHash: string; moderatorId: number; csrfToken: string; expiresAt: number },
  attemptKeys: string[],
): Promise<void> {
  await db.batch([
    db.insert(sessions).values(session),
    db.delete(loginAttempts).where(inArray(loginAttempts.key, attemptKeys)),
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

/** The most failures any of `keys` has in the window that started after `windowStart`. */
export async function recentFailures(db: Database, keys: string[], windowStart: number): Promise<number> {
  const rows = await db
    .select({ failures: loginAttempts.failures })
    .from(loginAttempts)
    .where(and(inArray(loginAttempts.key, keys), gt(loginAttempts.windowStartedAt, windowStart)));
  return Math.max(0, ...rows.map((row) => row.failures));
}

/** Counts one failed sign-in against each key, starting a new window where the old one has passed. */
export async function recordFailure(db: Database, keys: string[], now: number, windowStart: number): Promise<void> {
  await db
    .insert(loginAttempts)
    .values(keys.map((key) => ({ key, windowStartedAt: now, failures: 1 })))
    .onConflictDoUpdate({
      target: loginAttempts.key,
      set: {
        failures: sql`CASE WHEN ${loginAttempts.windowStartedAt} > ${windowStart} THEN ${loginAttempts.failures} + 1 ELSE 1 END`,
        windowStartedAt: sql`CASE WHEN ${loginAttempts.windowStartedAt} > ${windowStart} THEN ${loginAttempts.windowStartedAt} ELSE ${now} END`,
      },
    });
}
