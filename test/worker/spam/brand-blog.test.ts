import { describe, expect, it } from "vitest";
import { MemorySite } from "../../../scripts/lib/memory-site";
import type { IntakeDecision } from "../../../worker/intake/decide";
import { defaultSpamSettings, learn, shippedPrior } from "../../../worker/spam";
import { blogQueue } from "../../fixtures/spam/blog-queue";
import { blogReaders } from "../../fixtures/spam/blog-readers";
import { brandBlogComments } from "../../fixtures/spam/brand-blog";
import { type FixtureComment, fixtureComment } from "../../fixtures/spam/fixture-comment";
import { topicalReaders } from "../../fixtures/spam/topical-readers";
import { tutorialBlogComments } from "../../fixtures/spam/tutorial-blog";

/** A new site with the default settings, or with the cold-start prior switched on: nothing learned. */
const newSite = (prior = defaultSpamSettings.prior) =>
  new MemorySite({
    spam: { ...defaultSpamSettings, prior },
    banAction: "spam",
    prior: prior ? shippedPrior : null,
  });

/** Judges comments on a site, every comment in turn, an hour apart. */
async function judgeOn(
  site: MemorySite,
  comments: readonly FixtureComment[],
): Promise<Array<{ comment: FixtureComment; decision: IntakeDecision }>> {
  const judged: Array<{ comment: FixtureComment; decision: IntakeDecision }> = [];
  for (const [position, comment] of comments.entries()) {
    const posting = { id: position, thread: comment.pageTitle, createdAt: position * 3_600_000 };
    judged.push({ comment, decision: await site.decide(comment, posting) });
  }
  return judged;
}

/** Judges a fixture as a new site with the default settings would. */
const judgeAsNewSite = (comments: readonly FixtureComment[] = brandBlogComments) => judgeOn(newSite(), comments);

const statusOf = (decision: IntakeDecision) => (decision.kind === "store" ? decision.status : decision.kind);

describe("a brand's blog, judged as a new site", () => {
  it("sends no reader to spam and publishes at most 10% of the spam", async () => {
    const judged = await judgeAsNewSite();
    const ham = judged.filter(({ comment }) => comment.label === "ham");
    const spam = judged.filter(({ comment }) => comment.label === "spam");
    expect(ham).toHaveLength(50);
    expect(spam).toHaveLength(50);
    const hamToSpam = ham.filter(({ decision }) => statusOf(decision) === "spam").map(({ comment }) => comment.body);
    const spamPublished = spam
      .filter(({ decision }) => statusOf(decision) === "published")
      .map(({ comment }) => comment.body);
    expect(hamToSpam).toEqual([]);
    expect(spamPublished.length).toBeLessThanOrEqual(5);
  });

  it("publishes the readers a YouTube-shaped rule used to hold or reject", async () => {
    const judged = await judgeAsNewSite();
    const status = (start: string) =>
      statusOf(judged.find(({ comment }) => comment.body.startsWith(start))?.decision as IntakeDecision);
    expect(status("Could you translate this into French?")).toBe("published");
    expect(status("We covered this recall on our blog")).toBe("published");
    expect(status("This is amazing news, congratulations")).toBe("published");
    expect(status("Source for the egress pricing change")).toBe("published");
  });
});

describe("a technical tutorial, judged as a new site", () => {
  it("sends no reader to spam, holds only two links, an email address offered and praise with a link, and publishes no spam", async () => {
    const judged = await judgeAsNewSite(tutorialBlogComments);
    const readers = judged.filter(({ comment }) => comment.label === "ham");
    expect(readers).toHaveLength(20);
    expect(readers.filter(({ decision }) => statusOf(decision) === "spam")).toEqual([]);
    const held = readers
      .filter(({ decision }) => statusOf(decision) !== "published")
      .map(({ comment }) => comment.authorName);
    expect(held).toEqual(["Lee", "Lina", "Carl"]);
    const spam = judged.filter(({ comment }) => comment.label === "spam");
    expect(spam).toHaveLength(10);
    expect(spam.filter(({ decision }) => statusOf(decision) === "published")).toEqual([]);
  });
});

describe("readers of finance, health, travel, retail and tech blogs, judged as a new site", () => {
  it("publishes readers who name what spam sells or where scams move the talk, but one weak pair", async () => {
    const judged = await judgeOn(newSite(), topicalReaders);
    const notPublished = judged
      .filter(({ decision }) => statusOf(decision) !== "published")
      .map(({ comment, decision }) => `${statusOf(decision)}: ${comment.body}`);
    // A sales topic (0.5) next to one phrase of praise that fits any post (0.3): held, not spam.
    expect(notPublished).toEqual(["pending: Payday loans ruined my cousin, this article should be required reading."]);
  });
});

describe("readers of twelve kinds of blog, many signing with their own site, judged as a new site", () => {
  it("sends no reader to spam and holds only bare praise, an e-mail offer and a question about this site's theme", async () => {
    const judged = await judgeOn(newSite(), blogReaders);
    expect(judged).toHaveLength(50);
    const notPublished = judged
      .filter(({ decision }) => statusOf(decision) !== "published")
      .map(({ comment, decision }) => `${statusOf(decision)}: ${comment.authorName}`);
    // Praise that fits any post, "just email me" and "Which theme are you using on this site?" are
    // what templates say too: a moderator decides. A reader signing with a site named after them
    // ("Green Thumb Gail", greenthumbgail.net) is not linking a page for its keywords.
    expect(notPublished).toEqual(["pending: Mike T", "pending: Frugal Fran", "pending: Marta", "pending: Linda"]);
  });
});

