/**
 * Shingles, the units similarity is measured in: every five-character substring of the normalised
 * text, hashed. Two texts' resemblance is the Jaccard index of their shingle sets; a new comment's
 * containment in an earlier one is the share of its shingles the earlier one also has.
 */
import { rollingHashes } from "./hash";

/**
 * Shingle length in UTF-16 code units. Five characters is the usual choice for short texts such as
 * mail or comments: long enough that shared shingles mean shared words, short enough that changing
 * one word changes only a few of them.
 */
export const SHINGLE_LENGTH = 5;

/**
 * A text needs this many letters or digits to take part: about eight words of English. Shorter
 * comments ("Great post!", "love this song so much") are written independently by many people,
 * so two of them being equal says nothing.
 */
export const MIN_CONTENT_CHARACTERS = 40;

/** And this many distinct shingles: repetition ("hahaha...", one word over and over) carries no more than its unit. */
export const MIN_DISTINCT_SHINGLES = 32;

/** Only this much of a normalised text is compared (the API's body limit), so work stays bounded on huge bodies. */
export const MAX_COMPARED_CHARACTERS = 10_000;

/** The part of a normalised text that is shingled and compared: at most its first `MAX_COMPARED_CHARACTERS`. */
export function comparedPart(normalized: string): string {
  return normalized.length > MAX_COMPARED_CHARACTERS ? normalized.slice(0, MAX_COMPARED_CHARACTERS) : normalized;
}

/** The hash of every shingle of a compared text, in text order; a shorter, non-empty text is one shingle. */
export function shingleHashes(compared: string): Uint32Array {
  return rollingHashes(compared, Math.min(SHINGLE_LENGTH, compared.length));
}

/** True when a compared text has enough letters, digits and distinct shingles to count as a possible duplicate. */
export function isLongEnough(compared: string, hashes: Uint32Array): boolean {
  let contentCharacters = 0;
  for (const character of compared) {
    if (isLetterOrDigit(character) && ++contentCharacters >= MIN_CONTENT_CHARACTERS) break;
  }
  if (contentCharacters < MIN_CONTENT_CHARACTERS) return false;
  const distinct = new Set<number>();
  for (let index = 0; index < hashes.length && distinct.size < MIN_DISTINCT_SHINGLES; index++) {
    distinct.add(hashes[index] ?? 0);
  }
  return distinct.size >= MIN_DISTINCT_SHINGLES;
}

const letterOrDigit = /^[\p{L}\p{N}]$/u;

function isLetterOrDigit(character: string): boolean {
  const code = character.charCodeAt(0);
  if (code >= 0x80) return letterOrDigit.test(character);
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** The distinct shingle hashes, sorted: the set that resemblance and containment are measured on. */
export function shingleSet(hashes: Uint32Array): Uint32Array {
  const sorted = hashes.length < RADIX_SORT_FROM ? hashes.slice().sort() : radixSorted(hashes);
  let distinct = 0;
  for (let index = 0; index < sorted.length; index++) {
    if (index === 0 || sorted[index] !== sorted[index - 1]) sorted[distinct++] = sorted[index] ?? 0;
  }
  return sorted.subarray(0, distinct);
}

/** Size of the intersection of two sets made by `shingleSet`. */
export function sharedCount(first: Uint32Array, second: Uint32Array): number {
  let shared = 0;
  let firstIndex = 0;
  let secondIndex = 0;
  while (firstIndex < first.length && secondIndex < second.length) {
    const firstValue = first[firstIndex] ?? 0;
    const secondValue = second[secondIndex] ?? 0;
    if (firstValue === secondValue) shared++;
    if (firstValue <= secondValue) firstIndex++;
    if (secondValue <= firstValue) secondIndex++;
  }
  return shared;
}

/** From this many values a linear radix sort beats the built-in comparison sort (about 3× at 10,000). */
const RADIX_SORT_FROM = 512;
const RADIX_BITS = 11;

/** A sorted copy of 32-bit values: least-significant-digit radix sort, three passes of 11 bits. */
function radixSorted(values: Uint32Array): Uint32Array {
  const digitMask = (1 << RADIX_BITS) - 1;
  let source = values.slice();
  let target = new Uint32Array(values.length);
  const offsets = new Uint32Array(1 << RADIX_BITS);
  for (let shift = 0; shift < 32; shift += RADIX_BITS) {
    offsets.fill(0);
    for (let index = 0; index < source.length; index++) {
      const digit = ((source[index] ?? 0) >>> shift) & digitMask;
      offsets[digit] = (offsets[digit] ?? 0) + 1;
    }
    let total = 0;
    for (let digit = 0; digit < offsets.length; digit++) {
      const count = offsets[digit] ?? 0;
      offsets[digit] = total;
      total += count;
    }
    for (let index = 0; index < source.length; index++) {
      const value = source[index] ?? 0;
      const digit = (value >>> shift) & digitMask;
      const position = offsets[digit] ?? 0;
      target[position] = value;
      offsets[digit] = position + 1;
    }
    const sorted = target;
    target = source;
    source = sorted;
  }
  return source;
}
