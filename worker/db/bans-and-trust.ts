import { and, desc, eq, lt } from "drizzle-orm";
import type { BanKind } from "../../common/vocabulary";
import type { Database } from "./client";
import { auditLog, bans, moderators, trustedAuthors } from "./schema";

/** The audit entry for a change that is not about particular comments. */
function audit(db: Database, siteId: string, moderatorId: number, action: string, detail: Record<string, unknown>) {
  return db.insert(auditLog).values({ siteId, moderatorId, action, commentIds: [], detail });
}

export async function listBans(db: Database, siteId: string) {
  const rows = await db.select().from(bans).where(eq(bans.siteId, siteId)).orderBy(desc(bans.createdAt));
  return rows.map((row) => ({ kind: row.kind, value: row.value, createdAt: new Date(row.createdAt).toISOString() }));
}

/** Bans an author (their next comments go to spam or are refused, per the site); recorded in the audit log. */
export async function addBan(db: Database, siteId: string, moderatorId: number, ban: { kind: BanKind; value: string }) {
  await db.batch([
    db
      .insert(bans)
      .values({ siteId, ...ban })
      .onConflictDoNothing(),
    audit(db, siteId, moderatorId, "ban", ban),
  ]);
}

export async function removeBan(
  db: Database,
  siteId: string,
  moderatorId: number,
  ban: { kind: BanKind; value: string },
) {
  await db.batch([
    db.delete(bans).where(and(eq(bans.siteId, siteId), eq(bans.kind, ban.kind), eq(bans.value, ban.value))),
    audit(db, siteId, moderatorId, "unban", ban),
  ]);
}

export async function listTrusted(db: Database, siteId: string) {
  const rows = await db
    .select()
    .from(trustedAuthors)
    .where(eq(trustedAuthors.siteId, siteId))
    .orderBy(desc(trustedAuthors.createdAt));
  return rows.map((row) => ({ email: row.email, createdAt: new Date(row.createdAt).toISOString() }));
}

/** Trusts an author: their comments are not held for moderation. */
export async function addTrusted(db: Database, siteId: string, moderatorId: number, email: string) {
  await db.batch([
    db.insert(trustedAuthors).values({ siteId, email }).onConflictDoNothing(),
    audit(db, siteId, moderatorId, "trust", { email }),
  ]);
}

export async function removeTrusted(db: Database, siteId: string, moderatorId: number, email: string) {
  await db.batch([
    db.delete(trustedAuthors).where(and(eq(trustedAuthors.siteId, siteId), eq(trustedAuthors.email, email))),
    audit(db, siteId, moderatorId, "untrust", { email }),
  ]);
}

/** A page of the audit log, newest first. */
export async function readAudit(db: Database, siteId: string, cursor: number | undefined, limit = 100) {
  const rows = await db
    .select({ entry: auditLog, moderator: moderators.displayName })
    .from(auditLog)
    .leftJoin(moderators, eq(moderators.id, auditLog.moderatorId))
    .where(and(eq(auditLog.siteId, siteId), cursor ? lt(auditLog.id, cursor) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const shown = rows.slice(0, limit);
  return {
    entries: shown.map(({ entry, moderator }) => ({
      id: entry.id,
      moderator,
      action: entry.action,
      commentIds: entry.commentIds,
      detail: entry.detail,
      createdAt: new Date(entry.createdAt).toISOString(),
    })),
    nextCursor: rows.length > limit ? String(shown[shown.length - 1]?.entry.id) : null,
  };
}

export { audit as auditStatement };
