import { describe, expect, it } from "vitest";
import { classify, featureKey, learningStep, MemoryClassifierState, modelKeys } from "../../../worker/spam/classifier";

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
});
