import { eq } from "drizzle-orm";
import type { Database } from "./client";
import { auditStatement } from "./people";
import { type Site, sites, threads } from "./schema";

export async function findSite(db: Database, siteId: string): Promise<Site | undefined> {
  return db.query.sites.findFirst({ where: eq(sites.id, siteId) });
}

/** Closes or reopens a page's thread (creating it, so a page can be closed before its first comment). */
export async function setThreadClosed(
  db: Database,
  siteId: string,
  path: string,
  closed: boolean,
  moderatorId: number,
) {
  await db.batch([
    db
      .insert(threads)
      .values({ siteId, path, closed })
      .onConflictDoUpdate({ target: [threads.siteId, threads.path], set: { closed } }),
    auditStatement(db, siteId, moderatorId, closed ? "close_thread" : "reopen_thread", { page: path }),
  ]);
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
