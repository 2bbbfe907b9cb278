/**
 * How the cost of a duplicate check grows with the site: the median time of the Worker's duplicate
 * read and decision (`prepareComment`, the candidate query, `decideIntake`) against a D1 index of
 * 1,000 and of 100,000 earlier comments (a local Worker with local D1, timed from outside so CPU and
 * D1 both count), their ratio (the target is at most 1.3) and the D1 round trips per check; beside
 * it, the same decision against the in-memory index (`MemorySite`, CPU only).
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
import { z } from "zod";
import { fingerprint } from "../worker/duplicates/fingerprint";
import { normalizeForComparison } from "../worker/duplicates/normalize";
import { readArguments } from "./lib/cli";
import { startLocalWorker } from "./lib/local-worker";
import { MemorySite } from "./lib/memory-site";
import { seededRandom } from "./lib/random";
import { readCorpus } from "./lib/spam-corpus";
import { median } from "./lib/stats";

const siteSizes = [1_000, 100_000] as const;
const probeCount = 300;
/** Threads per benchmark site; comments are spread over them. */
const threadCount = 20;
const indexChunk = 400;
const warmUpRounds = 2;

const optionsSchema = z.object({
  data: z.string().min(1).default("../shared/data/youtube-spam"),
  seed: z.coerce.number({ error: "--seed must be a number" }).int("--seed must be an integer").min(0).default(1),
});
const options = readArguments(
  "bench:dupes",
  "npm run bench:dupes -- [--data DIR] [--seed N]",
  { data: { type: "string" }, seed: { type: "string" } },
  optionsSchema,
);
const { random, pick } = seededRandom(options.seed);

const realComments = await readComments(options.data);
const model = bigramModel(realComments);
const wordCounts = realComments.map((words) => words.length).filter((count) => count > 0);

const worker = await startLocalWorker({ entry: "scripts/bench/dupes-entry.ts" });
const call = async <T>(path: string, body: unknown): Promise<T> => {
  const response = await fetch(`${worker.apiOrigin}${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
};
const sites = [];
try {
  for (const size of siteSizes) {
    const site = `site-${size}`;
    await call("/site", { site, threadCount });
    const indexed: string[] = [];
    for (let start = 0; start < size; start += indexChunk) {
      const chunk = Array.from({ length: Math.min(indexChunk, size - start) }, (_, offset) => {
        const body = syntheticComment();
        indexed.push(body);
        return { key: `c${start + offset}`, body, thread: (start + offset) % threadCount };
      });
      await call("/index", { site, comments: chunk });
    }
    const memory = new MemorySite();
    for (const [id, body] of indexed.entries()) {
      await memory.remember({ body, authorName: `reader ${id}` }, { id, thread: id % threadCount, createdAt: id });
    }
    sites.push({
      size,
      site,
      memory,
      probes: makeProbes(indexed),
      d1Times: [] as number[],
      cpuTimes: [] as number[],
      flagged: 0,
      roundTrips: 0,
    });
  }
  for (let round = 0; round <= warmUpRounds; round++) {
    for (let offset = 0; offset < probeCount; offset++) {
      for (const measured of sites) {
        const body = measured.probes[offset] ?? "";
        const thread = offset % threadCount;
        const started = performance.now();
        const answer = await call<{ flagged: boolean; roundTrips: number }>("/check", {
          site: measured.site,
          body,
          thread,
        });
        const d1Elapsed = performance.now() - started;
        const cpuStarted = performance.now();
        const posting = { id: -1, thread, createdAt: measured.size + offset };
        await measured.memory.decide({ body, authorName: "probe" }, posting, false);
        const cpuElapsed = performance.now() - cpuStarted;
        if (round < warmUpRounds) continue;
        measured.d1Times.push(d1Elapsed);
        measured.cpuTimes.push(cpuElapsed);
        if (answer.flagged) measured.flagged++;
        measured.roundTrips = Math.max(measured.roundTrips, answer.roundTrips);
      }
    }
  }
} finally {
  await worker.stop();
}
const results = sites.map(({ size, d1Times, cpuTimes, flagged, roundTrips }) => ({
  size,
  d1Median: median(d1Times),
  cpuMedian: median(cpuTimes),
  flagged,
  roundTrips,
}));

for (const { size, d1Median, cpuMedian, flagged, roundTrips } of results) {
  console.log(
    `${String(size).padStart(7)} comments: median check in the Worker with D1 ${d1Median.toFixed(3)} ms ` +
      `(${roundTrips} D1 round trip), in-memory index ${(cpuMedian * 1000).toFixed(1)} µs; ` +
      `${flagged} of ${probeCount} probes flagged`,
  );
}
const [small, large] = results;
if (small !== undefined && large !== undefined) {
  const ratio = large.d1Median / small.d1Median;
  console.log(
    `ratio 100,000 / 1,000 with D1: ${ratio.toFixed(2)} (target ≤ 1.3); in memory: ${(large.cpuMedian / small.cpuMedian).toFixed(2)}`,
  );
  console.log(
    JSON.stringify({
      smallMedianMs: Number(small.d1Median.toFixed(3)),
      largeMedianMs: Number(large.d1Median.toFixed(3)),
      ratio: Number(ratio.toFixed(2)),
      roundTrips: Math.max(small.roundTrips, large.roundTrips),
    }),
  );
}
const longComment = normalizeForComparison(Array.from({ length: 2_000 }, syntheticComment).join("\n")).slice(0, 10_000);
const fingerprintTimes = Array.from({ length: 500 }, () => {
  const started = performance.now();
  fingerprint(longComment);
  return performance.now() - started;
});
console.log(`fingerprint of a 10,000-character comment: median ${(median(fingerprintTimes) * 1000).toFixed(0)} µs`);

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
