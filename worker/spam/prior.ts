/**
 * The cold-start prior: a small model learned from public labelled comments (the YouTube Spam
 * Collection, ScamSpot's Instagram comments and a WordPress blog's spam queue; see the README's
 * spam section), shipped with the Worker so that a new site does not start from rules alone. It is
 * read-only: a site learns its own model on top (`classifier.ts`), and the prior's say fades as the
 * site's moderators label comments. Sites can turn it off (`SpamSettings.prior`).
 *
 * `npm run spam:prior` writes `prior.json` (scripts/lib/spam-evaluation.ts `trainPrior`), from the
 * same `learn` step the Worker takes for a moderator's decision; the evaluation trains its own
 * priors the same way, leaving out the file it judges.
 */
import { type FeatureWeight, INTERCEPT_KEY, type MemoryClassifierState, type ModelSnapshot } from "./classifier";
import shipped from "./prior.json";

/** A prior model: its weights by feature key and the labelled comments it learned from. */
export interface Prior {
  hamDocs: number;
  spamDocs: number;
  weights: ReadonlyMap<string, number>;
}

/** The file format of `prior.json`. */
export interface PriorFile {
  format: "chorus-spam-prior";
  version: 1;
  sources: string[];
  hamDocs: number;
  spamDocs: number;
  /** Feature key → weight, rounded to three places. */
  weights: Record<string, number>;
}

/** Feature keys kept in a prior: those with the largest weights. Bounds its size (about 60 kB of JSON). */
export const PRIOR_FEATURES = 4_000;

/** Turns a prior file into a prior. */
export function readPrior(file: PriorFile): Prior {
  return { hamDocs: file.hamDocs, spamDocs: file.spamDocs, weights: new Map(Object.entries(file.weights)) };
}

/** The prior shipped with the Worker. */
export const shippedPrior: Prior = readPrior(shipped as PriorFile);

/** What the classifier reads of a prior for some feature keys. */
export function priorSnapshot(prior: Prior, keys: readonly string[]): ModelSnapshot {
  const weights = new Map<string, FeatureWeight>();
  for (const key of keys) {
    const weight = prior.weights.get(key);
    if (weight !== undefined) weights.set(key, { weight, squaredGradients: 0 });
  }
  return { hamDocs: prior.hamDocs, spamDocs: prior.spamDocs, weights };
}

/**
 * Keeps a trained model's strongest `PRIOR_FEATURES` weights, rounded. Not its intercept: that is
 * the share of spam in the training data, which says nothing about a new site's.
 */
export function pruneToPrior(model: MemoryClassifierState, sources: readonly string[]): PriorFile {
  const strongest = [...model.weights]
    .map(([key, { weight }]) => [key, Math.round(weight * 1000) / 1000] as const)
    .filter(([key, weight]) => weight !== 0 && key !== INTERCEPT_KEY)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, PRIOR_FEATURES);
  return {
    format: "chorus-spam-prior",
    version: 1,
    sources: [...sources],
    hamDocs: model.hamDocs,
    spamDocs: model.spamDocs,
    weights: Object.fromEntries(strongest.sort((a, b) => (a[0] < b[0] ? -1 : 1))),
  };
}
