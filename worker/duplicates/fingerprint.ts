/**
 * Fingerprints of a normalised comment: its shingle hashes, which similarity is measured on, and
 * the short index keys through which an earlier comment that might be a duplicate is found.
 *
 * Three kinds of key, each a string of at most 20 characters:
 *   - `x:<hash>`: the exact hash of the whole normalised text; equal texts share it.
 *   - `b<band>:<hash>`: locality-sensitive hashing bands over a MinHash signature of the shingles;
 *     two texts share a band with a probability that rises steeply with their resemblance, so near
 *     duplicates meet even when every sentence was touched.
 *   - `p:<hash>`: passages, 16 characters from anchors chosen by winnowing (as MOSS does). A part
 *     copied from an earlier comment yields keys the earlier comment also has, however small a share
 *     of it the part was; whole-text MinHash cannot see such partial copies.
 */
import { fnv1a64, fnv1a64Bytes, mix32 } from "./hash";
import { comparedPart, isLongEnough, shingleHashes } from "./shingles";

/**
 * LSH banding of a 48-value signature: 16 bands of 3 rows. Two texts of resemblance J share a band
 * with probability 1 - (1 - J^3)^16: 0.88 at J = 0.5, 0.99 at 0.7, but 0.016 at 0.1, about the
 * resemblance of unrelated comments on one page, which keeps chance candidates rare.
 */
export const BANDS = 16;
export const ROWS_PER_BAND = 3;
const SIGNATURE_LENGTH = BANDS * ROWS_PER_BAND;

/**
 * The signature covers the first 1,000 shingles, so its cost (48 hashes per shingle) stays bounded.
 * That is 99% of real comments whole; longer near duplicates also meet through their many shared
 * passages.
 */
const SIGNATURE_SHINGLES = 1_000;

/** Passage length in code units: about three words, so a shared passage is a shared phrase, not a shared word. */
export const PASSAGE_LENGTH = 16;
/** Passage keys aimed for per text; the winnowing window grows with the text to stay near it. */
const PASSAGE_KEYS_TARGET = 24;
/** Hard cap on passage keys per text. */
export const MAX_PASSAGE_KEYS = 32;
/** Smallest winnowing window: short texts get an anchor in every 4 shingles. */
const MIN_WINNOWING_WINDOW = 4;

/** Upper bound on the keys of one text (exact, bands, passages): well within D1's 100 bound parameters. */
export const MAX_KEYS = 1 + BANDS + MAX_PASSAGE_KEYS;

/** What is compared and indexed for one normalised text. */
export interface Fingerprint {
  /** FNV-1a 64 of the whole normalised text, 16 hex digits. */
  exactHash: string;
  /** Index keys (exact, band and passage keys); empty when the text is too short to count. */
  keys: string[];
  /** The hashes of the compared text's shingles, in text order. */
  shingleHashes: Uint32Array;
}

/** Fingerprints a text produced by `normalizeForComparison`. */
export function fingerprint(normalized: string): Fingerprint {
  const compared = comparedPart(normalized);
  const hashes = shingleHashes(compared);
  const exactHash = fnv1a64(normalized);
  if (!isLongEnough(compared, hashes)) return { exactHash, keys: [], shingleHashes: hashes };
  return {
    exactHash,
    keys: [`x:${exactHash}`, ...bandKeys(minHashSignature(hashes)), ...passageKeys(compared, hashes)],
    shingleHashes: hashes,
  };
}

/** Seeds of the signature's hash functions h_i(x) = mix32(x XOR seed_i), each a permutation of 32-bit values. */
const signatureSeeds = Uint32Array.from({ length: SIGNATURE_LENGTH }, (_, row) => mix32(0x9e3779b9 + row));

/**
 * The MinHash signature of a text: for each of `SIGNATURE_LENGTH` hash functions, the smallest
 * value over the shingles. Two texts agree on a value with probability equal to their resemblance.
 * Takes shingle hashes in text order and reads at most the first `SIGNATURE_SHINGLES`.
 */
export function minHashSignature(hashes: Uint32Array): Uint32Array {
  const signature = new Uint32Array(SIGNATURE_LENGTH);
  const count = Math.min(hashes.length, SIGNATURE_SHINGLES);
  for (let row = 0; row < SIGNATURE_LENGTH; row++) {
    const seed = signatureSeeds[row] ?? 0;
    let minimum = 0xffffffff;
    for (let index = 0; index < count; index++) {
      const value = mix32((hashes[index] ?? 0) ^ seed);
      if (value < minimum) minimum = value;
    }
    signature[row] = minimum;
  }
  return signature;
}

/** One key per LSH band: `b<band>:` and the FNV-1a 64 of the band's rows (little-endian bytes). */
export function bandKeys(signature: Uint32Array): string[] {
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    const bytes: number[] = [];
    for (let row = band * ROWS_PER_BAND; row < (band + 1) * ROWS_PER_BAND; row++) {
      const value = signature[row] ?? 0;
      bytes.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24);
    }
    keys.push(`b${band}:${fnv1a64Bytes(bytes)}`);
  }
  return keys;
}

/**
 * Passage keys: winnowing (Schleimer, Wilkerson & Aiken, 2003) over the shingle hashes picks, in
 * each window of `window` consecutive shingles, the rightmost smallest as an anchor; the key is the
 * `PASSAGE_LENGTH` characters from the anchor. The window grows with the text, so a shorter text
 * never has a larger one, and an anchor of an earlier, longer text is an anchor again in any text
 * that copies the window around it: a copy of at least `window + PASSAGE_LENGTH - 1` characters of
 * its source shares a key with it. Beyond `MAX_PASSAGE_KEYS` the anchors with the smallest hashes
 * are kept, the ones a longer source most likely kept too.
 */
export function passageKeys(compared: string, hashes: Uint32Array): string[] {
  const window = Math.max(MIN_WINNOWING_WINDOW, Math.ceil((2 * hashes.length) / PASSAGE_KEYS_TARGET));
  const anchors = winnow(hashes, window)
    .sort((first, second) => (hashes[first] ?? 0) - (hashes[second] ?? 0) || first - second)
    .slice(0, MAX_PASSAGE_KEYS);
  const keys = new Set(anchors.map((anchor) => `p:${fnv1a64(compared.slice(anchor, anchor + PASSAGE_LENGTH))}`));
  return [...keys];
}

/** Positions selected by robust winnowing: in every window the rightmost minimum, each position once. */
export function winnow(hashes: Uint32Array, window: number): number[] {
  const selected: number[] = [];
  // Positions from `front` to `back`, their hashes strictly increasing: the one at `front` is the window's minimum.
  const ascending = new Uint32Array(hashes.length);
  let front = 0;
  let back = 0;
  let lastSelected = -1;
  for (let end = 0; end < hashes.length; end++) {
    const hash = hashes[end] ?? 0;
    while (back > front && (hashes[ascending[back - 1] ?? 0] ?? 0) >= hash) back--;
    ascending[back++] = end;
    if ((ascending[front] ?? 0) <= end - window) front++;
    const minimum = ascending[front] ?? 0;
    if ((end >= window - 1 || end === hashes.length - 1) && minimum !== lastSelected) {
      selected.push(minimum);
      lastSelected = minimum;
    }
  }
  return selected;
}
