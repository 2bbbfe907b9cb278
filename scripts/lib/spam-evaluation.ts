/**
 * Runs the Worker's decision over labelled corpora the way a site would meet them, and scores it.
 * Each comment goes through the same `prepareComment` and `decideIntake` as a posted comment, with
 * the site's classifier and duplicate index in memory instead of D1, and each label is taught with
 * the same `learn` step as a moderator's decision.
 *
 * - `replay`: one new site per corpus with the default settings (prior off), learning from nothing;
 *   comments arrive in file order, each is judged, then its true label is taught (moderators see
 *   every verdict).
 * - `cross`: as replay, but the site turns the cold-start prior on: the shipped one, or for a
 *   corpus the shipped prior learned from, one trained the same way (`trainPrior`) on the other
 *   public corpora (`PRIOR_SOURCES`) only. Nothing learned from the judged file is used before its
 *   own labels are taught.
 * - `cv10`: stratified 10-fold cross-validation per corpus with a fixed seed: the site's classifier is
 *   fitted to nine folds (`TRAINING_PASSES` passes of the same `learn` step) and judges the tenth,
 *   with no prior; the nine folds are the site's earlier comments for duplicate detection.
 */
import { basename } from "node:path";
import type { IntakePolicy } from "../../worker/intake/decide.ts";
import {
  type Assessment,
  decideVerdict,
  defaultSpamSettings,
  learn,
  MemoryClassifierState,
  type Prior,
  type PriorFile,
  pruneToPrior,
  type Reason,
  readPrior,
  type SpamSettings,
  shippedPrior,
  type Verdict,
} from "../../worker/spam/index.ts";
import { MemorySite } from "./memory-site.ts";
import { type Corpus, type LabelledComment, readCorpus } from "./spam-corpus.ts";

/** How a corpus is run. */
export type Protocol = "replay" | "cross" | "cv10";

/** One judged comment. */
export interface Outcome {
  comment: LabelledComment;
  assessment: Assessment;
}

/** Confusion counts and the figures derived from them. "Caught" means held or spam. */
export interface Metrics {
  comments: number;
  spam: number;
  ham: number;
  published: number;
  held: number;
  spammed: number;
  hamToSpamRate: number;
  spamPublishedRate: number;
  heldRate: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  mcc: number;
}

/** Folds of the cross-validation. */
export const FOLDS = 10;
/** Passes over the training folds in cv10; the Worker and replay take exactly one step per decision. */
const TRAINING_PASSES = 10;
/** Passes over the public corpora when a prior is trained. */
const PRIOR_PASSES = 3;
const SEED = 20151209;
/** Time between two comments of a corpus: longer than the repeat window, so every comment is judged. */
const COMMENT_INTERVAL_MS = 60 * 60 * 1000;

const verdictOfStatus = { published: "publish", pending: "hold", spam: "spam", deleted: "spam" } as const;

/** A site in memory (`MemorySite`) whose comments arrive one an interval apart on one page. */
export class SimulatedSite extends MemorySite {
  #comments = 0;

