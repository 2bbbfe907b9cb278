/**
 * Replays comments, in order, through the Worker's decision about a new comment (`decideIntake`,
 * here on a `MemorySite`: the in-memory index in place of D1) and scores its duplicate findings
 * against the expectations the lines carry. A resubmission the Worker answers as "already
 * received" counts as flagged; like the Worker, it is not stored.
 * Usage: npm run dupes:eval -- FILE.jsonl        (make one with `npm run dupes:corpus`)
 *
 * Each line: {"id", "thread", "author"?, "body", "expect"?: {"duplicateOf": id | null}}, ids and
 * threads strings or integers (compared as strings). All lines belong to one site and are posted a
 * minute apart. An expected duplicateOf must name an earlier line.
 *
 * Prints `id -> duplicateOf kind similarity` for every flagged comment, then, last, one JSON line
 * with the counts over lines that carry an expectation. Scoring is strict: a flag is a true
 * positive only if it names exactly the expected comment; naming another one is a false positive
 * and, as the expected one was missed, a false negative too. A flag on a line expecting null is a
 * false positive. Precision and recall are 1 when there was nothing to count.
 *
 * Exit code 2, with the reason on stderr, for bad arguments, an unreadable file or a malformed line.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { readArguments } from "./lib/cli";
import { MemorySite } from "./lib/memory-site";

const minutes = 60_000;

const idSchema = z
  .union([z.string().min(1), z.number().int()], { error: "must be a non-empty string or an integer" })
  .transform(String);
const lineSchema = z.object({
  id: idSchema,
  thread: idSchema,
  author: z.string().optional(),
  body: z.string(),
  expect: z.object({ duplicateOf: idSchema.nullable() }).optional(),
});
type CorpusLine = z.infer<typeof lineSchema>;

const {
  positionals: [file],
} = readArguments(
  "dupes:eval",
  "npm run dupes:eval -- FILE.jsonl",
  {},
  z.object({ positionals: z.tuple([z.string().min(1)], { error: "give one JSONL file" }) }),
  true,
);

let text: string;
try {
  text = await readFile(file, "utf8");
} catch (error) {
  fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
}
const lines = parseCorpus(text);

const site = new MemorySite();
const counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
let flagged = 0;
for (const [position, line] of lines.entries()) {
  const authorName = line.author ?? `unknown author of ${line.id}`;
  const posting = { id: line.id, thread: line.thread, createdAt: position * minutes };
  const decision = await site.decide({ body: line.body, authorName }, posting);
  const match =
    decision.kind === "repeat"
      ? { duplicateOf: decision.duplicateOf, kind: "repeat", similarity: 1 }
      : decision.kind === "store"
        ? decision.duplicate
        : null;
  if (match !== null) {
    flagged++;
    console.log(`${line.id} -> ${match.duplicateOf} ${match.kind} ${match.similarity.toFixed(3)}`);
  }
  if (line.expect !== undefined) {
    const expected = line.expect.duplicateOf;
    const found = match === null ? null : String(match.duplicateOf);
    if (found !== null && found === expected) counts.truePositives++;
    if (found !== null && found !== expected) counts.falsePositives++;
    if (expected !== null && found !== expected) counts.falseNegatives++;
  }
}
const { truePositives, falsePositives, falseNegatives } = counts;
console.log(
  JSON.stringify({
    comments: lines.length,
    flagged,
    truePositives,
    falsePositives,
    falseNegatives,
    precision: ratio(truePositives, truePositives + falsePositives),
    recall: ratio(truePositives, truePositives + falseNegatives),
  }),
);

/** Every non-blank line, validated; fails on the first malformed one, naming its line number. */
function parseCorpus(content: string): CorpusLine[] {
  const parsed: CorpusLine[] = [];
  const seenIds = new Set<string>();
  for (const [index, raw] of content.split("\n").entries()) {
    const number = index + 1;
    if (raw.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      fail(`${file}:${number}: not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const result = lineSchema.safeParse(json);
    if (!result.success) {
      const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "line"}: ${issue.message}`);
      fail(`${file}:${number}: ${problems.join("; ")}`);
    }
    const line = result.data;
    if (seenIds.has(line.id)) fail(`${file}:${number}: id ${JSON.stringify(line.id)} was used by an earlier line`);
    const expected = line.expect?.duplicateOf;
    if (expected != null && !seenIds.has(expected)) {
      fail(`${file}:${number}: expect.duplicateOf ${JSON.stringify(expected)} names no earlier line`);
    }
    seenIds.add(line.id);
    parsed.push(line);
  }
  return parsed;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 1 : Math.round((numerator / denominator) * 10_000) / 10_000;
}

function fail(message: string): never {
  console.error(`dupes:eval: ${message}`);
  process.exit(2);
}
