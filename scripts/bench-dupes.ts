/**
 * How the cost of a duplicate check grows with the site: the median time of `checkDuplicate`
 * against an index of 1,000 and of 100,000 earlier comments, and their ratio (the target is at most
 * 1.3). The index is the in-memory one, which reads posting lists the way the D1 table is read.
 * Usage: npm run bench:dupes [-- --data ../shared/data/youtube-spam --seed 1]
 *
 * Comments are synthetic but varied: word sequences from a bigram model of the YouTube Spam
 * Collection, with the lengths of its real comments, so common phrases recur as they do on a real
 * site (at equal size they share index keys slightly more often than the real comments do). Every
 * probe is long enough to count, so every timed check reaches the index and verifies candidates;
 * one probe in ten copies an indexed comment with a word changed. Also prints the time to
 * fingerprint a 10,000-character comment.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { fingerprint } from "../worker/duplicates/fingerprint";
import { checkDuplicate, MAX_CANDIDATES } from "../worker/duplicates/index";
import { MemoryDuplicateIndex } from "../worker/duplicates/memory-index";
import { normalizeForComparison } from "../worker/duplicates/normalize";
import { seededRandom } from "./lib/random";
import { readCorpus } from "./lib/spam-corpus";
import { median } from "./lib/stats";

const siteId = "bench";
const siteSizes = [1_000, 100_000] as const;
const probeCount = 2_000;
const warmUpRounds = 2;

const optionsSchema = z.object({
  data: z.string().min(1).default("../shared/data/youtube-spam"),
  seed: z.coerce.number({ error: "--seed must be a number" }).int("--seed must be an integer").min(0).default(1),
});
const options = readOptions();
const { random, pick } = seededRandom(options.seed);

const realComments = await readComments(options.data);
const model = bigramModel(realComments);
const wordCounts = realComments.map((words) => words.length).filter((count) => count > 0);

const results = [];
for (const size of siteSizes) {
  const index = new MemoryDuplicateIndex();
  const indexed: string[] = [];
  for (let id = 0; id < size; id++) {
    const body = syntheticComment();
    const normalized = normalizeForComparison(body);
    await index.add(siteId, { id, thread: id % 50, createdAt: id, normalized, keys: fingerprint(normalized).keys });
    indexed.push(body);
  }
  const probes = makeProbes(indexed);
  const times: number[] = [];
  let candidatesSeen = 0;
  let flagged = 0;
  for (let round = 0; round <= warmUpRounds; round++) {
    for (const [offset, body] of probes.entries()) {
      const comment = { body, thread: offset % 50, createdAt: size + offset };
      const started = performance.now();
      const { match, keys } = await checkDuplicate(index, siteId, comment);
      const elapsed = performance.now() - started;
      if (round < warmUpRounds) continue;
      times.push(elapsed);
      if (match !== null) flagged++;
      candidatesSeen += (await index.candidates(siteId, keys, MAX_CANDIDATES)).length;
    }
  }
  results.push({ size, median: median(times), candidates: candidatesSeen / probes.length, flagged });
}

for (const { size, median: time, candidates, flagged } of results) {
  console.log(
    `${String(size).padStart(7)} comments: median check ${(time * 1000).toFixed(1)} µs, ` +
      `${candidates.toFixed(2)} candidates per check, ${flagged} of ${probeCount} probes flagged`,
  );
}
const [small, large] = results;
if (small !== undefined && large !== undefined) {
  console.log(`ratio ${(large.median / small.median).toFixed(2)} (target ≤ 1.3)`);
}
const longComment = normalizeForComparison(Array.from({ length: 2_000 }, syntheticComment).join("\n")).slice(0, 10_000);
const fingerprintTimes = Array.from({ length: 500 }, () => {
  const started = performance.now();
  fingerprint(longComment);
  return performance.now() - started;
});
console.log(`fingerprint of a 10,000-character comment: median ${(median(fingerprintTimes) * 1000).toFixed(0)} µs`);

/** The command-line options, validated; exits with code 2 and the reason when they are wrong. */
function readOptions(): z.infer<typeof optionsSchema> {
  try {
    const { values } = parseArgs({ options: { data: { type: "string" }, seed: { type: "string" } }, strict: true });
    const parsed = optionsSchema.safeParse(values);
    if (parsed.success) return parsed.data;
    throw new Error(parsed.error.issues.map((issue) => issue.message).join("; "));
  } catch (error) {
    console.error(`bench:dupes: ${error instanceof Error ? error.message : String(error)}`);
    console.error("usage: npm run bench:dupes -- [--data DIR] [--seed N]");
    process.exit(2);
  }
}

/** The words of every comment in the data folder's CSVs. */
async function readComments(folder: string): Promise<string[][]> {
  const files = (await readdir(folder)).filter((file) => file.endsWith(".csv")).sort();
  const wordsOf = (text: string) => text.split(/\s+/).filter((word) => word !== "");
  return files.flatMap((file) => readCorpus(join(folder, file)).comments.map(({ comment }) => wordsOf(comment.body)));
}

/** For each word, the words that follow it in the real comments (repeated as often as they do). */
function bigramModel(comments: string[][]): { starts: string[]; next: Map<string, string[]> } {
  const starts: string[] = [];
  const next = new Map<string, string[]>();
  for (const words of comments) {
    if (words[0] !== undefined) starts.push(words[0]);
    for (let index = 1; index < words.length; index++) {
      const previous = words[index - 1] ?? "";
      const followers = next.get(previous) ?? [];
      followers.push(words[index] ?? "");
      next.set(previous, followers);
    }
  }
  return { starts, next };
}

/** A comment of a real comment's length, walking the bigram model (restarting where a word has no follower). */
function syntheticComment(): string {
  const length = pick(wordCounts);
  const words = [pick(model.starts)];
  while (words.length < length) {
    const followers = model.next.get(words[words.length - 1] ?? "");
    words.push(followers === undefined ? pick(model.starts) : pick(followers));
  }
  return words.join(" ");
}

/** Probe comments long enough to count: new ones, and one in ten an indexed comment with a word changed. */
function makeProbes(indexed: string[]): string[] {
  const probes: string[] = [];
  while (probes.length < probeCount) {
    const body = random() < 0.1 ? withOneWordChanged(pick(indexed)) : syntheticComment();
    if (fingerprint(normalizeForComparison(body)).keys.length > 0) probes.push(body);
  }
  return probes;
}

function withOneWordChanged(text: string): string {
  const words = text.split(" ");
  words[Math.floor(random() * words.length)] = pick(model.starts);
  return words.join(" ");
}
