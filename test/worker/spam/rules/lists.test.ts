import { describe, expect, it } from "vitest";
import { checkLists, checkTrustedAuthor } from "../../../../worker/spam/rules";
import { analyze, checks, listedSettings, score } from "./check-helpers";

describe("checkLists", () => {
  it("blocks listed words even behind homoglyphs and zero-width characters", () => {
    expect(checks(checkLists(analyze("best саsino b\u200Bonus here"), {}, listedSettings))).toEqual([
      "lists.blocked_word",
    ]);
  });

  it("blocks listed domains and their subdomains, e-mails and IP hashes", () => {
    const reasons = checkLists(
      analyze("go to http://www.shop.spam.example", "x", "Bot@Spam.example"),
      { ipHash: "bad-ip" },
      listedSettings,
    );
    expect(checks(reasons)).toEqual(["lists.blocked_domain", "lists.blocked_email", "lists.blocked_ip"]);
  });

  it("does not block a word that only contains a listed one", () => {
    expect(checkLists(analyze("the casinos of Monaco are old"), {}, listedSettings)).toEqual([]);
  });

  it("lets an allowed author outweigh a blocked word", () => {
    const reasons = checkLists(
      analyze("a casino bonus story", "Ed", "editor@blog.example"),
      { ipHash: "office-ip" },
      listedSettings,
    );
    const total = reasons.reduce((sum, reason) => sum + reason.score, 0);
    expect(checks(reasons)).toEqual(["lists.blocked_word", "lists.allowed_email", "lists.allowed_ip"]);
    expect(total).toBeLessThan(0);
  });
});

describe("checkTrustedAuthor", () => {
  it("trusts an author more with each doubling of approved comments, up to a limit", () => {
    const trust = (approved: number) =>
      score(checkTrustedAuthor({ approvedCommentsByEmail: approved }), "rules.trusted_author");
    expect(trust(0)).toBe(0);
    expect(trust(1)).toBe(-1);
    expect(trust(4)).toBeLessThan(trust(1));
    expect(trust(1000)).toBe(-3);
  });
});
