/**
 * Hand-written checks that need no training: links and link markup, phrases of self-promotion,
 * selling and contact, names that are keywords or addresses, spelling tricks, the site's block and
 * allow lists, and trust earned by an author's approved comments. Each returns a reason only when
 * it fires. The phrase lists are generic comment spam, not tuned to one site: the classifier
 * learns each site's own.
 */
import type { CommentAnalysis } from "./analysis";
import { hostOf } from "./links";
import { normalizeText } from "./text";
import type { Reason, SpamSettings } from "./verdict";

/** What the rules read besides the analysed comment. */
export interface RuleInput {
  /** Salted hash of the poster's IP address. */
  ipHash?: string | null;
  /** Comments by this e-mail address that moderators approved on this site. */
  approvedCommentsByEmail?: number;
}

/** Self-promotion: asking readers to visit, watch, follow or subscribe to the author's own things. */
const SELF_PROMOTION = phrasePattern([
  "check (?:it |them |this |these )?out",
  "check (?:my|our)",
  "go check",
  "take a look at (?:this|my|our)",
  "visit (?:my|our)",
  "follow (?:me|us|my)",
  "(?:my|our) (?:new )?(?:videos?|songs?|tracks?|music|mixtape|covers?|blog|website|site|page|vids|playlist|album|channel)",
  "su(?:bs|b|s)c?ri[bp](?:e|le|ing)?",
  "sub (?:to )?(?:me|my)",
  "(?:sub(?:scribe)?|like|follow) ?(?:4|for) ?(?:sub(?:scribe)?|like|follow)",
  "click (?:here|(?:on )?the link)",
  "(?:reach|get|hit|gain) \\p{N}+ (?:subs|subscribers|followers)",
]);

/** Begging for likes and shares, which only pays off for an author who is promoting something. */
const ENGAGEMENT_BAIT = phrasePattern([
  "please (?:like|share)",
  "like please",
  "give (?:it|this|me|us) a (?:like|thumbs up)",
  "like (?:this|my) (?:comment|page|video|channel)",
  "(?:share and like|like and share)",
  "share (?:this|it|on)",
  "please vote",
  "vote for (?:me|my|us|our)",
]);

/** Selling and money-making offers. */
const COMMERCIAL = phrasePattern([
  "(?:make|earn|making|earning) (?:money|cash|\\$ ?\\p{N}+)",
  "work from home",
  "free (?:downloads?|gifts?|trials?|iphones?|money)",
  "gift cards?",
  "to win an?",
  "giveaways?",
  "(?:buy|need) (?:more )?(?:youtube |instagram |real )?(?:subscribers|followers)",
  "promo code",
  "discount",
  "buy now",
  "order now",
  "limited offer",
  "cheap",
  "viagra",
  "cialis",
  "casino",
  "payday loans?",
  "bitcoin",
  "crypto",
  "forex",
  "seo services",
  "backlinks",
]);

/** Invitations to make contact off the site. */
const CONTACT = phrasePattern([
  "(?:email|e-mail|text|call|dm|inbox|message|whatsapp) (?:me|us)",
  "whatsapp",
  "telegram",
  "snapchat",
]);

/**
 * A telephone number: 10 to 15 digits after a + (`+447700900123`) or in groups split by single
 * spaces, dashes or brackets (`(020) 7946 0958`), but not a plain count (`1000000000`) or a list of
 * years (`2013 2014 2015`).
 */
