import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Database } from "../../../worker/db/client";
import { openDatabase } from "../../../worker/db/client";
import { candidateQuery } from "../../../worker/db/duplicate-index";
import { MAX_COMMENTS_PER_KEY } from "../../../worker/duplicates";
import { checkAgainst, type FindCandidates } from "../../support/duplicate-check";
import { createSite, postComment } from "../helpers";

const original =
  "I have been reading this blog for years and this is the first time I disagree with the conclusion about caching.";

/** Posts a comment through the route, which stores it and adds its keys to the index. */
async function storeAndIndex(site: string, body: string, authorEmail: string) {
  const response = await postComment(site, { body, authorEmail });
  const { comment } = (await response.json()) as { comment: { id: number } };
  return comment.id;
}

/** The index's lookup as the Worker runs it: `candidateQuery` on D1. */
const d1Candidates =
  (db: Database): FindCandidates =>
  (siteId, keys, limit) =>
    candidateQuery(db, siteId, keys, limit);

describe("the D1 duplicate index (candidateQuery, addKeysStatement)", () => {
  it("finds an exact and a near copy of an indexed comment in one round trip, and nothing for new text", async () => {
    await createSite("dupes-d1");
    const id = await storeAndIndex("dupes-d1", original, "first@example.com");
    const { db, meter } = openDatabase(env.DB, "first-primary");
    const index = d1Candidates(db);
    const copy = await checkAgainst(index, "dupes-d1", {
      body: original.toUpperCase(),
      thread: 2,
      author: "other@example.com",
      createdAt: Date.now(),
    });
    expect(copy.match).toMatchObject({ kind: "exact", duplicateOf: id, scope: "copy" });
    const near = await checkAgainst(index, "dupes-d1", {
      body: original.replace("caching", "cache invalidation"),
      thread: 2,
      author: "other@example.com",
      createdAt: Date.now(),
    });
    expect(near.match).toMatchObject({ kind: "near", duplicateOf: id });
    meter.roundTrips = 0;
    const fresh = await checkAgainst(index, "dupes-d1", {
      body: "A completely different comment about the photographs, the colours and the light in the second one.",
      thread: 2,
      createdAt: Date.now(),
    });
    expect(fresh.match).toBeNull();
    expect(meter.roundTrips).toBe(1);
  });

  it("keeps each key's list at its cap and never mixes sites", async () => {
    await createSite("dupes-cap");
    await createSite("dupes-other");
    for (let copy = 0; copy < MAX_COMMENTS_PER_KEY + 2; copy++)
      await storeAndIndex("dupes-cap", original, `a${copy}@x.example`);
    const largest = await env.DB.prepare(
      "SELECT max(n) AS n FROM (SELECT count(*) AS n FROM duplicate_keys WHERE site_id = 'dupes-cap' GROUP BY key)",
    ).first("n");
    expect(largest).toBe(MAX_COMMENTS_PER_KEY);
    const { db } = openDatabase(env.DB, "first-primary");
    const elsewhere = await checkAgainst(d1Candidates(db), "dupes-other", {
      body: original,
      thread: 1,
      createdAt: Date.now(),
    });
    expect(elsewhere.match).toBeNull();
  });
});
