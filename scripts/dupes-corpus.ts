/**
 * Builds the corpus `npm run dupes:eval` replays, from the YouTube Spam Collection; nothing is
 * downloaded and the corpus is not committed.
 * Usage: npm run dupes:corpus -- [--data ../shared/data/youtube-spam] [--out dist/dupes-corpus.jsonl] [--seed 1]
 *
 * Every CSV in the data folder is one thread. The corpus holds, in posting order:
 *   - every original comment, spam and ham, as its author typed it (see `readCorpus`).
 *     Its expectation follows the product's rule, checked with a reference that shares nothing with
 *     the detector but the definition of "long enough" (letters, digits and distinct shingles):
 *       * too short to count: `duplicateOf: null`, it must never be flagged ("love this song" again);
 *       * the same words in the same order as an earlier original: that earliest original;
 *       * otherwise similar to an earlier original (a spam template with a new tail, a reworded
 *         meme; word-bigram resemblance ≥ 0.3 or containment ≥ 0.5): no expectation, because whether
 *         such a pair is a duplicate is exactly the threshold under test, so it can be neither;
 *       * anything else: `duplicateOf: null`.
 *   - two generated copies of each ham comment that counts and resembles no other original, so a
 *     copy's expected source is unambiguous. One is an exact copy, a re-wrapped one, one with
 *     look-alike letters or one with invisible characters; the other has a few words changed, or is
 *     a prefix or a suffix of at least half of it, or a copied paragraph or passage from its middle
 *     (partial copies are sometimes disguised as well). Each is posted at a random later position,
 *     in the same or another thread, by the same or another author, expecting its source.
 * The same seed gives the same corpus.
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { normalizeForComparison } from "../worker/duplicates/normalize";
import { comparedPart, isLongEnough, shingleHashes } from "../worker/duplicates/shingles";
import { readArguments } from "./lib/cli";
import { seededRandom } from "./lib/random";
import { readCorpus } from "./lib/spam-corpus";

const optionsSchema = z.object({
  data: z.string().min(1).default("../shared/data/youtube-spam"),
  out: z.string().min(1).default("dist/dupes-corpus.jsonl"),
  seed: z.coerce
    .number({ error: "--seed must be a number" })
    .int("--seed must be an integer")
    .min(0, "--seed must not be negative")
    .default(1),
});

interface CorpusLine {
  id: string;
  thread: string;
  author: string;
  body: string;
  expect?: { duplicateOf: string | null };
}

interface Original extends CorpusLine {
  isHam: boolean;
  counts: boolean;
  words: string[];
  bigrams: Set<string>;
}

type CopyKind = "exact" | "rewrapped" | "words-changed" | "prefix" | "suffix" | "passage" | "lookalikes" | "invisible";

const { data, out, seed } = readArguments(
  "dupes:corpus",
  "npm run dupes:corpus -- [--data DIR] [--out FILE.jsonl] [--seed N]",
  { data: { type: "string" }, out: { type: "string" }, seed: { type: "string" } },
  optionsSchema,
);
const { random, pick, shuffled } = seededRandom(seed);

const originals = await readOriginals(data);
labelOriginals(originals);
const vocabulary = [...new Set(originals.filter((original) => original.isHam).flatMap((original) => original.words))];
const threads = [...new Set(originals.map((original) => original.thread))];
const authors = [...new Set(originals.map((original) => original.author))];

const placed: { position: number; line: CorpusLine }[] = originals.map((original, index) => ({
  position: index,
  line: {
    id: original.id,
    thread: original.thread,
    author: original.author,
    body: original.body,
    expect: original.expect,
  },
}));
const copiesByKind = new Map<CopyKind, number>();
for (const [sourceIndex, source] of originals.entries()) {
  if (!isCopySource(source)) continue;
  for (const copy of copiesOf(source)) {
    copiesByKind.set(copy.kind, (copiesByKind.get(copy.kind) ?? 0) + 1);
    placed.push({
      position: sourceIndex + 0.5 + random() * (originals.length - sourceIndex),
      line: {
        id: `${copy.kind}-${String(placed.length - originals.length + 1).padStart(4, "0")}`,
        thread: random() < 0.5 ? source.thread : pick(threads),
        author: random() < 0.3 ? source.author : pick(authors),
        body: copy.body,
        expect: { duplicateOf: source.id },
      },
    });
  }
}
placed.sort((first, second) => first.position - second.position);

await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${placed.map(({ line }) => JSON.stringify(line)).join("\n")}\n`);
const countOriginals = (test: (original: Original) => boolean) => originals.filter(test).length;
console.log(
  `wrote ${out}: ${placed.length} comments; ${originals.length} originals ` +
    `(${countOriginals((original) => !original.counts)} too short to count, ` +
    `${countOriginals((original) => original.counts && original.expect?.duplicateOf === null)} distinct, ` +
    `${countOriginals((original) => typeof original.expect?.duplicateOf === "string")} repeating an earlier one, ` +
    `${countOriginals((original) => original.expect === undefined)} similar to an earlier one, unlabelled); ` +
    `copies: ${[...copiesByKind].map(([kind, count]) => `${count} ${kind}`).join(", ")}`,
);

/** The comments of every CSV in the folder, in file order, one thread per file, ids made unique. */
async function readOriginals(folder: string): Promise<Original[]> {
  const files = (await readdir(folder).catch((error) => fail(`cannot read ${folder}: ${messageOf(error)}`)))
    .filter((file) => file.endsWith(".csv"))
    .sort();
  if (files.length === 0) fail(`no CSV files in ${folder}`);
  const seenIds = new Map<string, number>();
  const result: Original[] = [];
  for (const file of files) {
    let corpus: ReturnType<typeof readCorpus>;
    try {
      corpus = readCorpus(join(folder, file));
    } catch (error) {
      fail(`${join(folder, file)}: ${messageOf(error)}`);
    }
    for (const { id, label, comment } of corpus.comments) {
      const occurrence = (seenIds.get(id) ?? 0) + 1;
      seenIds.set(id, occurrence);
      const compared = comparedPart(normalizeForComparison(comment.body));
      const words = wordsOf(comment.body);
      result.push({
        id: occurrence === 1 ? id : `${id}#${occurrence}`,
        thread: basename(file, ".csv"),
        author: comment.authorName,
        body: comment.body,
        isHam: label === "ham",
        counts: isLongEnough(compared, shingleHashes(compared)),
        words,
        bigrams: bigramsOf(words),
      });
    }
  }
  return result;
}

