/** Readers signed in to a site: their identities, and the sessions their browsers hold. */
import { and, eq, gt, sql } from "drizzle-orm";
import type { SsoUser } from "../auth/reader-sso";
import { batchRows, type Database } from "./client";
import { ERASED_HTML, ERASED_TEXT } from "./person-requests";
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

/** What a deleted account's kept comments are signed with. */
export const DELETED_ACCOUNT = "deleted account";

/**
 * Deletes the account `identityId` of the site at its reader's request, in one transaction: its
 * sessions (so every browser is signed out), and its comments either kept, signed "deleted account"
 * with nothing that names the reader, or erased as a person's erasure does (text "deleted", the
 * comments keep their place for their replies). The audit log keeps the ids changed and the choice;
 * a ban on the account stays, protecting the site and saying nothing the reader wrote. Returns the
 * comments changed.
 */
export async function deleteAccount(
  db: Database,
  input: { siteId: string; identityId: number; comments: "keep" | "erase" },
): Promise<number[]> {
  const { siteId, identityId } = input;
  const theirs = sql`(SELECT id FROM comments WHERE site_id = ${siteId} AND identity_id = ${identityId})`;
  const erase = input.comments === "erase";
  const [changed = []] = await batchRows(db, [
    sql`SELECT id FROM comments WHERE site_id = ${siteId} AND identity_id = ${identityId} ORDER BY id`,
    sql`INSERT INTO audit_log (site_id, moderator_id, action, comment_ids, detail)
      SELECT ${siteId}, NULL, 'account_delete', coalesce(json_group_array(id), '[]'),
        json_object('count', count(*), 'comments', ${input.comments})
      FROM (SELECT id FROM comments WHERE site_id = ${siteId} AND identity_id = ${identityId} ORDER BY id)`,
    ...(erase ? [sql`DELETE FROM duplicate_keys WHERE site_id = ${siteId} AND comment_id IN ${theirs}`] : []),
    erase
      ? sql`UPDATE comments SET body = ${ERASED_TEXT}, body_html = ${ERASED_HTML}, normalized_body = NULL,
          author_name = ${ERASED_TEXT}, author_email = NULL, author_website = NULL, ip_hash = NULL, reader_hash = NULL,
          reasons = '[]' WHERE site_id = ${siteId} AND identity_id = ${identityId}`
      : sql`UPDATE comments SET author_name = ${DELETED_ACCOUNT}, author_email = NULL, author_website = NULL,
          ip_hash = NULL, reader_hash = NULL WHERE site_id = ${siteId} AND identity_id = ${identityId}`,
    sql`DELETE FROM identities WHERE site_id = ${siteId} AND id = ${identityId}`,
  ]);
  return changed.map((row) => (row as { id: number }).id);
}
