import { eq } from "drizzle-orm";
import type { Database } from "./client";
import { type Site, sites } from "./schema";

export async function findSite(db: Database, siteId: string): Promise<Site | undefined> {
  return db.query.sites.findFirst({ where: eq(sites.id, siteId) });
}
