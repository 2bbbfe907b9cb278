import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../../worker/db/client";
import { D1ClassifierState } from "../../../worker/db/spam-model";
import { createSite } from "../helpers";

describe("D1ClassifierState", () => {
  it("reads nothing for a new site and adds changes to stored values", async () => {
    await createSite("model");
    const { db, meter } = openDatabase(env.DB, "first-primary");
    const state = new D1ClassifierState(db, "model");
    expect(await state.read(["a", "b"])).toEqual({ hamDocs: 0, spamDocs: 0, weights: new Map() });
    await state.add({ hamDocs: 1, spamDocs: 0, weights: new Map([["a", { weight: 0.5, squaredGradients: 0.25 }]]) });
    await state.add({
      hamDocs: -1,
      spamDocs: 1,
      weights: new Map([
        ["a", { weight: -0.25, squaredGradients: 0.5 }],
        ["b", { weight: 1, squaredGradients: 1 }],
      ]),
    });
    meter.roundTrips = 0;
    const snapshot = await state.read(["a", "b", "c"]);
    expect(meter.roundTrips).toBe(1);
    expect(snapshot.hamDocs).toBe(0);
    expect(snapshot.spamDocs).toBe(1);
    expect(snapshot.weights).toEqual(
      new Map([
        ["a", { weight: 0.25, squaredGradients: 0.75 }],
        ["b", { weight: 1, squaredGradients: 1 }],
      ]),
    );
  });

  it("reads 300 keys in one statement, beyond D1's 100-parameter limit", async () => {
    await createSite("many-keys");
    const { db } = openDatabase(env.DB, "first-primary");
    const state = new D1ClassifierState(db, "many-keys");
    const keys = Array.from({ length: 300 }, (_, index) => `feature-${index}`);
    await state.add({
      hamDocs: 0,
      spamDocs: 0,
      weights: new Map(keys.map((key) => [key, { weight: 1, squaredGradients: 1 }])),
    });
    expect((await state.read(keys)).weights.size).toBe(300);
  });
});
