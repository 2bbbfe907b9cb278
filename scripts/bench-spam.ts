/**
 * Benchmarks the spam pipeline and prints its evaluation figures.
 *
 *   npm run bench:spam -- [FILE.csv ...]     (default: the four files of ../shared/data/youtube-spam)
 *
 * 1. Cost: CPU time of the Worker's decision (`prepareComment` + `decideIntake`) and of `learn` per
 *    comment over a replay of every file, with the model and duplicate index in memory (so only our
 *    code is timed), plus a hostile 10,000-character body; and the D1 round trips of a post in a
 *    local Worker.
 * 2. What each layer catches on its own, under both protocols.
 * 3. The classifier choice: the shipped logistic regression against a SpamBayes-style chi-squared
 *    filter on the same features and with the same evidence mapping, alone and with the rules.
 * 4. The evaluation of every protocol; the last four lines are JSON: the cost, then the replay,
 *    cross and cv10 summaries exactly as `spam:eval` prints them.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import {
  type ClassifierState,
  decideVerdict,
  defaultSpamSettings,
  learn,
  type ModelChange,
  type SpamInput,
  shippedPrior,
} from "../worker/spam/index.ts";
import { bayesReasons } from "./lib/bayes-baseline.ts";
import { readArguments } from "./lib/cli.ts";
import { startLocalWorker } from "./lib/local-worker.ts";
import { type Corpus, readCorpus } from "./lib/spam-corpus.ts";
import {
  layerVerdicts,
  type Metrics,
  measure,
  type Outcome,
  type Protocol,
  runProtocol,
  SimulatedSite,
  summarize,
} from "./lib/spam-evaluation.ts";
import { median } from "./lib/stats.ts";

const DEFAULT_DIRECTORY = "../shared/data/youtube-spam";
const HOSTILE_RUNS = 50;

/** A state that counts its round trips. */
class CountingState implements ClassifierState {
  reads = 0;
  writes = 0;
  constructor(private readonly inner: ClassifierState) {}
  read(keys: readonly string[]) {
    this.reads++;
    return this.inner.read(keys);
  }
  add(change: ModelChange) {
    this.writes++;
    return this.inner.add(change);
  }
}

/**
 * The same pipeline inside the Worker: posts comments of the first file through a local `wrangler
 * dev` with local D1, and reads the Worker's own Server-Timing for each post (D1 round trips, time).
 */
async function measureInWorker(corpus: Corpus, posts = 60) {
  const worker = await startLocalWorker();
  try {
    worker.site("create", "bench-spam", "--name", "Spam bench", "--origin", worker.blogOrigin);
    const api = `${worker.apiOrigin}/api/sites/bench-spam`;
    const comments = corpus.comments.slice(0, posts);
    const tokens = await worker.formTokens(
      "bench-spam",
      comments.map(() => "/bench"),
    );
    const roundTrips: number[] = [];
    const workerMs: number[] = [];
    for (const [index, { comment }] of comments.entries()) {
      const response = await fetch(`${api}/comments`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Origin: worker.blogOrigin,
          "CF-Connecting-IP": `198.51.100.${index}`,
        },
        body: JSON.stringify({
          page: "/bench",
          authorName: comment.authorName.slice(0, 80) || "reader",
          body: comment.body.slice(0, 10_000),
          idempotencyKey: `bench-spam-${index.toString().padStart(8, "0")}`,
          formToken: tokens[index],
        }),
      });
      if (response.status >= 500) throw new Error(`the Worker answered ${response.status}: ${await response.text()}`);
      const timing = response.headers.get("Server-Timing") ?? "";
      roundTrips.push(Number(/desc="(\d+) round trips"/.exec(timing)?.[1] ?? Number.NaN));
      workerMs.push(Number(/total;dur=([\d.]+)/.exec(timing)?.[1] ?? Number.NaN));
    }
    return { posts: comments.length, d1RoundTripsPerPost: Math.max(...roundTrips), workerMedianMs: median(workerMs) };
  } finally {
    await worker.stop();
  }
}

