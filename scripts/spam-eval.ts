/**
 * Evaluates the spam pipeline on labelled comments in the YouTube Spam Collection's CSV format.
 *
 *   npm run spam:eval -- [--protocol replay|cross|cv10] [--ablation] [--errors] [--without name,website] FILE.csv [FILE.csv ...]
 *
 * Each file is one site that starts knowing nothing. Prints a table per protocol (one row per
 * file, then the total); `--ablation` adds what each layer and check achieves on its own, `--errors`
 * lists the misjudged comments, `--without` judges every comment as if its author had given no
 * website and/or an ordinary name (`withoutAuthorFields`). The last line is one JSON object with
 * the pooled figures. A malformed file or argument exits with status 2 and a message on stderr.
 */
import { existsSync } from "node:fs";
import { z } from "zod";
import { readArguments } from "./lib/cli.ts";
import { CsvError } from "./lib/csv.ts";
import { type AuthorField, type Corpus, readCorpus, withoutAuthorFields } from "./lib/spam-corpus.ts";
import {
  checkFirings,
  layerVerdicts,
  type Metrics,
  measure,
  type Outcome,
  runProtocol,
  summarize,
} from "./lib/spam-evaluation.ts";

const argumentsSchema = z.object({
  protocol: z
    .enum(["replay", "cross", "cv10"], { error: "--protocol must be replay, cross or cv10" })
    .default("replay"),
  ablation: z.boolean().default(false),
  errors: z.boolean().default(false),
  without: z
    .string()
    .default("")
    .transform((list) => (list === "" ? [] : list.split(",")))
    .pipe(z.array(z.enum(["name", "website"], { error: "--without takes name, website or name,website" }))),
  positionals: z
    .array(z.string().refine(existsSync, { error: (issue) => `no such file: ${String(issue.input)}` }))
    .min(1, { error: "give at least one CSV file" }),
});

async function main(): Promise<void> {
  const options = readArguments(
    "spam:eval",
    "npm run spam:eval -- [--protocol replay|cross|cv10] [--ablation] [--errors] [--without name,website] FILE.csv [FILE.csv ...]",
    {
      protocol: { type: "string" },
      ablation: { type: "boolean" },
      errors: { type: "boolean" },
      without: { type: "string" },
    },
    argumentsSchema,
    true,
  );
  const without = new Set<AuthorField>(options.without);
  const corpora = options.positionals.map((path) => withoutAuthorFields(readCorpusOrFail(path), without));
  const results: Array<{ corpus: Corpus; outcomes: Outcome[] }> = [];
  for (const corpus of corpora) results.push({ corpus, outcomes: await runProtocol(options.protocol, corpus) });
  const pooled = results.flatMap((result) => result.outcomes);

  console.log(
    `protocol: ${options.protocol}${without.size > 0 ? `, without the author's ${[...without].join(" and ")}` : ""}`,
  );
  printTable(
    results.map((result) => [result.corpus.name, measure(result.outcomes)] as const),
    measure(pooled),
  );
  if (options.ablation) printAblation(pooled);
  if (options.errors) printErrors(results);
  console.log(JSON.stringify(summarize(options.protocol, corpora, measure(pooled))));
}

const COLUMNS = [
  "comments spam  ham",
  "publish hold spam",
  "accuracy precision recall  f1     mcc",
  "ham→spam spam→publish held",
].join(" | ");

function printTable(rows: ReadonlyArray<readonly [string, Metrics]>, total: Metrics): void {
  const nameWidth = Math.max(5, ...rows.map(([name]) => name.length));
  console.log(`${"file".padEnd(nameWidth)} | ${COLUMNS}`);
  for (const [name, metrics] of [...rows, ["total", total] as const]) {
    console.log(`${name.padEnd(nameWidth)} | ${formatMetrics(metrics)}`);
  }
}

function formatMetrics(metrics: Metrics): string {
  const count = (value: number, width: number) => String(value).padStart(width);
  const figure = (value: number, width = 6) => value.toFixed(4).padStart(width);
  return [
    `${count(metrics.comments, 8)} ${count(metrics.spam, 4)} ${count(metrics.ham, 4)}`,
    `${count(metrics.published, 7)} ${count(metrics.held, 4)} ${count(metrics.spammed, 4)}`,
    `${figure(metrics.accuracy, 8)} ${figure(metrics.precision, 9)} ${figure(metrics.recall)} ${figure(metrics.f1)} ${figure(metrics.mcc)}`,
    `${figure(metrics.hamToSpamRate, 8)} ${figure(metrics.spamPublishedRate, 12)} ${figure(metrics.heldRate, 4)}`,
  ].join(" | ");
}

function printAblation(outcomes: readonly Outcome[]): void {
  console.log("\nablation: each layer's verdicts from its own reasons (same prior and thresholds)");
  const rows = layerVerdicts().map(([name, verdictOf]) => [name, measure(outcomes, verdictOf)] as const);
  printTable(rows.slice(0, -1), rows.at(-1)?.[1] ?? measure(outcomes));
  console.log("\nchecks: comments on which each check gave spam evidence (score > 0.5, or holds)");
  console.log(`${"check".padEnd(24)} | spam fired | ham fired | mean score`);
  const spam = outcomes.filter((outcome) => outcome.comment.label === "spam").length;
  const ham = outcomes.length - spam;
  for (const [check, firing] of [...checkFirings(outcomes)].sort((a, b) => b[1].spam - a[1].spam)) {
    const share = (fired: number, total: number) => `${String(fired).padStart(4)} ${percent(fired, total)}`;
    console.log(
      `${check.padEnd(24)} | ${share(firing.spam, spam)} | ${share(firing.ham, ham)} | ${firing.score.toFixed(2).padStart(10)}`,
    );
  }
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / Math.max(whole, 1)).toFixed(1).padStart(5)}%`;
}

function printErrors(results: ReadonlyArray<{ corpus: Corpus; outcomes: Outcome[] }>): void {
  console.log("\nmisjudged: ham not published, spam published");
  for (const { corpus, outcomes } of results) {
    for (const { comment, assessment } of outcomes) {
      const wrong = comment.label === "ham" ? assessment.verdict !== "publish" : assessment.verdict === "publish";
      if (!wrong) continue;
      const reasons = assessment.reasons
        .filter((reason) => reason.score !== 0 || reason.holds)
        .map((reason) => `${reason.check} ${reason.score.toFixed(2)}`)
        .join(", ");
      const where = `${corpus.name}:${comment.line} ${comment.label}→${assessment.verdict} ${assessment.score.toFixed(3)}`;
      console.log(`${where} ${JSON.stringify(comment.comment.body.slice(0, 100))} [${reasons}]`);
    }
  }
}

function readCorpusOrFail(path: string): Corpus {
  try {
    return readCorpus(path);
  } catch (error) {
    if (error instanceof CsvError) fail(`${path}: ${error.message}`);
    throw error;
  }
}

function fail(message: string): never {
  console.error(`spam:eval: ${message}`);
  process.exit(2);
}

await main();
