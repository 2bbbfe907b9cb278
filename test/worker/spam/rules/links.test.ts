import { describe, expect, it } from "vitest";
import { checkLinks } from "../../../../worker/spam/rules";
import { defaultSpamSettings } from "../../../../worker/spam/verdict";
import { analyze, checks, listedSettings, score } from "./check-helpers";

describe("checkLinks", () => {
  it("gives one link a little weight that never holds, and holds from the site's link count on", () => {
    const one = checkLinks(analyze("Agreed, the guide says so: https://guide.example/html52/"), defaultSpamSettings);
    const two = checkLinks(analyze("See https://a.example/x and https://b.example/y"), defaultSpamSettings);
    const many = checkLinks(analyze("a.com b.net c.org d.info"), defaultSpamSettings);
    expect(score(one, "rules.links")).toBeGreaterThan(0);
    expect(score(one, "rules.links")).toBeLessThan(0.5);
    expect(one.some((reason) => reason.holds)).toBe(false);
    expect(two.find((reason) => reason.check === "rules.links")?.holds).toBe(true);
    expect(score(many, "rules.links")).toBeGreaterThanOrEqual(3);
    const lenient = { ...defaultSpamSettings, linksToHold: 3 };
    const twoOnLenientSite = checkLinks(analyze("See https://a.example/x and https://b.example/y"), lenient);
    expect(twoOnLenientSite.some((reason) => reason.holds)).toBe(false);
  });

  it("gives no weight to one link that cites a source, but counts such links towards holding", () => {
    for (const body of [
      "Great article. One correction: the current RFC is 9110, not 7231. https://www.rfc-editor.org/rfc/rfc9110",
      "Agreed, the spec says so: https://www.w3.org/TR/html52/",
      "The Wikipedia article has the dates: https://en.wikipedia.org/wiki/Sourdough",
    ]) {
      expect(checks(checkLinks(analyze(body), defaultSpamSettings)), body).toEqual([]);
    }
    const twoSources = checkLinks(
      analyze("See https://developer.mozilla.org/x and https://www.w3.org/TR/y"),
      defaultSpamSettings,
    );
    expect(twoSources.find((reason) => reason.check === "rules.links")?.holds).toBe(true);
    const bare = checkLinks(analyze("https://en.wikipedia.org/wiki/X"), { ...defaultSpamSettings, linksToHold: 3 });
    expect(checks(bare)).toEqual(["rules.link_only"]);
  });

  it("does not count links to the site's allowed domains", () => {
    const reasons = checkLinks(analyze("as I wrote on https://blog.example/post/1"), listedSettings);
    expect(checks(reasons)).toEqual([]);
  });

  it("flags BBCode and HTML link markup, which no person types into a plain-text box", () => {
    const reasons = checkLinks(
      analyze('[url=http://pills.example]buy[/url] <a href="http://x.example">x</a>'),
      defaultSpamSettings,
    );
    expect(checks(reasons)).toEqual(expect.arrayContaining(["rules.bbcode_link", "rules.html_link"]));
  });

  it("flags a link with a referral code more than a plain one", () => {
    const reasons = checkLinks(analyze("this is the song http://psn.example/?ref=2tGgp3pV6L"), defaultSpamSettings);
    expect(checks(reasons)).toEqual(["rules.links", "rules.tracked_link"]);
  });

  it("flags a body that is nothing but a link", () => {
    expect(checks(checkLinks(analyze("http://shhort.example/a?r=Hu5ab"), defaultSpamSettings))).toContain(
      "rules.link_only",
    );
    expect(checks(checkLinks(analyze("The video at http://x.example explains it"), defaultSpamSettings))).not.toContain(
      "rules.link_only",
    );
  });
});
