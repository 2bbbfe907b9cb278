/**
 * Spam defence for new comments: the content layers after the Worker's gates (honeypot, form token,
 * rate limits, Turnstile). Rules, the site's learned classifier, the cold-start prior and outside
 * signals (duplicate detection, Akismet) each give reasons with scores; `decideVerdict` turns them
 * into publish, hold or spam. Pure: the Worker hands in the site's model snapshot and settings.
 */
import type { AkismetVerdict } from "./akismet";
import { analyzeComment, type CommentContent } from "./analysis";
import {
  type Classification,
  type ClassifierState,
  classify,
  type FeatureWeight,
  learningStep,
  MemoryClassifierState,
  type ModelChange,
  type ModelSnapshot,
  modelKeys,
} from "./classifier";
import { extractFeatures } from "./features";
import { type Prior, priorSnapshot } from "./prior";
import { checkRules, type RuleInput } from "./rules";
import { classifierEvidence, decideVerdict, type Reason, type SpamSettings, type Verdict } from "./verdict";

export type { AkismetComment, AkismetConfig, AkismetResult, AkismetVerdict } from "./akismet";
export { buildAkismetRequest, checkWithAkismet, parseAkismetResponse } from "./akismet";
export type { CommentContent } from "./analysis";
export type { ClassifierState, FeatureWeight, ModelChange, ModelSnapshot } from "./classifier";
export { MemoryClassifierState } from "./classifier";
export { MAX_FEATURE_LENGTH, MAX_FEATURES } from "./features";
export type { Prior, PriorFile } from "./prior";
export { PRIOR_FEATURES, pruneToPrior, readPrior, shippedPrior } from "./prior";
export type { ModerationMode, Reason, SiteLists, SpamSettings, Verdict } from "./verdict";
export { classifierEvidence, decideVerdict, defaultSpamSettings } from "./verdict";

/** What duplicate detection found: `repeat` is the same author again, `copy` someone else's text. */
export interface DuplicateSignal {
  kind: string;
  duplicateOf: number | string;
  similarity: number;
  scope: "repeat" | "copy";
}

/** A new comment and what the Worker already knows about it. */
export interface SpamInput extends CommentContent, RuleInput {
  duplicate?: DuplicateSignal;
  akismet?: AkismetVerdict;
}

/** The outcome for one comment: the verdict, the combined score (0-1) and every finding behind it. */
export interface Assessment {
  verdict: Verdict;
  score: number;
  reasons: Reason[];
}

/** A moderator's label for a comment. */
export type Label = "ham" | "spam";

/** What the classifiers know when a comment arrives: the site's own model and, if it uses one, a prior. */
export interface Models {
  /** The site's model, read for the comment's keys (`modelKeysFor`). */
  site: ModelSnapshot;
  /** The cold-start prior, or null when the site does not use one. */
  prior: Prior | null;
}

/**
 * Labelled comments of a site after which the prior counts half as much as at the start: the
 * site's own model takes over as its moderators teach it.
 */
const PRIOR_HALF_LIFE_DOCS = 50;

/**
 * Judges a new comment. Pure: the caller has read the site's model for this comment's keys
 * (`modelKeysFor`); nothing is written. Only moderators' decisions, passed to `learn`, teach the
 * site's classifier.
 */
export function assessComment(input: SpamInput, models: Models, settings: SpamSettings): Assessment {
  const analysis = analyzeComment(input);
  const features = extractFeatures(analysis);
  const reasons = [
    ...moderationReasons(input, settings),
    ...checkRules(analysis, input, settings),
    classifierReason("classifier", classify(features, models.site), models.site, 1),
    ...priorReasons(features, models),
    ...outsideReasons(input),
  ];
  return { ...decideVerdict(reasons, settings), reasons };
}

function priorReasons(features: readonly string[], models: Models): Reason[] {
  if (models.prior === null) return [];
  const snapshot = priorSnapshot(models.prior, modelKeys(features));
  const learned = models.site.hamDocs + models.site.spamDocs;
  const share = 1 / (1 + learned / PRIOR_HALF_LIFE_DOCS);
  return [classifierReason("classifier.prior", classify(features, snapshot), snapshot, share)];
}

