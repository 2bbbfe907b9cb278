/** Readers signed in to a site: their identities, and the sessions their browsers hold. */
import { and, eq, gt, sql } from "drizzle-orm";
import type { SsoUser } from "../auth/reader-sso";
import type { Database } from "./client";
import { type Identity, identities, moderators, readerSessions, siteModerators } from "./schema";

/** How long a reader stays signed in on one browser. */
export const readerSessionMs = 30 * 24 * 60 * 60 * 1000;

/**
 * Signs `user` in to the site through `provider`: their identity made or brought up to date (name,
 * email, avatar, role as the provider says now), and a session for the token whose hash is given;
 * one transaction. Returns the identity. A moderator of the site who signs in with their verified
 * email is staff: a brand's people speak as themselves, in the thread, with the staff label.
 */
export async function signIn(
  db: Database,
  input: { siteId: string; provider: string; user: SsoUser; tokenHash: string; now: number },
): Promise<Identity> {
  const { siteId, provider, user } = input;
  const role =
    user.email === null
      ? user.role
      : sql<Identity["role"]>`CASE WHEN EXISTS (SELECT 1 FROM ${moderators}
          JOIN ${siteModerators} ON ${siteModerators.moderatorId} = ${moderators.id}
          WHERE ${moderators.email} = ${user.email} AND ${siteModerators.siteId} = ${siteId}) THEN 'staff' ELSE ${user.role} END`;
  const [upserted] = await db.batch([
    db
      .insert(identities)
      .values({
        siteId,
        provider,
        subject: user.subject,
        name: user.name,
        email: user.email,
        avatar: user.avatar,
        role,
      })
      .onConflictDoUpdate({
        target: [identities.siteId, identities.provider, identities.subject],
        set: { name: user.name, email: user.email, avatar: user.avatar, role },
      })
      .returning(),
    db.insert(readerSessions).values({
      tokenHash: input.tokenHash,
      siteId,
      identityId: sql`(SELECT id FROM identities WHERE site_id = ${siteId} AND provider = ${provider} AND subject = ${user.subject})`,
      expiresAt: input.now + readerSessionMs,
    }),
  ]);
  const identity = upserted[0];
  if (!identity) throw new Error("the identity upsert returned no row");
  return identity;
}

/** The identity an unexpired session of the site signs in, if any. */
export async function sessionIdentity(
  db: Database,
  siteId: string,
  tokenHash: string,
  now: number,
): Promise<Identity | undefined> {
  const rows = await db
    .select({ identity: identities })
    .from(readerSessions)
    .innerJoin(identities, eq(identities.id, readerSessions.identityId))
    .where(
      and(
        eq(readerSessions.tokenHash, tokenHash),
        eq(readerSessions.siteId, siteId),
        gt(readerSessions.expiresAt, now),
      ),
    );
  return rows[0]?.identity;
}

/** Ends a session of the site (signing out); false if there was none. */
export async function endSession(db: Database, siteId: string, tokenHash: string): Promise<boolean> {
  const ended = await db
    .delete(readerSessions)
    .where(and(eq(readerSessions.tokenHash, tokenHash), eq(readerSessions.siteId, siteId)))
    .returning({ tokenHash: readerSessions.tokenHash });
  return ended.length > 0;
}