/** The reference's words: runs of letters and digits, NFKC, lower case. */
function wordsOf(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function bigramsOf(words: string[]): Set<string> {
  if (words.length < 2) return new Set(words);
  return new Set(words.slice(1).map((word, index) => `${words[index]} ${word}`));
}

/** Sets each original's expectation from the earlier originals (see the header). */
function labelOriginals(all: Original[]): void {
  const firstByWords = new Map<string, string>();
  for (const [index, original] of all.entries()) {
    const wordKey = original.words.join(" ");
    const earlierSame = firstByWords.get(wordKey);
    if (earlierSame === undefined) firstByWords.set(wordKey, original.id);
    if (!original.counts) original.expect = { duplicateOf: null };
    else if (earlierSame !== undefined) original.expect = { duplicateOf: earlierSame };
    else if (!all.slice(0, index).some((earlier) => referenceSimilar(original, earlier))) {
      original.expect = { duplicateOf: null };
    }
  }
}

/** The reference's "similar": word-bigram resemblance ≥ 0.3, or half the new comment's bigrams in the earlier one. */
function referenceSimilar(comment: Original, earlier: Original): boolean {
  let shared = 0;
  for (const bigram of comment.bigrams) if (earlier.bigrams.has(bigram)) shared++;
  const union = comment.bigrams.size + earlier.bigrams.size - shared;
  return shared > 0 && (shared / union >= 0.3 || shared / comment.bigrams.size >= 0.5);
}

/**
 * A ham comment that counts, is new, and resembles no other original that counts, so a copy of it
 * can only be a copy of it.
 */
function isCopySource(source: Original): boolean {
  return (
    source.isHam &&
    source.expect?.duplicateOf === null &&
    source.counts &&
    originals.every(
      (other) =>
        other === source || !other.counts || !(referenceSimilar(source, other) || referenceSimilar(other, source)),
    )
  );
}

/**
 * Two copies of a source: one that normalises to the same text (exact, re-wrapped, look-alikes,
 * invisible characters) and one altered (words changed, prefix, suffix, passage), each of a kind
 * chosen at random among those that still count. Neither can resemble the other more than it
 * resembles the source, so each one's duplicate is the source and nothing else.
 */
function copiesOf(source: Original): { kind: CopyKind; body: string }[] {
  const groups: CopyKind[][] = [
    ["exact", "rewrapped", "lookalikes", "invisible"],
    ["words-changed", "prefix", "suffix", "passage"],
  ];
  return groups.flatMap((kinds) => {
    for (const kind of shuffled(kinds)) {
      const body = copyOf(source, kind);
      if (body === undefined) continue;
      const compared = comparedPart(normalizeForComparison(body));
      if (isLongEnough(compared, shingleHashes(compared))) return [{ kind, body }];
    }
    return [];
  });
}

function copyOf(source: Original, kind: CopyKind): string | undefined {
  const text = source.body;
  switch (kind) {
    case "exact":
      return text;
    case "rewrapped":
      return rewrapped(text);
    case "words-changed":
      return withWordsChanged(text);
    case "prefix":
    case "suffix":
      return disguisedSometimes(partOf(text, kind));
    case "passage":
      return disguisedSometimes(passageOf(text));
    case "lookalikes":
      return withLookalikes(text);
    case "invisible":
      return withInvisibleCharacters(text);
  }
}

/** The same words with other whitespace: new line breaks, doubled spaces, tabs, indentation. */
function rewrapped(text: string): string {
  const separators = [" ", " ", " ", "  ", "\n", "\r\n", "\n\n", "\t"];
  const words = text.split(/\s+/).filter((word) => word !== "");
  const body = words.map((word, index) => (index === 0 ? word : `${pick(separators)}${word}`)).join("");
  return `${pick(["", " ", "\n"])}${body}${pick(["", "\n", "  "])}`;
}

/** One to three words, never more than one in five, replaced, inserted or deleted. */
function withWordsChanged(text: string): string | undefined {
  const words = text.split(/\s+/).filter((word) => word !== "");
  if (words.length < 5) return undefined;
  const changes = 1 + Math.floor(random() * Math.min(3, Math.floor(words.length / 5)));
  for (let change = 0; change < changes; change++) {
    const at = Math.floor(random() * words.length);
    const operation = pick(["replace", "replace", "insert", "delete"]);
    if (operation === "replace") words[at] = pick(vocabulary);
    else if (operation === "insert") words.splice(at, 0, pick(vocabulary));
    else words.splice(at, 1);
  }
  return words.join(" ");
}

/** A prefix or suffix cut at a word boundary, keeping 50-90% of the characters. */
function partOf(text: string, end: "prefix" | "suffix"): string | undefined {
  const keep = Math.round(text.length * (0.5 + random() * 0.4));
  if (end === "prefix") {
    const cut = text.indexOf(" ", keep);
    return cut === -1 ? undefined : text.slice(0, cut).trim();
  }
  const cut = text.lastIndexOf(" ", text.length - keep);
  return cut <= 0 ? undefined : text.slice(cut).trim();
}

/**
 * A paragraph of a multi-paragraph comment; else a run of whole sentences that is neither the
 * start nor the end; else a run of 40-70% of the words from the middle.
 */
function passageOf(text: string): string | undefined {
  const paragraphs = text.split(/\n\s*\n/).filter((paragraph) => paragraph.trim() !== "");
  if (paragraphs.length >= 2) return pick(paragraphs).trim();
  const sentences = text.split(/(?<=[.!?])\s+/);
  if (sentences.length >= 3) {
    const start = 1 + Math.floor(random() * (sentences.length - 2));
    const length = 1 + Math.floor(random() * (sentences.length - 1 - start));
    return sentences.slice(start, start + length).join(" ");
  }
  const words = text.split(/\s+/).filter((word) => word !== "");
  const length = Math.round(words.length * (0.4 + random() * 0.3));
  const start = 1 + Math.floor(random() * (words.length - length - 1));
  return length < 2 || start + length >= words.length ? undefined : words.slice(start, start + length).join(" ");
}

/** Half of the partial copies are disguised as well: re-wrapped, with look-alikes or with invisible characters. */
function disguisedSometimes(text: string | undefined): string | undefined {
  if (text === undefined || random() < 0.5) return text;
  return pick([rewrapped, withLookalikes, withInvisibleCharacters])(text);
}

/** About 40% of the letters that have a Cyrillic, Greek or full-width double replaced by it. */
function withLookalikes(text: string): string {
  const doubles: Record<string, string[]> = {
    a: ["а", "α"],
    c: ["с", "ϲ"],
    e: ["е"],
    i: ["і", "ι"],
    j: ["ј"],
    o: ["о", "ο", "օ"],
    p: ["р", "ρ"],
    s: ["ѕ"],
    x: ["х", "χ"],
    y: ["у"],
    A: ["А", "Α"],
    B: ["В", "Β"],
    C: ["С"],
    E: ["Е", "Ε"],
    H: ["Н", "Η"],
    I: ["І", "Ι"],
    K: ["К", "Κ"],
    M: ["М", "Μ"],
    O: ["О", "Ο"],
    P: ["Р", "Ρ"],
    T: ["Т", "Τ"],
    X: ["Х", "Χ"],
  };
  return Array.from(text, (character) => {
    if (random() >= 0.4) return character;
    if (/[a-zA-Z]/.test(character) && random() < 0.15) {
      return String.fromCodePoint((character.codePointAt(0) ?? 0) + 0xfee0);
    }
    const options = doubles[character];
    return options === undefined ? character : pick(options);
  }).join("");
}

/** Zero-width characters, bidi marks and soft hyphens after about a quarter of the characters. */
function withInvisibleCharacters(text: string): string {
  const invisible = [
    "\u200B",
    "\u200C",
    "\u200D",
    "\u2060",
    "\uFEFF",
    "\u200E",
    "\u200F",
    "\u00AD",
    "\u202E",
    "\u2066",
  ];
  return Array.from(text, (character) => (random() < 0.25 ? character + pick(invisible) : character)).join("");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reports a problem with the arguments or the data on stderr and exits with code 2. */
function fail(message: string): never {
  console.error(`dupes:corpus: ${message}`);
  process.exit(2);
}
