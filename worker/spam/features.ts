/**
 * The classifier's view of a comment: a short list of feature names. Words and word pairs of the
 * body, plus meta-features (length, links and their domains, capitals, scripts, tricks) and the
 * author's name, e-mail domain and website domain, each under its own prefix so they never collide
 * with words. Names are stable strings of at most 32 characters, safe to store as keys.
 */
import type { CommentAnalysis } from "./analysis";
import { registrableDomain } from "./links";
import { STYLISED_LETTERS_FOR_TRICK } from "./text";

/**
 * Most features taken from one comment, which bounds the model keys read per comment (one more for
 * the intercept). Meta-features come first, then the author's name, words in order of appearance
 * and word pairs, so a huge body cannot crowd out the signals that matter most.
 */
export const MAX_FEATURES = 150;

/** Longest feature name; keys in storage can rely on it. */
export const MAX_FEATURE_LENGTH = 32;

/** Turns an analysed comment into its distinct feature names, at most `MAX_FEATURES` of them. */
export function extractFeatures(analysis: CommentAnalysis): string[] {
  const features = new Set<string>();
  const add = (feature: string) => {
    if (features.size < MAX_FEATURES) features.add(truncate(feature));
  };
  for (const feature of metaFeatures(analysis)) add(feature);
  for (const word of analysis.nameWords.slice(0, 6)) add(`name:${word}`);
  for (const word of analysis.words) add(word);
  for (const emoji of analysis.emoji) add(emoji);
  for (const word of analysis.words) if (word.length > 5) add(`stem:${word.slice(0, 5)}`);
  for (let index = 1; index < analysis.words.length; index++) {
    add(`${analysis.words[index - 1]} ${analysis.words[index]}`);
  }
  return [...features];
}

function metaFeatures(analysis: CommentAnalysis): string[] {
  const { links } = analysis;
  const linkCount = links.hosts.length;
  const features = [
    `len:${bucket(analysis.text.length)}`,
    `words:${bucket(analysis.words.length)}`,
    `links:${Math.min(linkCount, 3)}`,
  ];
  if (linkCount > 0 && analysis.words.length <= 1) features.push("link_only");
  for (const domain of new Set(links.hosts.map(registrableDomain))) {
    features.push(`url:${domain}`);
    const label = domain.split(".")[0];
    if (label !== undefined && label !== domain) features.push(`url:${label}`);
  }
  if (links.bbcodeLinks > 0) features.push("markup:bbcode");
  if (links.htmlLinks > 0) features.push("markup:html");
  if (links.obfuscatedLinks > 0) features.push("link:obfuscated");
  if (links.emails > 0) features.push("body:email");
  if (analysis.letterCount >= 6) {
    features.push(`caps:${Math.min(3, Math.floor((analysis.capitalCount / analysis.letterCount) * 4))}`);
  }
  features.push(`bang:${Math.min(analysis.exclamationCount, 3)}`);
  if (analysis.emoji.length > 0) features.push(`emoji:${Math.min(analysis.emoji.length, 3)}`);
  for (const script of analysis.scripts) features.push(`script:${script}`);
  if (analysis.mixedScriptWords > 0) features.push("trick:mixed_script");
  if (analysis.stylisedLetters >= STYLISED_LETTERS_FOR_TRICK) features.push("trick:stylised");
  if (analysis.zeroWidthInsideWord) features.push("trick:zero_width");
  if (analysis.hasElongatedWord) features.push("elongated");
  features.push(`name:words:${Math.min(analysis.nameWords.length, 4)}`);
  if (/\p{N}/u.test(analysis.name)) features.push("name:has_digits");
  if (analysis.nameIsCamelCase) features.push("name:camel_case");
  if (analysis.emailDomain !== undefined) features.push(`email:${registrableDomain(analysis.emailDomain)}`);
  if (analysis.websiteHost !== undefined) features.push(`site:${registrableDomain(analysis.websiteHost)}`);
  return features;
}

/** The feature cut to `MAX_FEATURE_LENGTH` UTF-16 units, never through the middle of a surrogate pair. */
function truncate(feature: string): string {
  if (feature.length <= MAX_FEATURE_LENGTH) return feature;
  const cut = feature.slice(0, MAX_FEATURE_LENGTH);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Size class of a count: 0, 1, 2-3, 4-7, 8-15 ... as 0, 1, 2, 3, 4 ... */
function bucket(count: number): number {
  return count === 0 ? 0 : Math.floor(Math.log2(count)) + 1;
}
