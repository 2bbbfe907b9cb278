import { describe, expect, it } from "vitest";
import { classify, featureKey, learningStep, MemoryClassifierState, modelKeys } from "../../../worker/spam/classifier";
import { classifierEvidence } from "../../../worker/spam/verdict";

describe("featureKey", () => {
  it("is a short, stable hash", () => {
    expect(featureKey("subscribe")).toBe(featureKey("subscribe"));
    expect(featureKey("subscribe")).not.toBe(featureKey("subscribed"));
    expect(featureKey("x".repeat(32))).toMatch(/^[0-9a-z]{1,7}$/);
  });
});

describe("MemoryClassifierState", () => {
  it("adds changes to what it holds and reads back only the keys asked for", async () => {
    const state = new MemoryClassifierState();
    await state.add({ hamDocs: 1, spamDocs: 0, weights: new Map([["a", { weight: 0.5, squaredGradients: 0.25 }]]) });
    await state.add({ hamDocs: -1, spamDocs: 1, weights: new Map([["a", { weight: -0.25, squaredGradients: 0.25 }]]) });
    expect(await state.read(["a", "b"])).toEqual({
      hamDocs: 0,
      spamDocs: 1,
      weights: new Map([["a", { weight: 0.25, squaredGradients: 0.5 }]]),
    });
  });
});

describe("classify and learningStep", () => {
  const empty = { hamDocs: 0, spamDocs: 0, weights: new Map() };

  it("knows nothing at first", () => {
    expect(classify(["free", "money"], empty)).toEqual({ probability: 0.5, contributions: [] });
  });

  it("steps towards the label it is taught, for every feature and the intercept", async () => {
    const state = new MemoryClassifierState();
    const features = ["free", "money"];
    const step = learningStep(features, await state.read(modelKeys(features)), true);
    expect([...step.weights.keys()].sort()).toEqual(modelKeys(features).sort());
    expect([...step.weights.values()].every((delta) => delta.weight > 0)).toBe(true);
    await state.add(step);
    expect(classify(features, await state.read(modelKeys(features))).probability).toBeGreaterThan(0.5);
  });

  it("takes smaller steps on a feature it has much evidence about (AdaGrad)", () => {
    const seenOften = featureKey("free");
    const fresh = featureKey("money");
    const snapshot = {
      hamDocs: 50,
      spamDocs: 50,
      weights: new Map([[seenOften, { weight: 0, squaredGradients: 99.75 }]]),
    };
    const step = learningStep(["free", "money"], snapshot, true);
    const stepOf = (key: string) => step.weights.get(key)?.weight ?? 0;
    expect(stepOf(fresh)).toBeCloseTo(0.3);
    expect(stepOf(seenOften)).toBeCloseTo(0.015);
  });

  it("scales down a label much commoner than the other on the site, for words both kinds of comment use", () => {
    const common = featureKey("it");
    const learned = { weight: 0, squaredGradients: 4 };
    const stepWith = (hamDocs: number, spamDocs: number, isSpam: boolean) =>
      learningStep(["it"], { hamDocs, spamDocs, weights: new Map([[common, learned]]) }, isSpam).weights.get(common)
        ?.weight ?? 0;
    expect(stepWith(30, 90, true)).toBeCloseTo(stepWith(90, 90, true));
    expect(stepWith(5, 180, true)).toBeLessThan(stepWith(90, 90, true) / 5);
    expect(stepWith(5, 180, false)).toBeCloseTo(-stepWith(90, 90, true));
  });
});

describe("classifierEvidence", () => {
  const balanced = { hamDocs: 200, spamDocs: 200 };

  it("counts a classifier in full while its moderators' labels are no more than three spam to one ham", () => {
    expect(classifierEvidence(0.9, { hamDocs: 100, spamDocs: 300 })).toBeCloseTo(classifierEvidence(0.9, balanced));
    expect(classifierEvidence(0.9, { hamDocs: 300, spamDocs: 100 })).toBeCloseTo(classifierEvidence(0.9, balanced));
  });

  it("does not take a spam-heavy labelled set for evidence that the next comment is spam", () => {
    // Moderators label the spam they clear far more often than the readers they leave published.
    const skewed = { hamDocs: 10, spamDocs: 400 };
    expect(classifierEvidence(0.9, skewed)).toBeLessThan(classifierEvidence(0.9, balanced) - 1.5);
    expect(classifierEvidence(0.999, skewed)).toBeGreaterThan(0);
    expect(classifierEvidence(0.4, skewed)).toBeLessThan(classifierEvidence(0.4, balanced));
  });

  it("goes no further than 1.5 towards ham: it clears weak signs, never a strong rule on its own", () => {
    expect(classifierEvidence(0.0001, balanced)).toBe(-1.5);
    expect(classifierEvidence(0.9999, balanced)).toBeGreaterThan(3);
    expect(classifierEvidence(0.4, balanced)).toBeGreaterThan(-1.5);
  });
});
