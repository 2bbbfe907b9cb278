import { describe, expect, it } from "vitest";
import { MAX_CANDIDATES } from "../../../worker/duplicates";
import { MemoryDuplicateIndex } from "../../../worker/duplicates/memory-index";
import { decideIntake, type IntakeDecision, prepareComment } from "../../../worker/intake";
import { defaultSpamSettings, MemoryClassifierState, shippedPrior } from "../../../worker/spam";
import { brandBlogComments, type FixtureComment } from "../../fixtures/spam/brand-blog";

/** Judges the fixture as a new site with the default settings would: nothing learned, every comment in turn. */
async function judgeAsNewSite(): Promise<Array<{ comment: FixtureComment; decision: IntakeDecision }>> {
  const model = new MemoryClassifierState();
  const index = new MemoryDuplicateIndex();
  const judged: Array<{ comment: FixtureComment; decision: IntakeDecision }> = [];
  for (const [position, comment] of brandBlogComments.entries()) {
    const prepared = prepareComment(comment);
    const createdAt = position * 3_600_000;
    const decision = decideIntake(
      { spam: defaultSpamSettings, banAction: "spam", prior: defaultSpamSettings.prior ? shippedPrior : null },
      {
        approvedCommentsByEmail: 0,
        authorIsTrusted: false,
        bans: [],
        model: await model.read(prepared.modelKeys),
        candidates: await index.candidates("brand", prepared.fingerprint.keys, MAX_CANDIDATES),
      },
      {
        ...comment,
        authorEmail: null,
        authorWebsite: comment.authorWebsite ?? null,
        ipHash: "ip",
        threadId: comment.pageTitle,
        createdAt,
        prepared,
        honeypotFilled: false,
      },
    );
    const { normalized, fingerprint } = prepared;
    await index.add("brand", {
      id: position,
      thread: comment.pageTitle,
      author: comment.authorName,
      createdAt,
      normalized,
      keys: fingerprint.keys,
    });
    judged.push({ comment, decision });
  }
  return judged;
}

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
