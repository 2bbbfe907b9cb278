import { describe, expect, it } from "vitest";
import { wordDiff } from "../../widget/admin/diff";

describe("wordDiff", () => {
  it("marks nothing when the texts have the same words", () => {
    expect(wordDiff("Great post,  thanks!", "Great post, thanks!")).toEqual([
      { op: "same", text: "Great post, thanks!" },
    ]);
  });

  it("marks the words the copy dropped and the words it added", () => {
    expect(wordDiff("I really liked this post about gardens", "I liked this great post about roses")).toEqual([
      { op: "same", text: "I" },
      { op: "delete", text: "really" },
      { op: "same", text: "liked this" },
      { op: "insert", text: "great" },
      { op: "same", text: "post about" },
      { op: "delete", text: "gardens" },
      { op: "insert", text: "roses" },
    ]);
  });

  it("puts a replacement's deletion before its insertion", () => {
    expect(wordDiff("buy cheap pills now", "buy cheap watches today")).toEqual([
      { op: "same", text: "buy cheap" },
      { op: "delete", text: "pills now" },
      { op: "insert", text: "watches today" },
    ]);
  });

  it("handles empty texts on either side", () => {
    expect(wordDiff("", "")).toEqual([]);
    expect(wordDiff("", "new words")).toEqual([{ op: "insert", text: "new words" }]);
    expect(wordDiff("old words", "  ")).toEqual([{ op: "delete", text: "old words" }]);
  });

  it("keeps every word of both texts, in order, on its own side", () => {
    const original = "the quick brown fox jumps over the lazy dog and the quick cat";
    const copy = "a quick brown dog jumps over the lazy fox and the cat quick";
    const parts = wordDiff(original, copy);
    const side = (own: string) =>
      parts
        .filter((part) => part.op === "same" || part.op === own)
        .map((part) => part.text)
        .join(" ");
    expect(side("delete")).toBe(original);
    expect(side("insert")).toBe(copy);
    // A longest common subsequence: "quick brown jumps over the lazy and the cat" (or "… the quick").
    const shared = parts.filter((part) => part.op === "same").flatMap((part) => part.text.split(" "));
    expect(shared).toHaveLength(9);
  });

  it("treats markup-looking words as plain words", () => {
    expect(wordDiff("<b>hi</b> there", "<i>hi</i> there")).toEqual([
      { op: "delete", text: "<b>hi</b>" },
      { op: "insert", text: "<i>hi</i>" },
      { op: "same", text: "there" },
    ]);
  });

  it("stays fast on long texts that share a long prefix and suffix", () => {
    const words = Array.from({ length: 3000 }, (_, index) => `w${index}`);
    const copy = [...words.slice(0, 1500), "inserted", ...words.slice(1500)];
    const started = performance.now();
    const parts = wordDiff(words.join(" "), copy.join(" "));
    expect(performance.now() - started).toBeLessThan(200);
    expect(parts.filter((part) => part.op !== "same")).toEqual([{ op: "insert", text: "inserted" }]);
  });
});
