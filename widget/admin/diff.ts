/**
 * A word-level diff for the duplicates view: which words of the original the copy dropped and which
 * it added. Pure, so it is tested on its own.
 */

/** A run of words both texts share (`same`), only the original has (`delete`) or only the copy has (`insert`). */
export interface DiffPart {
  op: "same" | "delete" | "insert";
  text: string;
}

/** Above this many cells the LCS table is skipped and the differing middle is shown as replaced. */
const maxTableCells = 4_000_000;

function words(text: string): string[] {
  return text.match(/\S+/g) ?? [];
}

/**
 * The differences between `original` and `copy`, word by word (runs of whitespace count as one
 * space), from a longest common subsequence of their words. Adjacent parts of the same kind are
 * merged; deletions come before insertions where both replace the same words.
 */
export function wordDiff(original: string, copy: string): DiffPart[] {
  const before = words(original);
  const after = words(copy);
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  const parts: DiffPart[] = [];
  const push = (op: DiffPart["op"], word: string) => {
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += ` ${word}`;
    else parts.push({ op, text: word });
  };
  for (const word of before.slice(0, start)) push("same", word);
  for (const [op, word] of middle(before.slice(start, endBefore), after.slice(start, endAfter))) push(op, word);
  for (const word of before.slice(endBefore)) push("same", word);
  return parts;
}

/** The edit script of two word lists that share no prefix or suffix. */
function middle(before: string[], after: string[]): [DiffPart["op"], string][] {
  const rows = before.length;
  const columns = after.length;
  if (rows === 0 || columns === 0 || rows * columns > maxTableCells) {
    return [
      ...before.map((word): [DiffPart["op"], string] => ["delete", word]),
      ...after.map((word): [DiffPart["op"], string] => ["insert", word]),
    ];
  }
  // lengths[i * (columns + 1) + j]: the LCS length of before[i..] and after[j..].
  const width = columns + 1;
  const lengths = new Uint32Array((rows + 1) * width);
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = columns - 1; j >= 0; j--) {
      lengths[i * width + j] =
        before[i] === after[j]
          ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
    }
  }
  const script: [DiffPart["op"], string][] = [];
  let i = 0;
  let j = 0;
  const pendingInserts: string[] = [];
  const flushInserts = () => {
    for (const word of pendingInserts.splice(0)) script.push(["insert", word]);
  };
  while (i < rows && j < columns) {
    const word = before[i] as string;
    if (word === after[j]) {
      flushInserts();
      script.push(["same", word]);
      i++;
      j++;
    } else if ((lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0)) {
      script.push(["delete", word]);
      i++;
    } else {
      pendingInserts.push(after[j] as string);
      j++;
    }
  }
  for (; i < rows; i++) script.push(["delete", before[i] as string]);
  flushInserts();
  for (; j < columns; j++) script.push(["insert", after[j] as string]);
  return script;
}
