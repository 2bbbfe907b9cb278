import { and, eq, inArray, sql } from "drizzle-orm";
import type { ClassifierState, FeatureWeight, ModelChange, ModelSnapshot } from "../spam";
import type { Database } from "./client";
import { spamFeatures, spamModels } from "./schema";

/**
 * The queries that read a site's model for some feature keys. Returned unexecuted so a caller can
 * put them in a larger batch; `toSnapshot` turns their results into what the classifier reads.
 */
export function modelReadQueries(db: Database, siteId: string, keys: readonly string[]) {
  return [
    db.select().from(spamModels).where(eq(spamModels.siteId, siteId)),
    db
      .select({
        feature: spamFeatures.feature,
        weight: spamFeatures.weight,
        squaredGradients: spamFeatures.squaredGradients,
      })
      .from(spamFeatures)
      .where(
        and(
          eq(spamFeatures.siteId, siteId),
          inArray(spamFeatures.feature, sql`(SELECT value FROM json_each(${JSON.stringify(keys)}))`),
        ),
      ),
  ] as const;
}

export function toSnapshot(
  counts: { hamDocs: number; spamDocs: number }[],
  features: ({ feature: string } & FeatureWeight)[],
): ModelSnapshot {
  return {
    hamDocs: counts[0]?.hamDocs ?? 0,
    spamDocs: counts[0]?.spamDocs ?? 0,
    weights: new Map(features.map(({ feature, ...weight }) => [feature, weight])),
  };
}

/** The statements that add a change to a site's model; every change is an addition, so they compose. */
export function modelChangeStatements(db: Database, siteId: string, change: ModelChange) {
  const additions = JSON.stringify(
    [...change.weights].map(([key, value]) => [key, value.weight, value.squaredGradients]),
  );
  return [
    db
      .insert(spamModels)
      .values({ siteId, hamDocs: change.hamDocs, spamDocs: change.spamDocs })
      .onConflictDoUpdate({
        target: spamModels.siteId,
        set: {
          hamDocs: sql`max(0, ${spamModels.hamDocs} + excluded.ham_docs)`,
          spamDocs: sql`max(0, ${spamModels.spamDocs} + excluded.spam_docs)`,
        },
      }),
    db
      .insert(spamFeatures)
      .select(
        db
          .select({
            siteId: sql<string>`${siteId}`.as("site_id"),
            feature: sql<string>`value ->> 0`.as("feature"),
            weight: sql<number>`value ->> 1`.as("weight"),
            squaredGradients: sql<number>`value ->> 2`.as("squared_gradients"),
          })
          .from(sql`json_each(${additions})`)
          .where(sql`true`),
      )
      .onConflictDoUpdate({
        target: [spamFeatures.siteId, spamFeatures.feature],
        set: {
          weight: sql`${spamFeatures.weight} + excluded.weight`,
          squaredGradients: sql`${spamFeatures.squaredGradients} + excluded.squared_gradients`,
        },
      }),
  ] as const;
}

/** A site's classifier state in D1: one round trip to read, one to add a change. */
export class D1ClassifierState implements ClassifierState {
  constructor(
    private readonly db: Database,
    private readonly siteId: string,
  ) {}

  async read(keys: readonly string[]): Promise<ModelSnapshot> {
    const [counts, features] = await this.db.batch(modelReadQueries(this.db, this.siteId, keys));
    return toSnapshot(counts, features);
  }

  async add(change: ModelChange): Promise<void> {
    await this.db.batch(modelChangeStatements(this.db, this.siteId, change));
  }
}
