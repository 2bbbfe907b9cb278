import { describe, expect, it } from "vitest";
import {
  assessComment,
  decideVerdict,
  defaultSpamSettings,
  learn,
  MemoryClassifierState,
  type SpamInput,
  type SpamSettings,
} from "../../../worker/spam";

const comment = (body: string, authorName = "Sam Reader", extra: Partial<SpamInput> = {}): SpamInput => ({
  body,
  authorName,
  ...extra,
});

/** A site whose moderators have already labelled a few ordinary comments of each kind. */
async function trainedSite(): Promise<MemoryClassifierState> {
  const state = new MemoryClassifierState();
  const ham = [
    "Great article, the part about caching was really helpful.",
    "I disagree with the second point, but thanks for writing this.",
    "Does this also work with the older version of the library?",
    "Thanks! I tried it on my project and it worked first time.",
    "Nice explanation of the trade-offs, bookmarking this.",
  ];
  const spam = [
    "Earn cash fast with this crypto robot http://robot.example",
    "Best replica watches at discount prices http://watches.example",
    "Hot singles in your area, click here http://dating.example",
    "Cheap pills without prescription http://pills.example",
    "Work from home and earn money http://jobs.example",
  ];
  for (const body of ham) await learn(state, comment(body), "ham");
  for (const body of spam) await learn(state, comment(body, "Promo Team"), "spam");
  return state;
}

describe("assessComment", () => {
  it("publishes an ordinary comment on a new site, with no reasons against it", async () => {
    const assessment = await assessComment(
      comment("Lovely photos, which lens did you use?"),
      new MemoryClassifierState(),
      defaultSpamSettings,
    );
    expect(assessment.verdict).toBe("publish");
    expect(assessment.reasons.filter((reason) => reason.score > 0)).toEqual([]);
  });

  it("publishes non-English ham", async () => {
    const state = await trainedSite();
    for (const body of [
      "Отличная статья, спасибо!",
      "这篇文章写得很好，谢谢分享。",
      "Très bon article, merci beaucoup !",
    ]) {
      expect((await assessComment(comment(body), state, defaultSpamSettings)).verdict).toBe("publish");
    }
  });

  it("stops spam that imitates praise, and says why", async () => {
    const assessment = await assessComment(
      comment(
        "Wow amazing post!! I love it. Check out my channel and subscribe http://promo.example",
        "Cheap SEO Services",
      ),
      await trainedSite(),
      defaultSpamSettings,
    );
    expect(assessment.verdict).toBe("spam");
    expect(assessment.reasons.map((reason) => reason.check)).toEqual(
      expect.arrayContaining(["rules.self_promotion", "rules.links", "rules.name_is_keywords", "classifier"]),
    );
  });

  it("holds rather than rejects when only one weak sign is present on a new site", async () => {
    const assessment = await assessComment(
      comment("The official docs explain it: https://docs.example.org/guide"),
      new MemoryClassifierState(),
      defaultSpamSettings,
    );
    expect(assessment.verdict).toBe("hold");
  });

  it("publishes ham with one relevant link once the site has learned, or when the domain is allowed", async () => {
    const state = await trainedSite();
    const linked = comment("Great article, the docs explain the caching part too: https://docs.example.org/guide");
    expect((await assessComment(linked, state, defaultSpamSettings)).verdict).toBe("publish");
    const allowing: SpamSettings = {
      ...defaultSpamSettings,
      allowed: { domains: ["example.org"], emails: [], ipHashes: [] },
    };
    expect((await assessComment(linked, new MemoryClassifierState(), allowing)).verdict).toBe("publish");
  });

  it("holds an invisible body and survives a huge one", async () => {
    const state = await trainedSite();
    expect((await assessComment(comment("\u200B\u200C\uFEFF"), state, defaultSpamSettings)).verdict).toBe("hold");
    const huge = await assessComment(
      comment(`${"spam http://x.example ".repeat(500)}`.slice(0, 10_000)),
      state,
      defaultSpamSettings,
    );
    expect(huge.verdict).toBe("spam");
  });

  it("applies the site's moderation mode", async () => {
    const state = await trainedSite();
    const ordinary = comment("Nice explanation, thanks.", "Sam", { authorEmail: "sam@mail.example" });
    const holdAll = { ...defaultSpamSettings, moderationMode: "hold_all" as const };
    const holdFirst = { ...defaultSpamSettings, moderationMode: "hold_first" as const };
    expect((await assessComment(ordinary, state, holdAll)).verdict).toBe("hold");
    expect((await assessComment(ordinary, state, holdFirst)).verdict).toBe("hold");
    expect((await assessComment({ ...ordinary, approvedCommentsByEmail: 2 }, state, holdFirst)).verdict).toBe(
      "publish",
    );
  });

  it("holds a copy of someone else's comment, and calls it spam when the classifier agrees", async () => {
    const state = await trainedSite();
    const duplicate = { kind: "exact", duplicateOf: 41, similarity: 1, scope: "copy" as const };
    const copiedHam = comment("Nice explanation of the trade-offs, bookmarking this.", "Other", { duplicate });
    expect((await assessComment(copiedHam, state, defaultSpamSettings)).verdict).toBe("hold");
    const spammy = comment("Replica watches without prescription", "Other");
    expect((await assessComment(spammy, state, defaultSpamSettings)).verdict).toBe("hold");
    expect((await assessComment({ ...spammy, duplicate }, state, defaultSpamSettings)).verdict).toBe("spam");
    const repeat = comment("Nice explanation of the trade-offs, bookmarking this.", "Sam", {
      duplicate: { ...duplicate, scope: "repeat" },
    });
    expect((await assessComment(repeat, state, defaultSpamSettings)).verdict).toBe("publish");
  });

  it("takes Akismet's discard as spam", async () => {
    const assessment = await assessComment(
      comment("Interesting, thanks", "Sam", { akismet: "discard" }),
      new MemoryClassifierState(),
      defaultSpamSettings,
    );
    expect(assessment.verdict).toBe("spam");
  });

  it("follows the site's thresholds", async () => {
    const input = comment("The official docs explain it: https://docs.example.org/guide");
    const lenient = { ...defaultSpamSettings, holdAbove: 0.9 };
    expect((await assessComment(input, new MemoryClassifierState(), lenient)).verdict).toBe("publish");
  });
});

