import { eq } from "drizzle-orm";
import { auditStatement } from "./bans-and-trust";
import type { Database } from "./client";
import { type Site, sites, type Thread, threads } from "./schema";

export async function findSite(db: Database, siteId: string): Promise<Site | undefined> {
  return db.query.sites.findFirst({ where: eq(sites.id, siteId) });
}

/**
 * A moderator's change to a page's thread: closes or reopens it, corrects its title or address
 * (creating it, so a page can be closed before its first comment). Audited.
 */
export async function changeThread(
  db: Database,
  siteId: string,
  path: string,
  change: { closed?: boolean; title?: string; url?: string; fediverse?: string | null; requireSignIn?: boolean },
  moderatorId: number,
): Promise<Thread> {
  const action = change.closed === undefined ? "edit_thread" : change.closed ? "close_thread" : "reopen_thread";
  const { fediverse, ...rest } = change;
  // A status named now is read at the next read of the thread or the next cron.
  const columns = { ...rest, ...(fediverse === undefined ? {} : { fediverseStatus: fediverse, fediverseDueAt: 0 }) };
  const [changed] = await db.batch([
    db
      .insert(threads)
      .values({ siteId, path, ...columns })
      .onConflictDoUpdate({ target: [threads.siteId, threads.path], set: columns })
      .returning(),
    auditStatement(db, siteId, moderatorId, action, { page: path, ...change }),
  ]);
  const thread = changed[0];
  if (!thread) throw new Error("the thread upsert returned no row");
  return thread;
}

/** Replaces a site's settings; secrets change only when given (null clears them). */
export async function updateSettings(
  db: Database,
  siteId: string,
  moderatorId: number,
  settings: Partial<Site> & Pick<Site, "spamSettings">,
): Promise<Site | undefined> {
  const [updated] = await db.batch([
    db.update(sites).set(settings).where(eq(sites.id, siteId)).returning(),
    auditStatement(db, siteId, moderatorId, "settings", { changed: Object.keys(settings) }),
  ]);
  return updated[0];
}

/** Sets (a new secret) or clears (null) the site's SSO secret, audited; false if there is no such site. */
/** Sets (or, with null, clears) the JWKS address the site's RS256/ES256 sign-in tokens are checked with, audited. */
export async function setSsoJwksUrl(
  db: Database,
  siteId: string,
  moderatorId: number,
  url: string | null,
): Promise<boolean> {
  const [updated] = await db.batch([
    db.update(sites).set({ ssoJwksUrl: url }).where(eq(sites.id, siteId)).returning({ id: sites.id }),
    auditStatement(db, siteId, moderatorId, "sso_jwks", { url }),
  ]);
  return updated.length > 0;
}

export async function setSsoSecret(
  db: Database,
  siteId: string,
  moderatorId: number,
  secret: string | null,
): Promise<boolean> {
  const [updated] = await db.batch([
    db.update(sites).set({ ssoSecret: secret }).where(eq(sites.id, siteId)).returning({ id: sites.id }),
    auditStatement(db, siteId, moderatorId, secret === null ? "sso_off" : "sso_secret", {}),
  ]);
  return updated.length > 0;
}
