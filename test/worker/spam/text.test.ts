import { describe, expect, it } from "vitest";
import { hasZeroWidthInsideWord, normalizeCountingTricks, normalizeText } from "../../../worker/spam/text";

describe("normalizeText", () => {
  it("lower-cases and turns full-width and stylised letters into plain ones", () => {
    expect(normalizeText("ＦＲＥＥ Money 𝐍𝐎𝐖")).toBe("free money now");
  });

  it("removes zero-width characters, soft hyphens and the byte-order mark", () => {
    expect(normalizeText("vi\u200Bag\u00ADra\u200D now\uFEFF")).toBe("viagra now");
  });

  it("folds Cyrillic look-alikes inside a Latin word", () => {
    expect(normalizeText("сheap vіagra")).toBe("cheap viagra");
  });

  it("leaves words written wholly in Cyrillic or Greek alone", () => {
    expect(normalizeText("Привет, как дела? Καλημέρα")).toBe("привет, как дела? καλημέρα");
  });
});

describe("normalizeCountingTricks", () => {
  it("counts the words that mix scripts", () => {
    expect(normalizeCountingTricks("buу сheap pills").mixedScriptWords).toBe(2);
  });

  it("counts none in honest Russian or English", () => {
    expect(normalizeCountingTricks("Отличная песня, great song").mixedScriptWords).toBe(0);
  });

  it("counts none for Ukrainian typed with a Latin i, but still a Latin word with a Cyrillic і", () => {
    expect(normalizeCountingTricks("Дякую, дуже цiкава стаття про комунiкацiю").mixedScriptWords).toBe(0);
    expect(normalizeCountingTricks("cheap v\u0456agra").mixedScriptWords).toBe(1);
  });
});

describe("normalizeCountingTricks on fancy text", () => {
  it("turns small capitals, mathematical letters and circled letters into plain ones, counting them", () => {
    expect(normalizeCountingTricks("ᴅᴍ ᴍᴇ")).toEqual({ text: "dm me", mixedScriptWords: 0, stylisedLetters: 4 });
    expect(normalizeCountingTricks("𝗗𝗠 𝗧𝗢 𝗚𝗘𝗧 ⓥⓔⓡⓘⓕⓘⓔⓓ")).toMatchObject({
      text: "dm to get verified",
      stylisedLetters: 15,
    });
  });

  it("counts none in plain, full-width or non-Latin text", () => {
    expect(normalizeCountingTricks("Ｈｅｌｌｏ ＣＪＫ readers, Привет, 你好").stylisedLetters).toBe(0);
  });
});

describe("hasZeroWidthInsideWord", () => {
  it("finds a zero-width space splitting a Latin word", () => {
    expect(hasZeroWidthInsideWord("cas\u200Bino")).toBe(true);
  });

  it("ignores the joiner inside an emoji sequence and the non-joiner of Persian script", () => {
    expect(hasZeroWidthInsideWord("family 👨\u200D👩\u200D👧")).toBe(false);
    expect(hasZeroWidthInsideWord("می\u200Cخواهم")).toBe(false);
  });
});
