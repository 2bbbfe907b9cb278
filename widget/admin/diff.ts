/**
 * A word-level diff for the duplicates view: which words of the original the copy dropped and which
 * it added, from the `diff` library's Myers diff over the two texts' words. Pure, so it is tested on
 * its own.
 */
import { diffArrays } from "diff";

/** A run of words both texts share (`same`), only the original has (`delete`) or only the copy has (`insert`). */
export interface DiffPart {
  op: "same" | "delete" | "insert";
  text: string;
}

/** Beyond this many edits the texts are shown as replaced whole: they are not copies of each other. */
const maxEditLength = 2_000;

function words(text: string): string[] {
  return text.match(/\S+/g) ?? [];
}

/**
 * The differences between `original` and `copy`, word by word (runs of whitespace count as one
 * space). Adjacent parts of the same kind are merged; deletions come before insertions where both
 * replace the same words.
 */
export function wordDiff(original: string, copy: string): DiffPart[] {
  const before = words(original);
  const after = words(copy);
  const changes = diffArrays(before, after, { maxEditLength }) ?? [
    { value: before, removed: true, added: false },
    { value: after, removed: false, added: true },
  ];
  const parts: DiffPart[] = [];
  for (const change of changes) {
    if (change.value.length === 0) continue;
    const op = change.removed ? "delete" : change.added ? "insert" : "same";
    const text = change.value.join(" ");
    const last = parts.at(-1);
    if (last?.op === op) last.text += ` ${text}`;
    else parts.push({ op, text });
  }
  return parts;
}
