import { describe, expect, it } from "vitest";
import {
  BANDS,
  bandKeys,
  fingerprint,
  MAX_KEYS,
  minHashSignature,
  passageKeys,
  winnow,
} from "../../../worker/duplicates/fingerprint";
import { fnv1a64, rollingHashes } from "../../../worker/duplicates/hash";
import { normalizeForComparison } from "../../../worker/duplicates/normalize";
import {
  isLongEnough,
  MAX_COMPARED_CHARACTERS,
  sharedCount,
  shingleHashes,
  shingleSet,
} from "../../../worker/duplicates/shingles";
import fixtures from "../../fixtures/duplicates/comments.json";

const normalizedLong = normalizeForComparison(fixtures.longComment);

describe("fnv1a64", () => {
  it("matches the published FNV-1a 64-bit test vectors", () => {
    expect(fnv1a64("")).toBe("cbf29ce484222325");
    expect(fnv1a64("a")).toBe("af63dc4c8601ec8c");
    expect(fnv1a64("foobar")).toBe("85944171f73967e8");
  });

  it("hashes the UTF-8 bytes of non-ASCII text", () => {
    expect(fnv1a64("é")).not.toBe(fnv1a64("e"));
    expect(fnv1a64("😀")).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("rollingHashes", () => {
  it("gives a substring the same hash wherever it occurs", () => {
    const hashes = rollingHashes("abcdefgh-cdefg", 5);
    expect(hashes).toHaveLength(10);
    expect(hashes[2]).toBe(rollingHashes("cdefg", 5)[0]);
    expect(hashes[9]).toBe(hashes[2]);
    expect(hashes[0]).not.toBe(hashes[1]);
  });

  it("is empty for a text shorter than the length", () => {
    expect(rollingHashes("abc", 5)).toHaveLength(0);
  });
});

describe("shingles", () => {
  it("counts distinct shared shingles exactly", () => {
    const first = shingleSet(shingleHashes("the quick brown fox"));
    const second = shingleSet(shingleHashes("the quick brown cat"));
    expect(first).toHaveLength(15);
    expect(sharedCount(first, second)).toBe(12);
    expect(sharedCount(first, first)).toBe(15);
  });

  it("sorts long shingle sets too", () => {
    const set = shingleSet(shingleHashes(normalizedLong));
    expect(set.length).toBeGreaterThan(400);
    expect(set.every((value, index) => index === 0 || (set[index - 1] ?? 0) < value)).toBe(true);
  });

  it("does not let short, repetitive or letterless texts count", () => {
    const counts = (text: string) => isLongEnough(text, shingleHashes(text));
    expect(counts("great post, really enjoyed it!")).toBe(false);
    expect(counts("ha".repeat(200))).toBe(false);
    expect(counts("😀🎉🔥💯👍".repeat(20))).toBe(false);
    expect(counts(normalizeForComparison(fixtures.review))).toBe(true);
  });
});

describe("winnow", () => {
  it("picks the rightmost minimum of every window, each position once", () => {
    expect(winnow(Uint32Array.from([5, 3, 3, 4, 9, 1, 7, 8]), 3)).toEqual([2, 5]);
  });

  it("picks one position for a text shorter than the window", () => {
    expect(winnow(Uint32Array.from([4, 2, 6]), 10)).toEqual([1]);
  });

  it("leaves no window without a selected position", () => {
    const hashes = rollingHashes(normalizedLong, 5);
    const selected = winnow(hashes, 7);
    for (let start = 0; start + 7 <= hashes.length; start++) {
      expect(selected.some((position) => position >= start && position < start + 7)).toBe(true);
    }
  });
});

describe("fingerprint", () => {
  it("has one exact key, one key per band and bounded passage keys, each short enough to index", () => {
    const { exactHash, keys } = fingerprint(normalizedLong);
    expect(keys[0]).toBe(`x:${exactHash}`);
    expect(keys.filter((key) => key.startsWith("b"))).toHaveLength(BANDS);
    expect(keys.length).toBeLessThanOrEqual(MAX_KEYS);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^(x|b\d{1,2}|p):[0-9a-f]{16}$/);
  });

  it("is the same for the same text and differs for another", () => {
    expect(fingerprint(normalizedLong).keys).toEqual(fingerprint(normalizedLong).keys);
    const review = normalizeForComparison(fixtures.review);
    expect(fingerprint(review).exactHash).not.toBe(fingerprint(normalizedLong).exactHash);
  });

  it("gives no keys to a text too short to count", () => {
    const print = fingerprint(normalizeForComparison("Great post!"));
    expect(print.keys).toEqual([]);
    expect(print.exactHash).toBe(fnv1a64("great post!"));
  });

  it("makes a near duplicate share bands and an unrelated text share none", () => {
    const bands = (text: string) => new Set(bandKeys(minHashSignature(shingleHashes(normalizeForComparison(text)))));
    const original = bands(fixtures.review);
    const edited = bands(fixtures.review.replace("so far", "until now").replace("for a week", "all month"));
    const unrelated = bands(fixtures.sameTopic[2] ?? "");
    expect([...edited].filter((key) => original.has(key)).length).toBeGreaterThan(0);
    expect([...unrelated].filter((key) => original.has(key))).toEqual([]);
  });

  it("makes a copied paragraph share passage keys with its source", () => {
    const paragraph = normalizeForComparison(fixtures.longComment.split("\n\n")[1] ?? "");
    const sourceKeys = new Set(passageKeys(normalizedLong, shingleHashes(normalizedLong)));
    const copyKeys = passageKeys(paragraph, shingleHashes(paragraph));
    expect(copyKeys.filter((key) => sourceKeys.has(key)).length).toBeGreaterThanOrEqual(2);
  });

  it("compares and indexes a huge comment by its first 10,000 characters (its whole text only for the exact hash)", () => {
    const head = normalizeForComparison(`${fixtures.longComment}\n${fixtures.review}\n`.repeat(20)).slice(
      0,
      MAX_COMPARED_CHARACTERS,
    );
    const tail = normalizeForComparison(`${fixtures.russian}\n`.repeat(300));
    expect(head.length).toBe(MAX_COMPARED_CHARACTERS);
    const whole = fingerprint(`${head}${tail}`);
    const ofHead = fingerprint(head);
    expect(ofHead.keys.slice(1)).not.toEqual(fingerprint(tail).keys.slice(1));
    expect(whole.exactHash).not.toBe(ofHead.exactHash);
    expect(whole.keys.slice(1)).toEqual(ofHead.keys.slice(1));
    expect(whole.shingleHashes).toEqual(ofHead.shingleHashes);
  });
});