/**
 * Teaches the site's classifier a moderator's decision: approving (ham), marking spam, or
 * restoring. `previous` is the label this comment was last taught, if any: the site's counts move
 * from it to the new label and the model takes a step towards the new label, which undoes the
 * first decision's effect on similar comments. Teaching the same label again changes no counts and
 * takes one more step; the evaluation uses that to fit a fixed training set in several passes. The
 * comment's text, name, e-mail and website must be the ones the moderator saw. Two round trips:
 * one read, one write of additions.
 */
export async function learn(state: ClassifierState, comment: CommentContent, label: Label, previous?: Label) {
  const features = extractFeatures(analyzeComment(comment));
  const snapshot = await state.read(modelKeys(features));
  const step = learningStep(features, snapshot, label === "spam");
  const documents = { ham: 0, spam: 0 };
  if (previous !== label) {
    documents[label] += 1;
    if (previous !== undefined) documents[previous] -= 1;
  }
  await state.add({ hamDocs: documents.ham, spamDocs: documents.spam, weights: step.weights });
}

function moderationReasons(input: SpamInput, settings: SpamSettings): Reason[] {
  if (settings.moderationMode === "hold_all") return [{ check: "mode.hold_all", score: 0, holds: true }];
  if (settings.moderationMode === "hold_first" && (input.approvedCommentsByEmail ?? 0) === 0) {
    return [{ check: "mode.hold_first", score: 0, holds: true, detail: "no approved comments by this author" }];
  }
  return [];
}

function classifierReason(
  check: string,
  classification: Classification,
  snapshot: ModelSnapshot,
  share: number,
): Reason {
  const strongest = classification.contributions
    .slice(0, 3)
    .map((contribution) => `${contribution.feature} ${contribution.weight.toFixed(2)}`)
    .join(", ");
  return {
    check,
    score: share * classifierEvidence(classification.probability, snapshot),
    detail: `p=${classification.probability.toFixed(3)} after ${snapshot.hamDocs} ham, ${snapshot.spamDocs} spam${share < 1 ? `, counted ${share.toFixed(2)}` : ""}; ${strongest}`,
  };
}

function outsideReasons(input: SpamInput): Reason[] {
  const reasons: Reason[] = [];
  const { duplicate, akismet } = input;
  if (duplicate !== undefined) {
    const detail = `${duplicate.kind} of ${duplicate.duplicateOf}, similarity ${duplicate.similarity.toFixed(2)}`;
    if (duplicate.scope === "copy") reasons.push({ check: "duplicate.copy", score: 2.5, holds: true, detail });
    else reasons.push({ check: "duplicate.repeat", score: 0.5, detail });
  }
  if (akismet === "discard") reasons.push({ check: "akismet.discard", score: 6, detail: "blatant spam" });
  else if (akismet === "spam") reasons.push({ check: "akismet", score: 3, detail: "spam" });
  else if (akismet === "ham") reasons.push({ check: "akismet", score: -0.5, detail: "ham" });
  return reasons;
}

/** The model keys `assessComment` reads for this comment, so a caller can fetch them ahead, in its own batch. */
export function modelKeysFor(comment: CommentContent): string[] {
  return modelKeys(extractFeatures(analyzeComment(comment)));
}

/** One moderator decision to teach: the comment as the moderator saw it, the label, and the label it last taught. */
export interface Decision {
  comment: CommentContent;
  label: Label;
  previous?: Label;
}

/**
 * Teaches many decisions at once, as a bulk moderator action does: starting from `snapshot` (which
 * must hold every key of these comments, see `modelKeysFor`), each decision is learned in turn, and
 * the sum of their effects is returned as one additive change, to be written in the same
 * transaction as the action itself.
 */
export async function learnInBulk(snapshot: ModelSnapshot, decisions: readonly Decision[]): Promise<ModelChange> {
  const model = new MemoryClassifierState();
  model.hamDocs = snapshot.hamDocs;
  model.spamDocs = snapshot.spamDocs;
  for (const [key, weight] of snapshot.weights) model.weights.set(key, { ...weight });
  for (const decision of decisions) await learn(model, decision.comment, decision.label, decision.previous);
  const weights = new Map<string, FeatureWeight>();
  for (const [key, learned] of model.weights) {
    const before = snapshot.weights.get(key) ?? { weight: 0, squaredGradients: 0 };
    weights.set(key, {
      weight: learned.weight - before.weight,
      squaredGradients: learned.squaredGradients - before.squaredGradients,
    });
  }
  return { hamDocs: model.hamDocs - snapshot.hamDocs, spamDocs: model.spamDocs - snapshot.spamDocs, weights };
}
