/**
 * The alternative we compared the shipped classifier with: a Bayesian token filter in the style of
 * SpamBayes (Robinson's smoothed token probabilities, unknown-word strength s = 0.45 and x = 0.5,
 * Fisher's chi-squared combining). Same features, same evidence mapping (`classifierEvidence`) and
 * same protocols as the logistic regression in worker/spam, so `bench:spam` can put the two side by
 * side. Counts are kept in memory; only the benchmark uses this.
 */
import { analyzeComment } from "../../worker/spam/analysis.ts";
import { extractFeatures } from "../../worker/spam/features.ts";
import { classifierEvidence, type Reason } from "../../worker/spam/index.ts";
import type { Corpus, LabelledComment } from "./spam-corpus.ts";
import { FOLDS, type Protocol, stratifiedFolds } from "./spam-evaluation.ts";

const UNKNOWN_WORD_STRENGTH = 0.45;
const UNKNOWN_WORD_PROBABILITY = 0.5;
const MINIMUM_PROBABILITY_STRENGTH = 0.1;
const MAXIMUM_DISCRIMINATORS = 150;

/** Ham and spam document counts, overall and per feature. */
class TokenCounts {
  hamDocs = 0;
  spamDocs = 0;
  readonly features = new Map<string, { ham: number; spam: number }>();

  learn(features: readonly string[], label: "ham" | "spam"): void {
    if (label === "ham") this.hamDocs++;
    else this.spamDocs++;
    for (const feature of features) {
      const counts = this.features.get(feature) ?? { ham: 0, spam: 0 };
      counts[label]++;
      this.features.set(feature, counts);
    }
  }

  /** The chi-squared spam score (0-1) of a comment's features. */
  score(features: readonly string[]): number {
    const probabilities: number[] = [];
    for (const feature of features) {
      const counts = this.features.get(feature);
      if (counts === undefined) continue;
      const hamRatio = counts.ham / Math.max(this.hamDocs, 1);
      const spamRatio = counts.spam / Math.max(this.spamDocs, 1);
      const raw = spamRatio / (hamRatio + spamRatio);
      const seen = counts.ham + counts.spam;
      const probability =
        (UNKNOWN_WORD_STRENGTH * UNKNOWN_WORD_PROBABILITY + seen * raw) / (UNKNOWN_WORD_STRENGTH + seen);
      if (Math.abs(probability - 0.5) >= MINIMUM_PROBABILITY_STRENGTH) probabilities.push(probability);
    }
    probabilities.sort((a, b) => Math.abs(b - 0.5) - Math.abs(a - 0.5));
    return chiSquaredCombine(probabilities.slice(0, MAXIMUM_DISCRIMINATORS));
  }

  reason(features: readonly string[]): Reason {
    return { check: "classifier", score: classifierEvidence(this.score(features), this) };
  }
}

/** The baseline's classifier reason for every comment of a corpus under a protocol. */
export function bayesReasons(protocol: Protocol, corpus: Corpus): Map<LabelledComment, Reason> {
  const features = corpus.comments.map(({ comment }) => extractFeatures(analyzeComment(comment)));
  const reasons = new Map<LabelledComment, Reason>();
  if (protocol === "replay") {
    const counts = new TokenCounts();
    corpus.comments.forEach((labelled, index) => {
      reasons.set(labelled, counts.reason(features[index] ?? []));
      counts.learn(features[index] ?? [], labelled.label);
    });
    return reasons;
  }
  const folds = stratifiedFolds(corpus.comments);
  for (let fold = 0; fold < FOLDS; fold++) {
    const counts = new TokenCounts();
    corpus.comments.forEach((labelled, index) => {
      if (folds[index] !== fold) counts.learn(features[index] ?? [], labelled.label);
    });
    corpus.comments.forEach((labelled, index) => {
      if (folds[index] === fold) reasons.set(labelled, counts.reason(features[index] ?? []));
    });
  }
  return reasons;
}

function chiSquaredCombine(probabilities: readonly number[]): number {
  if (probabilities.length === 0) return 0.5;
  let logHam = 0;
  let logSpam = 0;
  for (const probability of probabilities) {
    logHam += Math.log(probability);
    logSpam += Math.log(1 - probability);
  }
  const degrees = 2 * probabilities.length;
  const spamminess = 1 - chiSquaredSurvival(-2 * logSpam, degrees);
  const hamminess = 1 - chiSquaredSurvival(-2 * logHam, degrees);
  return (spamminess - hamminess + 1) / 2;
}

function chiSquaredSurvival(value: number, degrees: number): number {
  const half = value / 2;
  let term = Math.exp(-half);
  let sum = term;
  for (let index = 1; index < degrees / 2; index++) {
    term *= half / index;
    sum += term;
  }
  return Math.min(sum, 1);
}