describe("twelve weeks of blogs' and tutorials' queues, templates, outreach and spam in four languages among readers, judged as a new site", () => {
  it("publishes one spam of 285, sends no reader to spam and holds only a theme question, a phone number, an e-mail address, bare praise and links", async () => {
    const judged = await judgeOn(newSite(), blogQueue);
    const spam = judged.filter(({ comment }) => comment.label === "spam");
    const readers = judged.filter(({ comment }) => comment.label === "ham");
    expect([spam.length, readers.length]).toEqual([285, 276]);
    // A parent's testimonial with one bare link: what a reader recommending an app looks like too.
    expect(
      spam.filter(({ decision }) => statusOf(decision) === "published").map(({ comment }) => comment.authorName),
    ).toEqual(["Math Genius"]);
    expect(readers.filter(({ decision }) => statusOf(decision) === "spam")).toEqual([]);
    const held = readers
      .filter(({ decision }) => statusOf(decision) !== "published")
      .map(({ comment }) => comment.authorName);
    // "Which WordPress theme is this?", a water company's number, "Very helpful, thanks. Bookmarked
    // for my team.", two ticket links, "Great write-up, very helpful. Sharing with my dad", an e-mail
    // address to send the code to, "Thanks, very useful! Bookmarked." and a budget planner called
    // "really good" with its link: what templates and link drops look like, a moderator decides.
    expect(held).toEqual(["Helen", "Moira", "Olu", "Rico", "Marcus", "Arjun", "Ahmed", "Kemi"]);
  });
});

describe("readers' plain thanks on a site that has learned its template spam", () => {
  it("holds praise that fits any post, never sends it to spam: praise and the classifier then see the same words", async () => {
    const site = newSite();
    for (const comment of [...brandBlogComments, ...tutorialBlogComments])
      await learn(site.model, comment, comment.label);
    const garden = fixtureComment("ham", "Gardening on a balcony");
    const readers = [
      garden("Linda", "What a lovely article. Thanks for sharing your knowledge with us, very helpful information!"),
      garden("Linda", "Thank you so much for sharing this, very informative and helpful. Keep up the good work!"),
      garden("Linda", "Great article, thanks for sharing. Very useful information."),
    ];
    for (const [position, reader] of readers.entries()) {
      const decision = await site.decide(reader, {
        id: 1000 + position,
        thread: reader.pageTitle,
        createdAt: position,
      });
      expect(statusOf(decision), reader.body).toBe("pending");
    }
  });
});

describe("the blogs again, with the cold-start prior switched on", () => {
  it("sends no reader to spam: the prior, learned on other sites, holds at most", async () => {
    for (const comments of [brandBlogComments, tutorialBlogComments]) {
      const judged = await judgeOn(newSite(true), comments);
      const readersToSpam = judged
        .filter(({ comment, decision }) => comment.label === "ham" && statusOf(decision) === "spam")
        .map(({ comment }) => comment.body);
      expect(readersToSpam).toEqual([]);
      const spamPublished = judged.filter(
        ({ comment, decision }) => comment.label === "spam" && statusOf(decision) === "published",
      );
      expect(spamPublished).toEqual([]);
    }
  });
});

describe("fellow bloggers on a food blog, judged as a new site", () => {
  it("publishes short praise signed with the reader's own site when it tells what they did or asks", async () => {
    const reader = fixtureComment("ham", "Slow-cooked lamb shoulder with rosemary");
    const blogger = (authorName: string, body: string) =>
      reader(authorName, body, `https://${authorName.toLowerCase()}-cooks.example`);
    const judged = await judgeAsNewSite([
      blogger("Julia", "Great post! I tried it on Sunday and the whole family loved it."),
      blogger("Mark", "Thanks for sharing, I will make this for Easter."),
      blogger("Ines", "Lovely recipe, the rosemary and garlic combination is perfect."),
      blogger("Tom", "Nice one. How long would it take in a pressure cooker?"),
      blogger("Ola", "Very informative, thank you. Could I use mutton instead?"),
    ]);
    expect(judged.map(({ decision }) => statusOf(decision))).toEqual(Array(5).fill("published"));
  });

  it("holds bare praise signed with a website, the link drop of a spam queue, even in Markdown", async () => {
    const judged = await judgeAsNewSite([
      {
        label: "spam",
        pageTitle: "Slow-cooked lamb shoulder",
        authorName: "Ada",
        body: "Nice *post*",
        authorWebsite: "https://ada.example",
      },
    ]);
    expect(judged.map(({ decision }) => statusOf(decision))).toEqual(["pending"]);
  });
});

describe("a brand's blog whose moderators have cleared much more spam than they approved readers", () => {
  it("still publishes its readers: the labelled set's lean to spam is not evidence about the next comment", async () => {
    const site = newSite();
    const spam = [...brandBlogComments, ...tutorialBlogComments].filter(({ label }) => label === "spam");
    const readers = brandBlogComments.filter(({ label }) => label === "ham");
    const approved = readers.slice(0, 4);
    for (const comment of [...spam, ...spam, ...spam]) await learn(site.model, comment, "spam");
    for (const comment of approved) await learn(site.model, comment, "ham");
    expect(site.model.spamDocs / site.model.hamDocs).toBeGreaterThan(10);
    const judged = (await judgeOn(site, readers.slice(4))).map(({ comment, decision }) => ({
      body: comment.body,
      status: statusOf(decision),
    }));
    expect(judged.filter(({ status }) => status === "spam")).toEqual([]);
    expect(judged.filter(({ status }) => status !== "published").length).toBeLessThanOrEqual(2);
  });
});