const PHONE_NUMBER =
  /(?<![\p{L}\p{N}.,+])(?:\+\p{N}(?:[ ()-]?\p{N}){9,14}|\(?\p{N}+(?:[ ()-]+\p{N}+){1,5})(?![\p{L}\p{N}.,])/gu;
const YEARS = /^(?:(?:19|20)\p{N}{2}\D*)+$/u;

/** Words that make up the names of spam "authors" ("Cheap Viagra", "SEO services"). */
const COMMERCIAL_NAME_WORDS = new Set(
  (
    "cheap buy best viagra cialis casino poker loan loans payday seo services service marketing agency replica " +
    "pharmacy pills escort escorts porn xxx sex dating bitcoin crypto forex discount deals shop store online " +
    "insurance essay essays writing hack hacks free money cash followers download"
  ).split(" "),
);

const ADDRESS_IN_NAME = /(?:https?:\/\/|www\.|@|\.(?:com|net|org|info|biz|ru|io|xyz|online|site|shop|store)\b)/u;
const VISIBLE = /[\p{L}\p{N}\p{S}\p{P}]/u;

/** Runs every rule; returns the reasons that fired. */
export function checkRules(analysis: CommentAnalysis, input: RuleInput, settings: SpamSettings): Reason[] {
  return [
    ...checkLists(analysis, input, settings),
    ...checkLinks(analysis, settings),
    ...checkSolicitation(analysis),
    ...checkAuthorName(analysis),
    ...checkTricks(analysis),
    ...checkTrustedAuthor(input),
  ];
}

/** Block-list hits (strong spam evidence) and allow-list hits (strong ham evidence, which wins). */
export function checkLists(analysis: CommentAnalysis, input: RuleInput, settings: SpamSettings): Reason[] {
  const reasons: Reason[] = [];
  const { blocked, allowed } = settings;
  const searchable = ` ${wordSequence(analysis.links.textWithoutLinks)} | ${wordSequence(analysis.name)} `;
  const blockedWords = blocked.words.filter((word) => {
    const listed = wordSequence(normalizeText(word));
    return listed !== "" && searchable.includes(` ${listed} `);
  });
  if (blockedWords.length > 0) {
    reasons.push({ check: "lists.blocked_word", score: 8, detail: blockedWords.join(", ") });
  }
  const blockedDomains = commentHosts(analysis).filter((host) => listsDomain(blocked.domains, host));
  if (blockedDomains.length > 0) {
    reasons.push({ check: "lists.blocked_domain", score: 8, detail: [...new Set(blockedDomains)].join(", ") });
  }
  if (analysis.email !== undefined && listsEmail(blocked.emails, analysis.email)) {
    reasons.push({ check: "lists.blocked_email", score: 8, detail: analysis.email });
  }
  if (input.ipHash && blocked.ipHashes.includes(input.ipHash)) {
    reasons.push({ check: "lists.blocked_ip", score: 8 });
  }
  if (analysis.email !== undefined && listsEmail(allowed.emails, analysis.email)) {
    reasons.push({ check: "lists.allowed_email", score: -12, detail: analysis.email });
  }
  if (input.ipHash && allowed.ipHashes.includes(input.ipHash)) {
    reasons.push({ check: "lists.allowed_ip", score: -12 });
  }
  return reasons;
}

/**
 * Links: how many (not counting the site's allowed domains), how they are written, whether they
 * carry referral codes or hide behind shorteners, and whether they are all there is.
 */
export function checkLinks(analysis: CommentAnalysis, settings: Pick<SpamSettings, "allowed">): Reason[] {
  const reasons: Reason[] = [];
  const { links } = analysis;
  const counted = links.hosts.filter((host) => !listsDomain(settings.allowed.domains, host));
  if (counted.length > 0) {
    const score = counted.length === 1 ? 1.5 : counted.length === 2 ? 2.5 : 4;
    reasons.push({ check: "rules.links", score, detail: `${counted.length}: ${[...new Set(counted)].join(", ")}` });
  }
  if (links.bbcodeLinks > 0) reasons.push({ check: "rules.bbcode_link", score: 4, detail: `${links.bbcodeLinks}` });
  if (links.htmlLinks > 0) reasons.push({ check: "rules.html_link", score: 3, detail: `${links.htmlLinks}` });
  if (links.obfuscatedLinks > 0) {
    reasons.push({ check: "rules.obfuscated_link", score: 3, detail: `${links.obfuscatedLinks}` });
  }
  if (counted.length > 0 && analysis.words.length <= 1) {
    reasons.push({ check: "rules.link_only", score: 3 });
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

/**
 * Self-promotion, selling and invitations to make contact: the first distinct phrase of a kind is
 * strong evidence, each further one adds less.
 */
export function checkSolicitation(analysis: CommentAnalysis): Reason[] {
  const text = analysis.links.textWithoutLinks.replace(/\s+/g, " ");
  const reasons: Reason[] = [];
  const kinds = [
    ["rules.self_promotion", SELF_PROMOTION],
    ["rules.engagement_bait", ENGAGEMENT_BAIT],
    ["rules.commercial", COMMERCIAL],
    ["rules.contact", CONTACT],
  ] as const;
  for (const [check, pattern] of kinds) {
    const phrases = [...new Set(text.match(pattern) ?? [])];
    if (phrases.length === 0) continue;
    reasons.push({ check, score: Math.min(8, 2 + 2 * phrases.length), detail: phrases.join(", ") });
  }
  const phone = (text.match(PHONE_NUMBER) ?? []).find(isPhoneNumber);
  if (phone !== undefined) reasons.push({ check: "rules.phone_number", score: 4, detail: phone });
  return reasons;
}

/** Author names that are addresses ("www.x.com") or made of commercial keywords ("Cheap Viagra"). */
export function checkAuthorName(analysis: CommentAnalysis): Reason[] {
  if (ADDRESS_IN_NAME.test(analysis.name)) {
    return [{ check: "rules.name_is_address", score: 3, detail: analysis.name }];
  }
  const keywords = analysis.nameWords.filter((word) => COMMERCIAL_NAME_WORDS.has(word));
  if (keywords.length === 0) return [];
  const allKeywords = keywords.length >= 2 || keywords.length === analysis.nameWords.length;
  return [{ check: "rules.name_is_keywords", score: allKeywords ? 3 : 1, detail: keywords.join(", ") }];
}

/** Spelling tricks that only hide words from filters: look-alike letters, zero-width characters, no visible text. */
export function checkTricks(analysis: CommentAnalysis): Reason[] {
  const reasons: Reason[] = [];
  if (analysis.mixedScriptWords > 0) {
    reasons.push({ check: "rules.homoglyphs", score: 2.5, detail: `${analysis.mixedScriptWords} words` });
  }
  if (analysis.zeroWidthInsideWord) reasons.push({ check: "rules.zero_width", score: 2.5 });
  if (!VISIBLE.test(analysis.text)) reasons.push({ check: "rules.invisible", score: 1, holds: true });
  return reasons;
}

/** Trust earned by the author's e-mail address: each doubling of approved comments counts once more, up to 3. */
export function checkTrustedAuthor(input: RuleInput): Reason[] {
  const approved = input.approvedCommentsByEmail ?? 0;
  if (approved <= 0) return [];
  return [
    { check: "rules.trusted_author", score: -Math.min(3, 1 + Math.log2(approved)), detail: `${approved} approved` },
  ];
}

function isPhoneNumber(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, "").length;
  return digits >= 10 && digits <= 15 && !YEARS.test(candidate);
}

/** The words of normalised text separated by single spaces, for whole-word matching. */
function wordSequence(text: string): string {
  return text.replace(/[^\p{L}\p{M}\p{N}]+/gu, " ").trim();
}

function phrasePattern(phrases: readonly string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${phrases.join("|")})(?![\\p{L}\\p{N}])`, "gu");
}

function commentHosts(analysis: CommentAnalysis): string[] {
  const hosts = [...analysis.links.hosts];
  if (analysis.emailDomain !== undefined) hosts.push(analysis.emailDomain);
  if (analysis.websiteHost !== undefined) hosts.push(analysis.websiteHost);
  return hosts;
}

/** True when the host is a listed domain or one of its subdomains. */
function listsDomain(list: readonly string[], host: string): boolean {
  return list.some((entry) => {
    const listed = hostOf(entry);
    return listed !== "" && (host === listed || host.endsWith(`.${listed}`));
  });
}

function listsEmail(list: readonly string[], email: string): boolean {
  return list.some((entry) => entry.trim().toLowerCase() === email);
}
