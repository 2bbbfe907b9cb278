/**
 * Hand-written checks that need no training: links and link markup, phrases of self-promotion,
 * selling and contact, names that are keywords or addresses, spelling tricks, the site's block and
 * allow lists, and trust earned by an author's approved comments. Each returns a reason only when
 * it fires. The phrase lists are generic comment spam, not tuned to one site: the classifier
 * learns each site's own.
 */
import type { CommentAnalysis } from "../analysis";
import type { Reason, SpamSettings } from "../verdict";
import { checkAuthor } from "./author";
import { checkLinks } from "./links";
import { checkLists, checkTrustedAuthor, type RuleInput } from "./lists";
import { checkSolicitation } from "./solicitation";
import { checkTemplates } from "./templates";
import { checkTricks } from "./tricks";

export {
  checkAuthor,
  checkLinks,
  checkLists,
  checkSolicitation,
  checkTemplates,
  checkTricks,
  checkTrustedAuthor,
  type RuleInput,
};

/** Runs every rule; returns the reasons that fired. */
export function checkRules(analysis: CommentAnalysis, input: RuleInput, settings: SpamSettings): Reason[] {
  return [
    ...checkLists(analysis, input, settings),
    ...checkLinks(analysis, settings),
    ...checkSolicitation(analysis),
    ...checkTemplates(analysis),
    ...checkAuthor(analysis),
    ...checkTricks(analysis),
    ...checkTrustedAuthor(input),
  ];
}
