import { describe, expect, it } from "vitest";
import {
  applyCompatibilityForms,
  collapseWhitespace,
  foldCase,
  foldLookalikes,
  normalizeForComparison,
  reduceLinksToDomains,
  removeInvisibleCharacters,
  stripDiacritics,
} from "../../../worker/duplicates/normalize";

describe("removeInvisibleCharacters", () => {
  it("removes zero-width characters, bidi controls, the byte-order mark and soft hyphens", () => {
    const hidden = "s\u200Bp\u200Ca\u200Dm\u2060 \uFEFFf\u200Er\u200Fe\u202Ee\u2066 o\u00ADffer";
    expect(removeInvisibleCharacters(hidden)).toBe("spam free offer");
  });

  it("removes variation selectors and tag characters but keeps the emoji they modify", () => {
    const emoji = "\u2764\uFE0F ok \u{1F3F4}\u{E0067}\u{E0062}\u{E007F}";
    expect(removeInvisibleCharacters(emoji)).toBe("\u2764 ok \u{1F3F4}");
  });

  it("keeps ordinary spaces, line breaks and visible text", () => {
    expect(removeInvisibleCharacters("two words\nand more")).toBe("two words\nand more");
  });
});

describe("applyCompatibilityForms", () => {
  it("turns full-width, ligature, mathematical and circled forms into plain characters", () => {
    expect(applyCompatibilityForms("ＦＲＥＥ ﬁles 𝐁𝐔𝐘 ① \u00A0")).toBe("FREE files BUY 1  ");
  });
});

describe("stripDiacritics", () => {
  it("removes accents from Latin, Greek and Cyrillic letters", () => {
    expect(stripDiacritics("Café crème, tiếng Việt, ά, ёлка")).toBe("Cafe creme, tieng Viet, α, елка");
  });

  it("removes stacked marks on letters and punctuation", () => {
    expect(stripDiacritics("h\u0335\u031Be\u0337l\u0338l\u0334o\u0336!\u0301")).toBe("hello!");
  });

  it("keeps the marks of scripts where they are letters", () => {
    for (const text of ["नमस्ते दुनिया", "が ぎ ぐ", "مَرْحَبًا", "สวัสดี"]) {
      expect(stripDiacritics(text)).toBe(text.normalize("NFC"));
    }
  });
});

describe("foldLookalikes", () => {
  it("folds Cyrillic and Greek letters that look Latin to the Latin letter, in both cases", () => {
    expect(foldLookalikes("Ηеllо, ѕсаm ΡΑΥΡΑL")).toBe("Hello, scam PAYPAL");
  });

  it("folds small capitals and dotless i", () => {
    expect(foldLookalikes("ꜱᴜʙꜱᴄʀɪʙᴇ ı")).toBe("subscribe i");
  });

  it("leaves letters without a Latin double alone", () => {
    expect(foldLookalikes("жил λφψ 漢字")).toBe("жил λφψ 漢字");
  });
});

describe("foldCase", () => {
  it("gives one form for every spelling, including multi-letter capitals", () => {
    expect(foldCase("HELLO World")).toBe("hello world");
    expect(foldCase("Straße")).toBe(foldCase("STRASSE"));
    expect(foldCase("ΣΟΦΟΣ")).toBe(foldCase("σοφος"));
    // The capital sharp s lower-cases to ß, which folds on to ss: one form, and folding again keeps it.
    expect(foldCase("GROẞE")).toBe("grosse");
    expect(foldCase(foldCase("ẞ"))).toBe(foldCase("ẞ"));
  });
});

describe("reduceLinksToDomains", () => {
  it("keeps only the host of a link", () => {
    expect(reduceLinksToDomains("see https://www.example.com/x?y=1#top now")).toBe("see example.com now");
  });

  it("drops the user, the port and www with a number", () => {
    expect(reduceLinksToDomains("http://user:secret@shop.example.org:8080/deal")).toBe("shop.example.org");
    expect(reduceLinksToDomains("www2.example.net/a/b")).toBe("example.net");
  });

  it("reduces bare hosts followed by a path, and links glued to punctuation", () => {
    expect(reduceLinksToDomains("visit myleadergate.com/moretraffic?ref=9!")).toBe("visit myleadergate.com");
    expect(reduceLinksToDomains("(www.example.com/page)")).toBe("(example.com");
  });

  it("leaves words with a slash that are not links alone", () => {
    expect(reduceLinksToDomains("and/or 24/7 e.g. example.com")).toBe("and/or 24/7 e.g. example.com");
  });

  it("scans hostile input in linear time", () => {
    const hostile = `${"a.".repeat(50_000)} ${"http://".repeat(10_000)} ${"x".repeat(50_000)}/`;
    const started = performance.now();
    reduceLinksToDomains(hostile);
    expect(performance.now() - started).toBeLessThan(250);
  });
});

describe("collapseWhitespace", () => {
  it("collapses runs of whitespace and line breaks to one space and trims", () => {
    expect(collapseWhitespace("  one\r\n\r\ntwo\t\tthree \u2028four  ")).toBe("one two three four");
  });
});

describe("normalizeForComparison", () => {
  it("gives a disguised copy the same form as the original", () => {
    const original = "Check out my channel at https://example.com/videos?id=1 for FREE music!";
    const disguised = "Ｃheck   оut\u200B my\nchannel at www.example.com/other  for ꜰʀᴇᴇ músic!\uFEFF";
    expect(normalizeForComparison(disguised)).toBe(normalizeForComparison(original));
    expect(normalizeForComparison(original)).toBe("check out my channel at example.com for free music!");
  });

  it("keeps texts in other scripts distinct from each other", () => {
    expect(normalizeForComparison("Спасибо за статью")).not.toBe(normalizeForComparison("Спасибо за ответ"));
    expect(normalizeForComparison("ありがとう")).toBe("ありがとう");
  });

  it("returns an empty string for whitespace and invisible characters only", () => {
    expect(normalizeForComparison(" \n\t\u200B\uFEFF ")).toBe("");
  });

  it("normalises a 100 kB body of mixed scripts quickly", () => {
    const body = "Ｍixed ѕcripts, émoji 😀 and links https://example.com/x ".repeat(1_800);
    const started = performance.now();
    const normalized = normalizeForComparison(body);
    expect(performance.now() - started).toBeLessThan(500);
    expect(normalized.startsWith("mixed scripts, emoji 😀 and links example.com mixed")).toBe(true);
  });
});