async function main(): Promise<void> {
  const { positionals: files } = readArguments(
    "bench:spam",
    "npm run bench:spam -- [FILE.csv ...]",
    {},
    z.object({
      positionals: z.array(
        z.string().regex(/\.csv$/i, { error: "give CSV files of the YouTube Spam Collection format" }),
      ),
    }),
    true,
  );
  const paths = files.length > 0 ? files : defaultFiles();
  const corpora = paths.map(readCorpus);

  const cost = await measureCost(corpora);
  console.log("cost per comment (CPU ms; the site's model and duplicate index in memory, with the shipped prior)");
  console.log(
    `  prepareComment + decideIntake median ${cost.decideMedianMs} p95 ${cost.decideP95Ms} max ${cost.decideMaxMs}`,
  );
  console.log(`  learn                         median ${cost.learnMedianMs} p95 ${cost.learnP95Ms}`);
  console.log(`  hostile 10,000-character body: median ${cost.hostileMedianMs}`);
  console.log(`  state round trips per learn: ${cost.roundTripsPerLearn}`);
  const [firstCorpus] = corpora;
  const inWorker = firstCorpus ? await measureInWorker(firstCorpus) : null;
  if (inWorker) {
    console.log(
      `in the Worker (local wrangler dev + D1, ${inWorker.posts} posts): ${inWorker.d1RoundTripsPerPost} D1 round trips per post ` +
        `(reads, rate limits, model and duplicate candidates in one batch; the comment in another), ` +
        `median ${inWorker.workerMedianMs.toFixed(1)} ms as the Worker reports it`,
    );
  }

  const outcomes = new Map<Protocol, Array<{ corpus: Corpus; outcomes: Outcome[] }>>();
  for (const protocol of ["replay", "cross", "cv10"] as const) {
    const runs: Array<{ corpus: Corpus; outcomes: Outcome[] }> = [];
    for (const corpus of corpora) runs.push({ corpus, outcomes: await runProtocol(protocol, corpus) });
    outcomes.set(protocol, runs);
  }

  for (const [protocol, runs] of outcomes) {
    const pooled = runs.flatMap((run) => run.outcomes);
    console.log(`\n${protocol}: each layer on its own (verdict from its own reasons, same prior and thresholds)`);
    for (const [name, verdictOf] of layerVerdicts()) printRow(name, measure(pooled, verdictOf));
  }

  console.log("\nclassifier choice: logistic regression (shipped) vs SpamBayes chi-squared, same features");
  for (const [protocol, runs] of outcomes) {
    for (const [name, reasonsOf] of classifierVariants(protocol, runs)) {
      const withRules = runs.flatMap((run) =>
        run.outcomes.map((outcome) => verdictWith(outcome, reasonsOf(run.corpus, outcome), true)),
      );
      const alone = runs.flatMap((run) =>
        run.outcomes.map((outcome) => verdictWith(outcome, reasonsOf(run.corpus, outcome), false)),
      );
      printRow(`${protocol} ${name} alone`, measure(alone));
      printRow(`${protocol} ${name} + rules`, measure(withRules));
    }
  }

  console.log("\nevaluation per file");
  for (const [protocol, runs] of outcomes) {
    for (const run of runs) printRow(`${protocol} ${run.corpus.name}`, measure(run.outcomes));
  }

  console.log(JSON.stringify({ bench: "spam", ...cost, ...(inWorker ? { inWorker } : {}) }));
  for (const [protocol, runs] of outcomes) {
    console.log(JSON.stringify(summarize(protocol, corpora, measure(runs.flatMap((run) => run.outcomes)))));
  }
}

function defaultFiles(): string[] {
  return readdirSync(DEFAULT_DIRECTORY)
    .filter((name) => name.endsWith(".csv"))
    .sort()
    .map((name) => join(DEFAULT_DIRECTORY, name));
}

