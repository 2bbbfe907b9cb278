/** Links in a comment's body: how many, how they are written, and whether they are all there is. */
import type { CommentAnalysis } from "../analysis";
import { isReferenceHost } from "../links";
import type { Reason, SpamSettings } from "../verdict";
import { listsDomain } from "./lists";

/**
 * Links: how many (not counting the site's allowed domains), how they are written, whether they
 * carry referral codes or hide behind shorteners, and whether they are all there is. From the
 * site's `linksToHold` links on, the comment is held; fewer are weak evidence that only counts
 * together with something else, and none when they only cite a source (`isReferenceHost`: a reader's
 * "Great article. One correction: … https://www.rfc-editor.org/rfc/rfc9110").
 */
export function checkLinks(
  analysis: CommentAnalysis,
  settings: Pick<SpamSettings, "allowed" | "linksToHold">,
): Reason[] {
  const reasons: Reason[] = [];
  const { links } = analysis;
  const counted = links.hosts.filter((host) => !listsDomain(settings.allowed.domains, host));
  if (counted.length > 0) {
    const detail = `${counted.length}: ${[...new Set(counted)].join(", ")}`;
    if (counted.length >= settings.linksToHold) {
      const score = Math.min(4, 1.5 + counted.length - settings.linksToHold);
      reasons.push({ check: "rules.links", score, detail, holds: true });
    } else if (!counted.every(isReferenceHost)) {
      reasons.push({ check: "rules.links", score: 0.45, detail });
    }
  }
  if (links.bbcodeLinks > 0) reasons.push({ check: "rules.bbcode_link", score: 4, detail: `${links.bbcodeLinks}` });
  if (links.htmlLinks > 0) reasons.push({ check: "rules.html_link", score: 3, detail: `${links.htmlLinks}` });
  if (links.obfuscatedLinks > 0) {
    reasons.push({ check: "rules.obfuscated_link", score: 3, detail: `${links.obfuscatedLinks}` });
  }
  if (counted.length > 0 && analysis.words.length <= 1) {
    reasons.push({ check: "rules.link_only", score: 2 });
  }
  if (links.trackedLinks > 0) {
    reasons.push({
      check: "rules.tracked_link",
      score: 2,
      detail: `${links.trackedLinks} with a referral code or shortener`,
    });
  }
  if (links.emails > 0) reasons.push({ check: "rules.email_in_body", score: 1.5, detail: `${links.emails}` });
  return reasons;
}
