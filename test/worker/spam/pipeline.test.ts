import { describe, expect, it } from "vitest";
import {
  type Assessment,
  assessComment,
  type ClassifierState,
  classifierEvidence,
  decideVerdict,
  defaultSpamSettings,
  learn,
  MemoryClassifierState,
  modelKeysFor,
  type SpamInput,
  type SpamSettings,
} from "../../../worker/spam";

const comment = (body: string, authorName = "Sam Reader", extra: Partial<SpamInput> = {}): SpamInput => ({
  body,
  authorName,
  ...extra,
});

/** Judges a comment as the Worker does: the site's model read for its keys, no prior. */
async function judge(input: SpamInput, state: ClassifierState, settings: SpamSettings): Promise<Assessment> {
  return assessComment(input, { site: await state.read(modelKeysFor(input)), prior: null }, settings);
}

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
    const assessment = await judge(
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
      expect((await judge(comment(body), state, defaultSpamSettings)).verdict).toBe("publish");
    }
  });

  it("stops spam that imitates praise, and says why", async () => {
    const assessment = await judge(
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

  it("publishes a reader's comment with one link to a source on a new site, and holds one with two", async () => {
    const one = comment("The official docs explain it: https://docs.example.org/guide");
    expect((await judge(one, new MemoryClassifierState(), defaultSpamSettings)).verdict).toBe("publish");
    const two = comment("See https://docs.example.org/guide and https://other.example.net/faq");
    expect((await judge(two, new MemoryClassifierState(), defaultSpamSettings)).verdict).toBe("hold");
  });

  it("publishes ham with one relevant link once the site has learned, or when the domain is allowed", async () => {
    const state = await trainedSite();
    const linked = comment("Great article, the docs explain the caching part too: https://docs.example.org/guide");
    expect((await judge(linked, state, defaultSpamSettings)).verdict).toBe("publish");
    const allowing: SpamSettings = {
      ...defaultSpamSettings,
      allowed: { domains: ["example.org"], emails: [], ipHashes: [] },
    };
    expect((await judge(linked, new MemoryClassifierState(), allowing)).verdict).toBe("publish");
  });

  it("holds an invisible body and survives a huge one", async () => {
    const state = await trainedSite();
    expect((await judge(comment("\u200B\u200C\uFEFF"), state, defaultSpamSettings)).verdict).toBe("hold");
    const huge = await judge(
      comment(`${"cheap viagra online http://x.example ".repeat(300)}`.slice(0, 10_000)),
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
    expect((await judge(ordinary, state, holdAll)).verdict).toBe("hold");
    expect((await judge(ordinary, state, holdFirst)).verdict).toBe("hold");
    expect((await judge({ ...ordinary, approvedCommentsByEmail: 2 }, state, holdFirst)).verdict).toBe("publish");
  });

  it("holds a copy of someone else's comment, and calls it spam when the classifier agrees", async () => {
    const state = await trainedSite();
    const duplicate = { kind: "exact", duplicateOf: 41, similarity: 1, scope: "copy" as const };
    const copiedHam = comment("Nice explanation of the trade-offs, bookmarking this.", "Other", { duplicate });
    expect((await judge(copiedHam, state, defaultSpamSettings)).verdict).toBe("hold");
    const spammy = comment("Loved this cover, check out my channel for more", "Other");
    expect((await judge(spammy, state, defaultSpamSettings)).verdict).toBe("hold");
    expect((await judge({ ...spammy, duplicate }, state, defaultSpamSettings)).verdict).toBe("spam");
    const repeat = comment("Nice explanation of the trade-offs, bookmarking this.", "Sam", {
      duplicate: { ...duplicate, scope: "repeat" },
    });
    expect((await judge(repeat, state, defaultSpamSettings)).verdict).toBe("publish");
  });

  it("takes Akismet's discard as spam", async () => {
    const assessment = await judge(
      comment("Interesting, thanks", "Sam", { akismet: "discard" }),
      new MemoryClassifierState(),
      defaultSpamSettings,
    );
    expect(assessment.verdict).toBe("spam");
  });

  it("follows the site's thresholds and link count", async () => {
    const input = comment("See https://docs.example.org/guide and https://other.example.net/faq");
    const empty = new MemoryClassifierState();
    expect((await judge(input, empty, defaultSpamSettings)).verdict).toBe("hold");
    expect((await judge(input, empty, { ...defaultSpamSettings, linksToHold: 3 })).verdict).toBe("publish");
    const strict = { ...defaultSpamSettings, linksToHold: 3, holdAbove: 0.3 };
    expect((await judge(input, empty, strict)).verdict).toBe("hold");
  });
});

describe("learn", () => {
  const probe = comment("Join my crypto trading group for daily signals", "Trader");

  it("changes the next verdict for a similar comment", async () => {
    const state = await trainedSite();
    const before = await judge(probe, state, defaultSpamSettings);
    await learn(state, comment("Join my crypto trading group, daily signals and profit", "Trader"), "spam");
    await learn(state, comment("My crypto trading group gives daily signals", "Trader"), "spam");
    const after = await judge(probe, state, defaultSpamSettings);
    expect(after.score).toBeGreaterThan(before.score);
    expect(after.verdict).not.toBe("publish");
  });

  it("undoes a reversed decision: counts move back and the comment reads as ham again", async () => {
    const state = await trainedSite();
    const reviewed = comment("Great article, I shared the caching section with my team", "Kim");
    const counts = () => ({ ham: state.hamDocs, spam: state.spamDocs });
    const start = counts();
    await learn(state, reviewed, "spam");
    const markedSpam = await judge(reviewed, state, defaultSpamSettings);
    await learn(state, reviewed, "ham", "spam");
    const restored = await judge(reviewed, state, defaultSpamSettings);
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
    expect(decideVerdict([{ check: "x", score: 5 }], settings).verdict).toBe("hold");
    expect(
      decideVerdict(
        [
          { check: "x", score: 2.5 },
          { check: "y", score: 2.5 },
        ],
        settings,
      ).verdict,
    ).toBe("spam");
    expect(decideVerdict([{ check: "mode.hold_all", score: 0, holds: true }], settings).verdict).toBe("hold");
  });

  it("needs two independent kinds of evidence for spam: one rule, or one family of rules, only holds", () => {
    const settings = { holdAbove: 0.5, spamAbove: 0.95 };
    const promotion = { check: "rules.self_promotion", score: 4 };
    const bait = { check: "rules.engagement_bait", score: 4 };
    expect(decideVerdict([promotion, bait], settings).verdict).toBe("hold");
    expect(decideVerdict([promotion, { check: "rules.spintax", score: 3 }], settings).verdict).toBe("spam");
    expect(decideVerdict([{ check: "gate.honeypot", score: 10 }], settings).verdict).toBe("spam");
    expect(decideVerdict([{ check: "lists.blocked_word", score: 8 }], settings).verdict).toBe("spam");
    expect(decideVerdict([promotion, { check: "classifier", score: 2 }], settings).verdict).toBe("spam");
    // The classifier agrees from odds of e to 1 of its own (its evidence counts 0.75 of its log-odds).
    expect(decideVerdict([promotion, { check: "classifier", score: 0.8 }], settings).verdict).toBe("spam");
    expect(decideVerdict([promotion, { check: "classifier", score: 0.7 }], settings).verdict).toBe("hold");
    // One link is not a signal of its own; two are.
    expect(decideVerdict([promotion, { check: "rules.links", score: 0.45 }], settings).verdict).toBe("hold");
    expect(decideVerdict([promotion, { check: "rules.links", score: 1.5 }], settings).verdict).toBe("spam");
    expect(decideVerdict([promotion, { check: "rules.website_only", score: 0.3 }], settings).verdict).toBe("hold");
  });

  it("never rejects on the classifier's word alone", () => {
    const settings = { holdAbove: 0.5, spamAbove: 0.95 };
    const sure = { check: "classifier", score: 6 };
    expect(decideVerdict([sure], settings).verdict).toBe("hold");
    expect(decideVerdict([sure, { check: "classifier.prior", score: 2 }], settings).verdict).toBe("hold");
    // The prior learned on other sites may hold a comment, but is never one of the two signals.
    const promotion = { check: "rules.self_promotion", score: 4 };
    expect(decideVerdict([promotion, { check: "classifier.prior", score: 3 }], settings).verdict).toBe("hold");
    expect(decideVerdict([promotion, { check: "classifier", score: 3 }], settings).verdict).toBe("spam");
    expect(decideVerdict([sure, { check: "rules.links", score: 1.5 }], settings).verdict).toBe("spam");
    expect(decideVerdict([sure, { check: "rules.links", score: 0.45 }], settings).verdict).toBe("hold");
    expect(decideVerdict([sure, { check: "rules.trusted_author", score: -1 }], settings).verdict).toBe("hold");
  });

  it("holds a strong rule whatever the classifier says: it clears weak signs only", () => {
    const settings = { holdAbove: 0.5, spamAbove: 0.95 };
    // A scam testimonial reusing the handle that a finance site's approved readers write all day.
    const sureHam = { check: "classifier", score: classifierEvidence(0.0001, { hamDocs: 500, spamDocs: 500 }) };
    expect(decideVerdict([{ check: "rules.handle_referral", score: 2.5 }, sureHam], settings).verdict).toBe("hold");
    expect(decideVerdict([{ check: "rules.money_words", score: 0.45 }, sureHam], settings).verdict).toBe("publish");
    expect(decideVerdict([{ check: "rules.links", score: 0.45 }, sureHam], settings).verdict).toBe("publish");
  });

  it("takes praise, a theme question or an offer to get in touch for a signal only when overwhelming: readers say the same", () => {
    const settings = { holdAbove: 0.5, spamAbove: 0.95 };
    const sure = { check: "classifier", score: 3 };
    expect(decideVerdict([sure, { check: "rules.generic_praise", score: 1.5 }], settings).verdict).toBe("hold");
    expect(decideVerdict([sure, { check: "rules.generic_praise", score: 2.1 }], settings).verdict).toBe("spam");
    expect(decideVerdict([sure, { check: "rules.platform_question", score: 1.5 }], settings).verdict).toBe("hold");
    expect(decideVerdict([sure, { check: "rules.platform_question", score: 2 }], settings).verdict).toBe("spam");
    // One invitation to get in touch, an address in the body: readers offer help and files too.
    const invitation = { check: "rules.contact", score: 4 };
    const address = { check: "rules.email_in_body", score: 1.5 };
    expect(decideVerdict([sure, invitation, address], settings).verdict).toBe("hold");
    expect(decideVerdict([sure, { check: "rules.contact", score: 6 }], settings).verdict).toBe("spam");
    expect(decideVerdict([sure, invitation, { check: "rules.phone_number", score: 4 }], settings).verdict).toBe("spam");
    // Praise still adds up towards holding, and a template's own sentences are still a signal.
    expect(decideVerdict([{ check: "rules.generic_praise", score: 0.9 }], settings).verdict).toBe("hold");
    expect(decideVerdict([sure, { check: "rules.spam_template", score: 2 }], settings).verdict).toBe("spam");
  });
});
