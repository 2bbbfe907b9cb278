/**
 * The verdict combiner. Every check reports a reason whose score is evidence in log-odds: positive
 * for spam, negative for ham, 0 for no opinion. The combined score is the logistic of their sum
 * (plus a prior that most comments are ham), compared with the site's two thresholds. Being unsure
 * means holding, never rejecting: no single kind of evidence makes a comment spam, two independent
 * ones must agree (`hasIndependentEvidence`). Some reasons also hold the comment whatever the score:
 * the site's moderation mode, a copied comment, links from the site's `linksToHold` on.
 */

import { LABEL_RATIO_TAKEN_AS_IS } from "./classifier";

/** Where a comment goes: shown at once, held for a moderator, or stored as spam and never shown. */
export type Verdict = "publish" | "hold" | "spam";

/** How a site moderates new comments (the `sites.moderation_mode` column). */
export type ModerationMode = "publish" | "hold_first" | "hold_all";

/** One check's finding. */
export interface Reason {
  /** The check, such as `rules.links` or `classifier`. */
  check: string;
  /** Evidence in log-odds: +1 makes spam e (2.7) times likelier, -1 the reverse. */
  score: number;
  /** What was found, for the moderator. */
  detail?: string;
  /** True when this finding alone holds the comment for a moderator, whatever the score. */
  holds?: boolean;
}

/** Addresses, domains, words and IP hashes a site has listed. */
export interface SiteLists {
  /** Words or phrases, matched as whole words in the normalised body and author name. */
  words: readonly string[];
  /** Domains, matched against links, the e-mail's domain and the website (subdomains included). */
  domains: readonly string[];
  /** Whole e-mail addresses, compared case-insensitively. */
  emails: readonly string[];
  /** Salted hashes of IP addresses, as the Worker computes them. */
  ipHashes: readonly string[];
}

/** A site's spam settings. */
export interface SpamSettings {
  moderationMode: ModerationMode;
  /** Combined scores above this are held for a moderator. */
  holdAbove: number;
  /** Combined scores above this are spam. */
  spamAbove: number;
  /** Anything listed here is strong evidence of spam. */
  blocked: SiteLists;
  /**
   * Trusted authors and IPs (strong evidence of ham, outweighing a block-list word) and domains
   * whose links do not count as links. Words cannot be allowed: that would let spam through.
   */
  allowed: Omit<SiteLists, "words">;
  /** A comment with this many links (not counting allowed domains) or more is held; fewer never hold on their own. */
  linksToHold: number;
  /**
   * Whether the shipped cold-start prior (worker/spam/prior.ts) counts next to the site's own
   * classifier. Off by default: learned from YouTube and Instagram comments, it holds ordinary blog
   * readers (see the README's spam section for the measurements).
   */
  prior: boolean;
}

const emptyLists: SiteLists = { words: [], domains: [], emails: [], ipHashes: [] };

/** Settings of a new site. */
export const defaultSpamSettings: SpamSettings = {
  moderationMode: "publish",
  holdAbove: 0.5,
  spamAbove: 0.95,
  blocked: emptyLists,
  allowed: emptyLists,
  linksToHold: 2,
  prior: false,
};

/** Log-odds of spam before any evidence: a comment with nothing against it is published. */
const PRIOR_SCORE = -0.5;

/**
 * Labelled comments of each class a classifier needs before its judgement counts in full. Its
 * evidence towards spam is scaled by the ham it has seen (it cannot call a word spammy before it
 * knows what ham looks like) and its evidence towards ham by the spam it has seen.
 */
const CLASSIFIER_FULL_WEIGHT_DOCS = 3;

/** How much a classifier's log-odds count next to the rules; below 1 because rules and words overlap. */
const CLASSIFIER_WEIGHT = 0.75;

/** Probability bounds of a classifier before it becomes evidence, so it alone is never certain. */
const CLASSIFIER_PROBABILITY_BOUND = 0.01;

