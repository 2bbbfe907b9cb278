import { describe, expect, it } from "vitest";
import { analyzeComment } from "../../../worker/spam/analysis";
import { extractFeatures, MAX_FEATURE_LENGTH, MAX_FEATURES } from "../../../worker/spam/features";

const featuresOf = (
  body: string,
  authorName = "Reader",
  extra: { authorEmail?: string; authorWebsite?: string } = {},
) => extractFeatures(analyzeComment({ body, authorName, ...extra }));

describe("extractFeatures", () => {
  it("gives words, word pairs and prefixed meta-features", () => {
    const features = featuresOf("Check out http://www.promo.example.com now!!", "Best Deals", {
      authorEmail: "a@mail.example",
      authorWebsite: "https://deals.example.org/x",
    });
    expect(features).toEqual(
      expect.arrayContaining([
        "check",
        "out",
        "check out",
        "links:1",
        "url:example.com",
        "bang:2",
        "name:best",
        "name:deals",
        "email:mail.example",
        "site:example.org",
      ]),
    );
  });

  it("gives longer words their first five letters, so a misspelt or inflected word meets what was learned", () => {
    const learned = featuresOf("please subscribe to my channel");
    for (const variant of ["I'm subscribing", "everyday i'm subscrible", "subscribers please"]) {
      expect(featuresOf(variant)).toContain("stem:subsc");
    }
    expect(learned).toContain("stem:subsc");
    expect(featuresOf("a nice cat").filter((feature) => feature.startsWith("stem:"))).toEqual([]);
  });

  it("is deterministic, distinct, and bounded in number and length, even for a huge body", () => {
    const body = Array.from({ length: 3_000 }, (_, index) => `word${index} ${"x".repeat(index % 50)}`).join(" ");
    const features = featuresOf(body);
    expect(features).toEqual(featuresOf(body));
    expect(new Set(features).size).toBe(features.length);
    expect(features.length).toBeLessThanOrEqual(MAX_FEATURES);
    expect(Math.max(...features.map((feature) => feature.length))).toBeLessThanOrEqual(MAX_FEATURE_LENGTH);
  });

  it("sees through homoglyphs and zero-width characters, and notes the trick", () => {
    const features = featuresOf("сheap v\u200Biagra");
    expect(features).toEqual(expect.arrayContaining(["cheap", "viagra", "trick:mixed_script", "trick:zero_width"]));
  });

  it("reads fancy text as plain words, and notes the trick", () => {
    const features = featuresOf("ꜰᴏʀ ꜱᴛᴀʀᴛ ɪ ᴅᴇᴘᴏꜱɪᴛᴇᴅ $1000");
    expect(features).toEqual(expect.arrayContaining(["for", "start", "deposited", "trick:stylised"]));
    expect(featuresOf("for start i deposited $1000")).not.toContain("trick:stylised");
  });

  it("splits text without spaces into character pairs and names the script", () => {
    expect(featuresOf("这首歌很好听")).toEqual(expect.arrayContaining(["这首", "好听", "script:han"]));
  });

  it("gives an empty body only its meta-features", () => {
    expect(featuresOf("").every((feature) => feature.includes(":"))).toBe(true);
  });
});
