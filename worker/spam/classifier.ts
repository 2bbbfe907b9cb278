/**
 * The per-site learned classifier: logistic regression on hashed features, learned online with
 * AdaGrad (each feature's step shrinks as evidence about it accumulates, so a new site learns from
 * its first decisions and a mature one stays stable). Every moderator decision is one step. The
 * model is a weight and a sum of squared gradients per feature key, plus the site's counts of
 * labelled ham and spam, and every change to it is an addition, so concurrent decisions never
 * overwrite each other and the state fits one D1 row per feature key.
 */

/** What the model knows about one feature key. */
export interface FeatureWeight {
  weight: number;
  /** Sum of the squared gradients of the steps taken so far (AdaGrad's step scale). */
  squaredGradients: number;
}

/** What the classifier needs from storage to judge one comment. */
export interface ModelSnapshot {
  /** Comments of the site labelled ham and spam by its moderators. */
  hamDocs: number;
  spamDocs: number;
  /** The requested keys the model has learned something about; others count as zero. */
  weights: ReadonlyMap<string, FeatureWeight>;
}

/** An addition to a site's model: to its document counts and to the weights of some keys. */
export interface ModelChange {
  hamDocs: number;
  spamDocs: number;
  weights: ReadonlyMap<string, FeatureWeight>;
}

/**
 * A site's model, wherever it lives. The Worker backs it with D1; the evaluation CLI and the tests
 * use `MemoryClassifierState`.
 */
export interface ClassifierState {
  /** Reads the document counts and the weights of these keys, in one round trip. */
  read(keys: readonly string[]): Promise<ModelSnapshot>;
  /** Adds the change to the stored values (creating missing keys at zero), in one round trip. */
  add(change: ModelChange): Promise<void>;
}

/** A `ClassifierState` kept in memory, for the evaluation CLI and tests. */
export class MemoryClassifierState implements ClassifierState {
  hamDocs = 0;
  spamDocs = 0;
  readonly weights = new Map<string, FeatureWeight>();

  async read(keys: readonly string[]): Promise<ModelSnapshot> {
    const weights = new Map<string, FeatureWeight>();
    for (const key of keys) {
      const found = this.weights.get(key);
      if (found !== undefined) weights.set(key, { ...found });
    }
    return { hamDocs: this.hamDocs, spamDocs: this.spamDocs, weights };
  }

  async add(change: ModelChange): Promise<void> {
    this.hamDocs = Math.max(0, this.hamDocs + change.hamDocs);
    this.spamDocs = Math.max(0, this.spamDocs + change.spamDocs);
    for (const [key, delta] of change.weights) {
      const current = this.weights.get(key) ?? { weight: 0, squaredGradients: 0 };
      this.weights.set(key, {
        weight: current.weight + delta.weight,
        squaredGradients: current.squaredGradients + delta.squaredGradients,
      });
    }
  }
}

/** AdaGrad's base step size. */
const LEARNING_RATE = 0.3;

/** A feature every comment has, whose weight is the model's intercept (the site's base rate of spam). */
const INTERCEPT_FEATURE = "*intercept";

/** The storage key of the intercept. */
export const INTERCEPT_KEY = featureKey(INTERCEPT_FEATURE);

/**
 * The storage key of a feature: its 32-bit FNV-1a hash in base 36 (at most 7 characters). Keys are
 * stable, short and do not keep the words of comments in the database.
 */
export function featureKey(feature: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < feature.length; index++) {
    hash ^= feature.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/** A feature's part in a judgement. */
export interface Contribution {
  feature: string;
  weight: number;
}

/** The classifier's judgement of one comment. */
export interface Classification {
  /** Probability of spam, from 0 to 1. */
  probability: number;
  /** The features with a learned weight, strongest (by absolute weight) first. */
  contributions: Contribution[];
}

/** Judges a comment's features (`INTERCEPT_FEATURE` is added here) against a site's model. */
export function classify(features: readonly string[], snapshot: ModelSnapshot): Classification {
  let logOdds = 0;
  const contributions: Contribution[] = [];
  const seenKeys = new Set<string>();
  for (const feature of withIntercept(features)) {
    const key = featureKey(feature);
    if (seenKeys.has(key)) continue;
    seenKeys.add(key);
    const weight = snapshot.weights.get(key)?.weight ?? 0;
    logOdds += weight;
    if (weight !== 0) contributions.push({ feature, weight });
  }
  contributions.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  return { probability: logistic(logOdds), contributions };
}

/** The distinct keys to read for a comment's features, intercept included. */
export function modelKeys(features: readonly string[]): string[] {
  return [...new Set(withIntercept(features).map(featureKey))];
}

/**
 * Labels of one class per label of the other that the model learns from as they come. Moderators
 * label the spam they clear far more often than the readers they leave published: beyond this
 * ratio, each step of the commoner label is scaled down by the excess, so that the words every
 * comment has ("a", "it", "is") do not become spam words on a site that mostly clears spam.
 * `classifierEvidence` takes off what lean remains.
 */
export const LABEL_RATIO_TAKEN_AS_IS = 3;

/**
 * One AdaGrad step of logistic regression for a comment's features, towards spam or ham, scaled
 * down when the label is much the commoner one on the site (`LABEL_RATIO_TAKEN_AS_IS`).
 */
export function learningStep(features: readonly string[], snapshot: ModelSnapshot, isSpam: boolean): ModelChange {
  const thisClass = (isSpam ? snapshot.spamDocs : snapshot.hamDocs) + 1;
  const otherClass = (isSpam ? snapshot.hamDocs : snapshot.spamDocs) + 1;
  const classWeight = Math.min(1, (LABEL_RATIO_TAKEN_AS_IS * otherClass) / thisClass);
  const error = classWeight * ((isSpam ? 1 : 0) - classify(features, snapshot).probability);
  const squared = error * error;
  const weights = new Map<string, FeatureWeight>();
  for (const key of modelKeys(features)) {
    const before = snapshot.weights.get(key)?.squaredGradients ?? 0;
    const scale = Math.sqrt(before + squared);
    weights.set(key, { weight: scale === 0 ? 0 : (LEARNING_RATE * error) / scale, squaredGradients: squared });
  }
  return { hamDocs: 0, spamDocs: 0, weights };
}

function withIntercept(features: readonly string[]): string[] {
  return [INTERCEPT_FEATURE, ...new Set(features)];
}

function logistic(logOdds: number): number {
  return 1 / (1 + Math.exp(-logOdds));
}
