import { describe, expect, it } from "vitest";
import { MemoryDuplicateIndex } from "../../../scripts/lib/memory-index";
import { type CommentId, type CommentOrigin, MAX_COMMENTS_PER_KEY, MAX_KEYS } from "../../../worker/duplicates/index";
import fixtures from "../../fixtures/duplicates/comments.json";
import { checkAgainst } from "../../support/duplicate-check";

const minute = 60_000;

/** Checks a comment and, like the Worker after storing it, adds it to the index. */
async function post(
  index: MemoryDuplicateIndex,
  id: CommentId,
  comment: Partial<CommentOrigin> & { body: string },
  siteId = "site",
) {
  const full = { thread: "t1", author: `${id}@example.com`, createdAt: 0, ...comment };
  const check = await checkAgainst((site, keys, limit) => index.candidates(site, keys, limit), siteId, full);
  await index.add(siteId, { id, ...full, normalized: check.normalized, keys: check.keys });
  return check;
}

describe("duplicate checks against the in-memory index", () => {
  it("finds nothing for the first comment and the original for a copy", async () => {
    const index = new MemoryDuplicateIndex();
    expect((await post(index, 1, { body: fixtures.review })).match).toBeNull();
    const copy = await post(index, 2, { body: fixtures.review, thread: "t2", createdAt: minute });
    expect(copy.match).toEqual({ kind: "exact", duplicateOf: 1, similarity: 1, scope: "copy" });
  });

  it("calls a resubmission by the same author in the same thread a repeat", async () => {
    const index = new MemoryDuplicateIndex();
    await post(index, 1, { body: fixtures.review, author: "ana@example.com" });
    const again = await post(index, 2, { body: fixtures.review, author: "ana@example.com", createdAt: 2 * minute });
    expect(again.match?.scope).toBe("repeat");
  });

  it("finds copies disguised with look-alike letters, invisible characters and new line breaks", async () => {
    const index = new MemoryDuplicateIndex();
    await post(index, "original", { body: fixtures.longComment });
    const disguised = fixtures.longComment
      .replaceAll("a", "а")
      .replaceAll("e", "е")
      .replaceAll(" ", " \u200B")
      .replaceAll("\n\n", "\r\n");
    const copy = await post(index, "copy", { body: disguised });
    expect(copy.match).toMatchObject({ kind: "exact", duplicateOf: "original" });
  });

  it("finds a near duplicate, a truncated repost and a copied paragraph among other comments", async () => {
    const index = new MemoryDuplicateIndex();
    for (const [offset, body] of fixtures.sameTopic.entries()) await post(index, `other-${offset}`, { body });
    await post(index, "source", { body: fixtures.longComment });
    await post(index, "review", { body: fixtures.review });
    const edited = await post(index, "edited", {
      body: fixtures.review.replace("finally made it click", "made it obvious"),
    });
    expect(edited.match).toMatchObject({ kind: "near", duplicateOf: "review" });
    const truncated = await post(index, "truncated", {
      body: fixtures.longComment.slice(0, Math.floor(fixtures.longComment.length * 0.6)),
    });
    expect(truncated.match).toMatchObject({ kind: "partial", duplicateOf: "source" });
    const paragraph = await post(index, "paragraph", { body: fixtures.longComment.split("\n\n")[1] ?? "" });
    expect(paragraph.match).toMatchObject({ kind: "partial", duplicateOf: "source" });
  });

  it("never flags 'Great post!' or 'love this song', whoever posts them and however often", async () => {
    const index = new MemoryDuplicateIndex();
    for (let id = 0; id < 20; id++) {
      const body = fixtures.generic[id % fixtures.generic.length] ?? "";
      const check = await post(index, id, { body, author: `reader${id}` });
      expect(check.match).toBeNull();
      expect(check.keys).toEqual([]);
    }
  });

  it("returns no match and no keys for bodies of only emoji or only whitespace", async () => {
    const index = new MemoryDuplicateIndex();
    for (const body of ["😀🎉🔥💯👍🙏😂❤️".repeat(30), " \n\t ".repeat(500), ""]) {
      expect(await post(index, body.length, { body })).toMatchObject({ match: null, keys: [] });
      expect((await post(index, body.length + 1, { body })).match).toBeNull();
    }
  });

  it("finds copies in other scripts and keeps distinct texts in them apart", async () => {
    const index = new MemoryDuplicateIndex();
    await post(index, "ru", { body: fixtures.russian });
    await post(index, "ja", { body: fixtures.japanese });
    expect((await post(index, "ru-other", { body: fixtures.russianOther })).match).toBeNull();
    expect((await post(index, "ja-other", { body: fixtures.japaneseOther })).match).toBeNull();
    expect((await post(index, "ru-copy", { body: fixtures.russian })).match?.duplicateOf).toBe("ru");
    expect((await post(index, "ja-copy", { body: ` ${fixtures.japanese}` })).match?.duplicateOf).toBe("ja");
  });

  it("does not look at other sites", async () => {
    const index = new MemoryDuplicateIndex();
    await post(index, 1, { body: fixtures.review }, "site-a");
    expect((await post(index, 2, { body: fixtures.review }, "site-b")).match).toBeNull();
  });

  it("still finds the first copies of a text posted many more times than a key lists", async () => {
    const index = new MemoryDuplicateIndex();
    for (let id = 1; id <= MAX_COMMENTS_PER_KEY + 5; id++) {
      await post(index, id, { body: fixtures.review, createdAt: id });
    }
    expect((await post(index, 100, { body: fixtures.review, createdAt: 100 })).match?.duplicateOf).toBe(1);
  });

  it("handles a 100 kB body with a bounded number of keys", async () => {
    const index = new MemoryDuplicateIndex();
    const body = `${fixtures.longComment}\n${fixtures.review}\n${fixtures.russian}\n`.repeat(110).slice(0, 100_000);
    const first = await post(index, 1, { body });
    const second = await post(index, 2, { body });
    expect(first.keys.length).toBeLessThanOrEqual(MAX_KEYS);
    expect(second.match?.kind).toBe("exact");
  });
});

describe("MemoryDuplicateIndex", () => {
  const comment = (id: CommentId, keys: string[]) => ({ id, thread: "t", createdAt: 0, normalized: "", keys });

  it("returns only comments sharing at least two keys, most shared first, then earliest", async () => {
    const index = new MemoryDuplicateIndex();
    await index.add("s", comment("one-key", ["k1"]));
    await index.add("s", comment("two-keys", ["k1", "k2"]));
    await index.add("s", comment("three-keys", ["k1", "k2", "k3"]));
    await index.add("s", comment("also-two", ["k2", "k3"]));
    const ids = async (limit: number) => (await index.candidates("s", ["k1", "k2", "k3"], limit)).map(({ id }) => id);
    expect(await ids(10)).toEqual(["three-keys", "two-keys", "also-two"]);
    expect(await ids(2)).toEqual(["three-keys", "two-keys"]);
  });

  it("lists at most the first comments under a key", async () => {
    const index = new MemoryDuplicateIndex();
    for (let id = 0; id < MAX_COMMENTS_PER_KEY + 3; id++) await index.add("s", comment(id, ["a", "b"]));
    const ids = (await index.candidates("s", ["a", "b"], 50)).map(({ id }) => id);
    expect(ids).toEqual(Array.from({ length: MAX_COMMENTS_PER_KEY }, (_, id) => id));
  });
});