describe("learn", () => {
  const probe = comment("Join my crypto trading group for daily signals", "Trader");

  it("changes the next verdict for a similar comment", async () => {
    const state = await trainedSite();
    const before = await assessComment(probe, state, defaultSpamSettings);
    await learn(state, comment("Join my crypto trading group, daily signals and profit", "Trader"), "spam");
    await learn(state, comment("My crypto trading group gives daily signals", "Trader"), "spam");
    const after = await assessComment(probe, state, defaultSpamSettings);
    expect(after.score).toBeGreaterThan(before.score);
    expect(after.verdict).not.toBe("publish");
  });

  it("undoes a reversed decision: counts move back and the comment reads as ham again", async () => {
    const state = await trainedSite();
    const reviewed = comment("Great article, I shared the caching section with my team", "Kim");
    const counts = () => ({ ham: state.hamDocs, spam: state.spamDocs });
    const start = counts();
    await learn(state, reviewed, "spam");
    const markedSpam = await assessComment(reviewed, state, defaultSpamSettings);
    await learn(state, reviewed, "ham", "spam");
    const restored = await assessComment(reviewed, state, defaultSpamSettings);
    expect(counts()).toEqual({ ham: start.ham + 1, spam: start.spam });
    expect(restored.score).toBeLessThan(markedSpam.score);
    expect(restored.verdict).toBe("publish");
  });

  it("changes no counts when the same label is taught again", async () => {
    const state = await trainedSite();
    const counts = { ham: state.hamDocs, spam: state.spamDocs };
    await learn(state, comment("Great article"), "ham", "ham");
    expect({ ham: state.hamDocs, spam: state.spamDocs }).toEqual(counts);
  });
});

describe("decideVerdict", () => {
  it("publishes, holds or rejects by the combined score, and lets a holding reason hold", () => {
    const settings = { holdAbove: 0.5, spamAbove: 0.95 };
    expect(decideVerdict([], settings).verdict).toBe("publish");
    expect(decideVerdict([{ check: "x", score: 1.5 }], settings).verdict).toBe("hold");
    expect(decideVerdict([{ check: "x", score: 5 }], settings).verdict).toBe("spam");
    expect(decideVerdict([{ check: "mode.hold_all", score: 0, holds: true }], settings).verdict).toBe("hold");
  });

  it("never rejects on the classifier's word alone", () => {
    const settings = { holdAbove: 0.5, spamAbove: 0.95 };
    const sure = { check: "classifier", score: 6 };
    expect(decideVerdict([sure], settings).verdict).toBe("hold");
    expect(decideVerdict([sure, { check: "rules.links", score: 1.5 }], settings).verdict).toBe("spam");
    expect(decideVerdict([sure, { check: "rules.trusted_author", score: -1 }], settings).verdict).toBe("hold");
  });
});
