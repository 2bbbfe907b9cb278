/** The apps this deployment registered on Mastodon instances, one per instance, reused for every sign-in there. */
import { eq } from "drizzle-orm";
import type { Database } from "./client";
import { mastodonApps } from "./schema";

/** The app registered on `instance` for `redirectUri`; undefined if none, or one for another address. */
export async function findMastodonApp(db: Database, instance: string, redirectUri: string) {
  const rows = await db.select().from(mastodonApps).where(eq(mastodonApps.instance, instance));
  const app = rows[0];
  return app && app.redirectUri === redirectUri ? app : undefined;
}

/** Keeps the app just registered on `instance` (replacing one made for an old redirect address). */
export function saveMastodonApp(db: Database, app: typeof mastodonApps.$inferInsert) {
  return db
    .insert(mastodonApps)
    .values(app)
    .onConflictDoUpdate({
      target: mastodonApps.instance,
      set: { clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: app.redirectUri },
    });
}