async function measureCost(corpora: readonly Corpus[]) {
  const decideTimes: number[] = [];
  const learnTimes: number[] = [];
  let learnings = 0;
  let roundTripsDuringLearning = 0;
  for (const corpus of corpora) {
    const site = new SimulatedSite({ spam: defaultSpamSettings, banAction: "spam", prior: shippedPrior });
    const state = new CountingState(site.model);
    for (const labelled of corpus.comments) {
      decideTimes.push(await cpuMilliseconds(() => site.judge(labelled)));
      const tripsBefore = state.reads + state.writes;
      learnTimes.push(await cpuMilliseconds(() => learn(state, labelled.comment, labelled.label)));
      roundTripsDuringLearning += state.reads + state.writes - tripsBefore;
      learnings++;
    }
  }
  const hostileTimes: number[] = [];
  const warm = new SimulatedSite({ spam: defaultSpamSettings, banAction: "spam", prior: shippedPrior });
  for (const { comment, label } of corpora[0]?.comments ?? []) await learn(warm.model, comment, label);
  for (let run = 0; run < HOSTILE_RUNS; run++) {
    const hostile = { id: `hostile-${run}`, line: 0, label: "spam" as const, comment: hostileComment(run) };
    hostileTimes.push(await cpuMilliseconds(() => warm.judge(hostile)));
  }
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    decideMedianMs: round(quantile(decideTimes, 0.5)),
    decideP95Ms: round(quantile(decideTimes, 0.95)),
    decideMaxMs: round(quantile(decideTimes, 1)),
    learnMedianMs: round(quantile(learnTimes, 0.5)),
    learnP95Ms: round(quantile(learnTimes, 0.95)),
    hostileMedianMs: round(quantile(hostileTimes, 0.5)),
    roundTripsPerLearn: roundTripsDuringLearning / learnings,
  };
}

/** A 10,000-character body built to be slow: many links, mixed scripts, zero-width characters, long runs. */
function hostileComment(seed: number): SpamInput {
  const pieces = [
    `visit http://spam${seed}.example/x?y=z`,
    "ch\u200Beap v\u0456agra",
    "a".repeat(300),
    "www.example.com/path",
    "example . com",
    "[url=http://x.ru]y[/url]",
    "日本語のテキスト",
    "1-2-3-4-5-6-7-8-9-0",
    "a.b.c.d.e.f.g.h",
  ];
  let body = "";
  for (let index = 0; body.length < 10_000; index++) body += `${pieces[index % pieces.length]} `;
  return { body: body.slice(0, 10_000), authorName: "Cheap Viagra www.example.com" };
}

async function cpuMilliseconds(run: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function quantile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}

type ReasonsOf = (corpus: Corpus, outcome: Outcome) => Outcome["assessment"]["reasons"];

function classifierVariants(
  protocol: Protocol,
  runs: ReadonlyArray<{ corpus: Corpus; outcomes: Outcome[] }>,
): Array<[string, ReasonsOf]> {
  const bayes = new Map(runs.map((run) => [run.corpus, bayesReasons(protocol, run.corpus)] as const));
  return [
    ["logistic", (_corpus, outcome) => outcome.assessment.reasons],
    [
      "chi-squared",
      (corpus, outcome) => {
        const reason = bayes.get(corpus)?.get(outcome.comment);
        const others = outcome.assessment.reasons.filter((existing) => existing.check !== "classifier");
        return reason === undefined ? others : [...others, reason];
      },
    ],
  ];
}

function verdictWith(outcome: Outcome, reasons: Outcome["assessment"]["reasons"], withRules: boolean): Outcome {
  const used = reasons.filter(
    (reason) => reason.check === "classifier" || (withRules && reason.check.startsWith("rules")),
  );
  return { comment: outcome.comment, assessment: { ...decideVerdict(used, defaultSpamSettings), reasons: used } };
}

function printRow(name: string, metrics: Metrics): void {
  const figure = (value: number) => value.toFixed(4);
  console.log(
    `  ${name.padEnd(34)} acc ${figure(metrics.accuracy)} f1 ${figure(metrics.f1)} mcc ${figure(metrics.mcc)} ` +
      `| ham→spam ${figure(metrics.hamToSpamRate)} spam→publish ${figure(metrics.spamPublishedRate)} held ${figure(metrics.heldRate)}`,
  );
}

await main();