  /** Judges a comment as `POST …/comments` would. */
  async judge({ comment, id }: LabelledComment): Promise<Assessment> {
    const decision = await this.decide(comment, { id, thread: 1, createdAt: ++this.#comments * COMMENT_INTERVAL_MS });
    if (decision.kind !== "store") throw new Error(`comment ${id} was not stored: ${decision.kind}`);
    return { verdict: verdictOfStatus[decision.status], score: decision.score, reasons: decision.reasons };
  }
}

/** A policy for the evaluation: default settings, with a prior or none. */
function policyWith(prior: Prior | null, settings: SpamSettings): IntakePolicy {
  return { spam: settings, banAction: "spam", prior };
}

/** The public corpora the shipped prior learns from (`npm run spam:prior`), relative to the project. */
export const PRIOR_SOURCES = [
  "../shared/data/youtube-spam/Youtube01-Psy.csv",
  "../shared/data/youtube-spam/Youtube02-KatyPerry.csv",
  "../shared/data/youtube-spam/Youtube03-LMFAO.csv",
  "../shared/data/youtube-spam/Youtube04-Eminem.csv",
  "../shared/data/blog-spam/instagram-scamspot.csv",
  "../shared/data/blog-spam/wordpress-spam-queue.csv",
] as const;

/** The prior a new site would have for judging this corpus without having learned from it. */
async function priorWithout(corpus: Corpus): Promise<Prior> {
  if (!PRIOR_SOURCES.some((path) => basename(path) === corpus.name)) return shippedPrior;
  const others = PRIOR_SOURCES.filter((path) => basename(path) !== corpus.name).map((path) => readCorpus(path));
  return readPrior(await trainPrior(others));
}

/** Judges every comment of a corpus under a protocol. */
export async function runProtocol(
  protocol: Protocol,
  corpus: Corpus,
  settings: SpamSettings = defaultSpamSettings,
): Promise<Outcome[]> {
  if (protocol === "cv10") return crossValidate(corpus.comments, policyWith(null, settings));
  const prior = protocol === "cross" ? await priorWithout(corpus) : null;
  return replay(corpus.comments, policyWith(prior, settings));
}

async function replay(comments: readonly LabelledComment[], policy: IntakePolicy): Promise<Outcome[]> {
  const site = new SimulatedSite(policy);
  const outcomes: Outcome[] = [];
  for (const labelled of comments) {
    outcomes.push({ comment: labelled, assessment: await site.judge(labelled) });
    await learn(site.model, labelled.comment, labelled.label);
  }
  return outcomes;
}

async function crossValidate(comments: readonly LabelledComment[], policy: IntakePolicy): Promise<Outcome[]> {
  const folds = stratifiedFolds(comments);
  const outcomes: Outcome[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const site = new SimulatedSite(policy);
    for (const index of comments.keys()) {
      const { comment, id } = comments[index] as LabelledComment;
      if (folds[index] !== fold) await site.remember(comment, { id, thread: 1, createdAt: 0 });
    }
    for (let pass = 0; pass < TRAINING_PASSES; pass++) {
      for (const [index, { comment, label }] of comments.entries()) {
        if (folds[index] !== fold) await learn(site.model, comment, label, pass === 0 ? undefined : label);
      }
    }
    for (const [index, labelled] of comments.entries()) {
      if (folds[index] !== fold) continue;
      outcomes.push({ comment: labelled, assessment: await site.judge(labelled) });
    }
  }
  return outcomes;
}

/**
 * Trains a prior on corpora: their comments in a seeded shuffle, `PRIOR_PASSES` passes of the
 * Worker's `learn` step, then the strongest weights kept (`pruneToPrior`).
 */
export async function trainPrior(corpora: readonly Corpus[]): Promise<PriorFile> {
  const model = new MemoryClassifierState();
  const comments = corpora.flatMap((corpus) => corpus.comments);
  const order = shuffleInPlace(
    comments.map((_, index) => index),
    mulberry32(SEED),
  );
  for (let pass = 0; pass < PRIOR_PASSES; pass++) {
    for (const index of order) {
      const { comment, label } = comments[index] as LabelledComment;
      await learn(model, comment, label, pass === 0 ? undefined : label);
    }
  }
  return pruneToPrior(
    model,
    corpora.map((corpus) => corpus.name),
  );
}

/** Fold (0-9) of each comment: each label's comments shuffled with a fixed seed, then dealt out in turn. */
export function stratifiedFolds(comments: readonly LabelledComment[]): number[] {
  const random = mulberry32(SEED);
  const folds = new Array<number>(comments.length).fill(0);
  for (const label of ["ham", "spam"] as const) {
    const indices = comments.flatMap((comment, index) => (comment.label === label ? [index] : []));
    shuffleInPlace(indices, random).forEach((commentIndex, position) => {
      folds[commentIndex] = position % FOLDS;
    });
  }
  return folds;
}

/** Fisher-Yates: shuffles `items` in place with `random`, and returns them. */
function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Scores outcomes. `verdictOf` lets an ablation score a counterfactual verdict. */
export function measure(
  outcomes: readonly Outcome[],
  verdictOf: (outcome: Outcome) => Verdict = (outcome) => outcome.assessment.verdict,
): Metrics {
  let truePositives = 0;
  let falsePositives = 0;
  let hamToSpam = 0;
  let held = 0;
  let spammed = 0;
  for (const outcome of outcomes) {
    const verdict = verdictOf(outcome);
    if (verdict === "hold") held++;
    if (verdict === "spam") spammed++;
    if (verdict === "publish") continue;
    if (outcome.comment.label === "spam") truePositives++;
    else falsePositives++;
    if (outcome.comment.label === "ham" && verdict === "spam") hamToSpam++;
  }
  const spam = outcomes.filter((outcome) => outcome.comment.label === "spam").length;
  const ham = outcomes.length - spam;
  const falseNegatives = spam - truePositives;
  const trueNegatives = ham - falsePositives;
  const precision = ratio(truePositives, truePositives + falsePositives);
  const recall = ratio(truePositives, spam);
  const mccDenominator = Math.sqrt(
    (truePositives + falsePositives) *
      (truePositives + falseNegatives) *
      (trueNegatives + falsePositives) *
      (trueNegatives + falseNegatives),
  );
  return {
    comments: outcomes.length,
    spam,
    ham,
    published: outcomes.length - held - spammed,
    held,
    spammed,
    hamToSpamRate: ratio(hamToSpam, ham),
    spamPublishedRate: ratio(falseNegatives, spam),
    heldRate: ratio(held, outcomes.length),
    accuracy: ratio(truePositives + trueNegatives, outcomes.length),
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    mcc: ratio(truePositives * trueNegatives - falsePositives * falseNegatives, mccDenominator),
  };
}

/** Pooled figures of a run, as the last line of `spam:eval` prints them. */
export interface Summary {
  protocol: Protocol;
  files: string[];
  comments: number;
  hamToSpamRate: number;
  spamPublishedRate: number;
  heldRate: number;
  precision: number;
  recall: number;
  f1: number;
  mcc: number;
}

/** The summary of a run over some corpora, figures rounded to four places. */
export function summarize(protocol: Protocol, corpora: readonly Corpus[], metrics: Metrics): Summary {
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return {
    protocol,
    files: corpora.map((corpus) => corpus.name),
    comments: metrics.comments,
    hamToSpamRate: round(metrics.hamToSpamRate),
    spamPublishedRate: round(metrics.spamPublishedRate),
    heldRate: round(metrics.heldRate),
    precision: round(metrics.precision),
    recall: round(metrics.recall),
    f1: round(metrics.f1),
    mcc: round(metrics.mcc),
  };
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/** The layers of the pipeline, by the prefix of their checks' names. */
const LAYERS = ["rules", "lists", "classifier", "mode", "duplicate", "akismet"] as const;

/**
 * What each layer achieves on its own: the verdict from its reasons alone (with the same prior and
 * thresholds). Exact for these protocols, because verdicts never feed back into learning.
 */
export function layerVerdicts(
  settings: SpamSettings = defaultSpamSettings,
): Array<[string, (outcome: Outcome) => Verdict]> {
  const only = (prefixes: readonly string[]) => (outcome: Outcome) =>
    decideVerdict(
      outcome.assessment.reasons.filter((reason) => prefixes.some((prefix) => reason.check.startsWith(prefix))),
      settings,
    ).verdict;
  return [
    ["rules only", only(["rules"])],
    ["classifier only", only(["classifier"])],
    ["rules + classifier", only(["rules", "classifier"])],
    ["all layers", only(LAYERS)],
  ];
}

/** For each check: on how many spam and ham comments it gave evidence, and its mean score there. */
export function checkFirings(outcomes: readonly Outcome[]): Map<string, { spam: number; ham: number; score: number }> {
  const firings = new Map<string, { spam: number; ham: number; score: number }>();
  for (const { comment, assessment } of outcomes) {
    for (const reason of assessment.reasons) {
      if (!firesTowardsSpam(reason)) continue;
      const entry = firings.get(reason.check) ?? { spam: 0, ham: 0, score: 0 };
      entry[comment.label]++;
      entry.score += reason.score;
      firings.set(reason.check, entry);
    }
  }
  for (const entry of firings.values()) entry.score /= entry.spam + entry.ham;
  return firings;
}

function firesTowardsSpam(reason: Reason): boolean {
  return reason.score > 0.5 || reason.holds === true;
}
