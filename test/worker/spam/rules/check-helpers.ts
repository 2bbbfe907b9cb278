/** What the rule tests share: a comment analysed as the Worker analyses it, and what rules found in it. */
import { expect } from "vitest";
import { analyzeComment } from "../../../../worker/spam/analysis";
import { defaultSpamSettings, type SpamSettings } from "../../../../worker/spam/verdict";

/** A comment analysed as the Worker analyses it. */
export const analyze = (body: string, authorName = "Reader", authorEmail?: string) =>
  analyzeComment({ body, authorName, authorEmail });

/** The checks that fired, in order. */
export const checks = (reasons: { check: string }[]) => reasons.map((reason) => reason.check);

/** The score of one check, 0 when it did not fire. */
export const score = (reasons: { check: string; score: number }[], check: string) =>
  reasons.find((reason) => reason.check === check)?.score ?? 0;

/** A site that has blocked and allowed some words, domains, addresses and IPs. */
export const listedSettings: SpamSettings = {
  ...defaultSpamSettings,
  blocked: { words: ["casino bonus"], domains: ["spam.example"], emails: ["bot@spam.example"], ipHashes: ["bad-ip"] },
  allowed: { domains: ["blog.example"], emails: ["editor@blog.example"], ipHashes: ["office-ip"] },
};

/** Expects `check` among the reasons `rule` gives for each of the first bodies, and for none of the second. */
export function expectFires(
  check: string,
  rule: (analysis: ReturnType<typeof analyze>) => { check: string }[],
  spam: readonly string[],
  readers: readonly string[],
): void {
  const fires = (body: string) => checks(rule(analyze(body))).includes(check);
  expect(spam.filter((body) => !fires(body))).toEqual([]);
  expect(readers.filter(fires)).toEqual([]);
}