const CLASSIFIER_LOG_ODDS_BOUND = Math.log((1 - CLASSIFIER_PROBABILITY_BOUND) / CLASSIFIER_PROBABILITY_BOUND);

/**
 * How far a classifier's evidence may go towards ham. It clears weak signs (a money word, one link,
 * a phrase of praise) but never a strong rule on its own: a scam that reuses the handle or the words
 * of a site's approved comments (a finance account's own name) would otherwise be published on the
 * classifier's word, as a reader is never rejected on it. Trust earned by the author and the
 * site's allow lists still clear anything.
 */
const CLASSIFIER_HAM_EVIDENCE_BOUND = 1.5;

/**
 * A classifier's spam probability as evidence (log-odds), given how many ham and spam comments it
 * has learned. A model learned from many more spam labels than ham leans to spam by that ratio, not
 * by anything in the comment: beyond `LABEL_RATIO_TAKEN_AS_IS` spam labels per ham label the lean
 * is taken off (the log of the excess ratio is subtracted), so a site that has cleared 400 spam and
 * approved 10 readers does not hold its next reader on the classifier's word. Evidence towards ham
 * stops at `CLASSIFIER_HAM_EVIDENCE_BOUND`.
 */
export function classifierEvidence(probability: number, learned: { hamDocs: number; spamDocs: number }): number {
  const labelRatio = (learned.spamDocs + 1) / (learned.hamDocs + 1);
  const lean = Math.max(0, Math.log(labelRatio / LABEL_RATIO_TAKEN_AS_IS));
  const exact = Math.min(1 - 1e-12, Math.max(1e-12, probability));
  const logOdds = Math.min(
    CLASSIFIER_LOG_ODDS_BOUND,
    Math.max(-CLASSIFIER_LOG_ODDS_BOUND, Math.log(exact / (1 - exact)) - lean),
  );
  const oppositeClassDocs = logOdds > 0 ? learned.hamDocs : learned.spamDocs;
  const evidence = CLASSIFIER_WEIGHT * logOdds * Math.min(1, oppositeClassDocs / CLASSIFIER_FULL_WEIGHT_DOCS);
  return Math.max(-CLASSIFIER_HAM_EVIDENCE_BOUND, evidence);
}

/**
 * The kind of evidence each check gives. Checks of one family see the same thing (two link checks
 * both see links), so they count as one signal when a verdict of spam needs independent ones.
 */
const FAMILIES: Readonly<Record<string, string>> = {
  "rules.links": "links",
  "rules.link_only": "links",
  "rules.bbcode_link": "links",
  "rules.html_link": "links",
  "rules.obfuscated_link": "links",
  "rules.tracked_link": "links",
  "rules.email_in_body": "contact",
  "rules.contact": "contact",
  "rules.phone_number": "contact",
  "rules.handle_referral": "contact",
  "rules.self_promotion": "promotion",
  "rules.engagement_bait": "promotion",
  "rules.commercial": "commercial",
  "rules.money_words": "commercial",
  "rules.sales_topic": "commercial",
  "rules.sales_pitch": "commercial",
  "rules.name_is_address": "author",
  "rules.name_is_keywords": "author",
  "rules.name_is_link_text": "author",
  "rules.website_is_keywords": "author",
  "rules.website_only": "author",
  "rules.generic_praise": "template",
  "rules.platform_question": "template",
  "rules.spam_template": "template",
  "rules.spintax": "automation",
  "rules.homoglyphs": "automation",
  "rules.zero_width": "automation",
  "rules.stylised_letters": "automation",
  "rules.keyword_tail": "seo",
  classifier: "learned",
};

/** Checks whose finding alone makes a comment spam: the site's own lists, bans, the honeypot, Akismet's "blatant". */
const DECISIVE = /^(?:lists\.blocked_|ban\.|gate\.|akismet\.discard$)/;

