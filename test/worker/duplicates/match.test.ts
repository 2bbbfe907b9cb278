import { describe, expect, it } from "vitest";
import { fingerprint } from "../../../worker/duplicates/fingerprint";
import {
  type CandidateComment,
  type ComparedComment,
  classifyScope,
  findDuplicate,
  REPEAT_WINDOW_MS,
} from "../../../worker/duplicates/match";
import { normalizeForComparison } from "../../../worker/duplicates/normalize";
import fixtures from "../../fixtures/duplicates/comments.json";

const minute = 60_000;

function newComment(body: string, origin: Partial<ComparedComment> = {}): ComparedComment {
  const normalized = normalizeForComparison(body);
  return {
    thread: "t1",
    author: "reader@example.com",
    createdAt: 60 * minute,
    normalized,
    fingerprint: fingerprint(normalized),
    ...origin,
  };
}

function earlier(id: string, body: string, origin: Partial<CandidateComment> = {}): CandidateComment {
  return {
    id,
    thread: "t1",
    author: "someone@example.com",
    createdAt: 0,
    normalized: normalizeForComparison(body),
    ...origin,
  };
}

const [paragraphOne = "", paragraphTwo = "", paragraphThree = ""] = fixtures.longComment.split("\n\n");

describe("findDuplicate", () => {
  it("finds an exact duplicate after normalisation", () => {
    const disguised = fixtures.review.toUpperCase().replaceAll(" ", "  \u200B").replaceAll("O", "О");
    expect(findDuplicate(newComment(disguised), [earlier("a", fixtures.review)])).toEqual({
      kind: "exact",
      duplicateOf: "a",
      similarity: 1,
      scope: "copy",
    });
  });

  it("finds a near duplicate with a few words changed", () => {
    const edited = fixtures.review.replace("Honestly the best", "Really the clearest").replace("a week", "days");
    const match = findDuplicate(newComment(edited), [earlier("a", fixtures.review)]);
    expect(match?.kind).toBe("near");
    expect(match?.duplicateOf).toBe("a");
    expect(match?.similarity).toBeGreaterThanOrEqual(0.5);
    expect(match?.similarity).toBeLessThan(1);
  });

  it("finds a prefix and a suffix of at least half a comment as partial copies", () => {
    const cut = Math.floor(fixtures.longComment.length * 0.55);
    for (const part of [fixtures.longComment.slice(0, cut), fixtures.longComment.slice(-cut)]) {
      const match = findDuplicate(newComment(part), [earlier("source", fixtures.longComment)]);
      expect(match?.kind).toBe("partial");
      expect(match?.similarity).toBeGreaterThan(0.95);
    }
  });

  it("finds a copied paragraph as a partial copy", () => {
    const match = findDuplicate(newComment(paragraphThree), [earlier("source", fixtures.longComment)]);
    expect(match).toMatchObject({ kind: "partial", duplicateOf: "source" });
  });

  it("does not flag a reply that quotes an earlier comment and adds its own text", () => {
    const reply = `> ${paragraphTwo}\n\n${fixtures.sameTopic[0]} ${fixtures.sameTopic[1]} ${fixtures.review}`;
    expect(findDuplicate(newComment(reply), [earlier("source", fixtures.longComment)])).toBeNull();
  });

  it("does not flag different comments on the same topic", () => {
    const candidates = fixtures.sameTopic.map((body, index) => earlier(`c${index}`, body));
    expect(findDuplicate(newComment(fixtures.longComment), candidates)).toBeNull();
    expect(findDuplicate(newComment(fixtures.review), candidates)).toBeNull();
  });

  it("never flags short generic comments, however often they were posted", () => {
    for (const generic of fixtures.generic) {
      const candidates = [earlier("a", generic), earlier("b", generic, { author: "other@example.com" })];
      expect(findDuplicate(newComment(generic), candidates)).toBeNull();
    }
  });

  it("finds duplicates in other scripts and keeps different texts apart", () => {
    expect(findDuplicate(newComment(fixtures.russian), [earlier("ru", fixtures.russian)])?.kind).toBe("exact");
    expect(findDuplicate(newComment(fixtures.japanese), [earlier("ja", `${fixtures.japanese}\n`)])?.kind).toBe("exact");
    expect(findDuplicate(newComment(fixtures.russianOther), [earlier("ru", fixtures.russian)])).toBeNull();
    expect(findDuplicate(newComment(fixtures.japaneseOther), [earlier("ja", fixtures.japanese)])).toBeNull();
  });

  it("prefers the comment a part was cut from over one that only resembles it", () => {
    const part = `${paragraphOne}\n\n${paragraphTwo}`;
    const resembling = earlier("resembling", `${paragraphOne} Nothing else to add.`, { createdAt: -minute });
    const match = findDuplicate(newComment(part), [resembling, earlier("source", fixtures.longComment)]);
    expect(match?.duplicateOf).toBe("source");
  });

  it("prefers an exact duplicate, then the earliest of equals", () => {
    const near = earlier("near", fixtures.review.replace("a week", "two weeks"), { createdAt: -10 * minute });
    const later = earlier("later", fixtures.review, { createdAt: 5 * minute });
    const first = earlier("first", fixtures.review, { createdAt: 2 * minute });
    expect(findDuplicate(newComment(fixtures.review), [near, later, first])?.duplicateOf).toBe("first");
  });

  it("ignores candidates too short to count", () => {
    expect(findDuplicate(newComment(fixtures.review), [earlier("short", "Honestly the best")])).toBeNull();
  });
});

describe("classifyScope", () => {
  const original = { thread: 7, author: "Ana@Example.com", createdAt: 0 };

  it("calls the same author in the same thread within the window a repeat", () => {
    const resubmission = { thread: 7, author: " ana@example.com ", createdAt: REPEAT_WINDOW_MS };
    expect(classifyScope(resubmission, original)).toBe("repeat");
  });

  it("calls the same text again after the window a copy", () => {
    const later = { thread: 7, author: "ana@example.com", createdAt: REPEAT_WINDOW_MS + 1 };
    expect(classifyScope(later, original)).toBe("copy");
  });

  it("calls another thread, another author or an unknown author a copy", () => {
    expect(classifyScope({ thread: 8, author: "ana@example.com", createdAt: minute }, original)).toBe("copy");
    expect(classifyScope({ thread: 7, author: "bo@example.com", createdAt: minute }, original)).toBe("copy");
    expect(classifyScope({ thread: 7, createdAt: minute }, { thread: 7, createdAt: 0 })).toBe("copy");
    expect(classifyScope({ thread: 7, author: " ", createdAt: minute }, { ...original, author: "" })).toBe("copy");
  });

  it("does not call a comment dated before its original a repeat", () => {
    expect(classifyScope({ thread: 7, author: "ana@example.com", createdAt: -minute }, original)).toBe("copy");
  });

  it("reports the scope with the match", () => {
    const repeat = newComment(fixtures.review, { author: "someone@example.com", createdAt: 3 * minute });
    expect(findDuplicate(repeat, [earlier("a", fixtures.review)])?.scope).toBe("repeat");
  });
});