/**
 * Evidence a family must sum to before it counts as one of the independent signals a spam verdict
 * needs. One link on its own (`rules.links` 0.45) is not one: a reader's link to a source next to a
 * classifier that has learned the wrong words would otherwise be spam without a moderator seeing it.
 */
const SIGNAL_SCORE = 1;

/**
 * Checks that count towards the signals a spam verdict needs only from this score on; below it they
 * may still hold a comment. The cold-start prior never counts: it learned what spam looks like on
 * other sites (YouTube, Instagram, one WordPress queue), not on this one, and next to one rule it
 * would send a blog reader who offers their e-mail address to spam. What readers say too counts only
 * when overwhelming: praise that fits any post (four phrases), a question about the blog's theme
 * (two), an invitation to get in touch (two: "dm me … whatsapp me"), and an e-mail address in the
 * body never on its own. A classifier that has learned a site's spam has learned those very words,
 * so next to a reader's "Thanks for sharing your knowledge, very helpful information!", "Which theme
 * are you using?" or "Email me at carl@example.com if you want the repo" the two would agree
 * without being independent.
 */
const SIGNAL_FROM: Readonly<Record<string, number>> = {
  "classifier.prior": Number.POSITIVE_INFINITY,
  "rules.generic_praise": 2,
  "rules.platform_question": 2,
  "rules.contact": 6,
  "rules.email_in_body": Number.POSITIVE_INFINITY,
};

/**
 * What a family must sum to before it is a signal: `SIGNAL_SCORE`, measured for the classifier in
 * its own log-odds. Its evidence is scaled down (`CLASSIFIER_WEIGHT`) so that it does not count the
 * words twice when added to the rules; whether it agrees with them is a question of its own odds.
 */
function signalScoreOf(family: string): number {
  return family === "learned" ? SIGNAL_SCORE * CLASSIFIER_WEIGHT : SIGNAL_SCORE;
}

/** The family of a check (`FAMILIES`, else the check itself). */
export function familyOf(check: string): string {
  return FAMILIES[check] ?? check;
}

/**
 * Whether the reasons hold enough independent evidence for a verdict of spam: a decisive finding,
 * or at least two families (say, a rule and the classifier, or two unrelated rules) that each sum to
 * their signal score (`signalScoreOf`), not counting the prior or what readers say too
 * (`SIGNAL_FROM`). No single content rule makes a comment spam on its own.
 */
export function hasIndependentEvidence(reasons: readonly Reason[]): boolean {
  if (reasons.some((reason) => reason.score > 0 && DECISIVE.test(reason.check))) return true;
  const families = new Map<string, number>();
  for (const reason of reasons) {
    if (reason.score < (SIGNAL_FROM[reason.check] ?? Number.NEGATIVE_INFINITY)) continue;
    const family = familyOf(reason.check);
    families.set(family, (families.get(family) ?? 0) + reason.score);
  }
  const signals = [...families].filter(([family, score]) => score >= signalScoreOf(family));
  return signals.length >= 2;
}

/**
 * Combines reasons into the combined score (0-1) and the verdict. A score above `spamAbove` is spam
 * only with independent evidence (`hasIndependentEvidence`); otherwise it is held.
 */
export function decideVerdict(
  reasons: readonly Reason[],
  settings: Pick<SpamSettings, "holdAbove" | "spamAbove">,
): { verdict: Verdict; score: number } {
  const evidence = reasons.reduce((sum, reason) => sum + reason.score, PRIOR_SCORE);
  const score = 1 / (1 + Math.exp(-evidence));
  let verdict: Verdict = score > settings.spamAbove ? "spam" : score > settings.holdAbove ? "hold" : "publish";
  if (verdict === "spam" && !hasIndependentEvidence(reasons)) verdict = "hold";
  if (verdict === "publish" && reasons.some((reason) => reason.holds)) verdict = "hold";
  return { verdict, score };
}
