import { lookalikeLetters, smallCapitals } from "../duplicates/normalize";

/**
 * Text normalisation for the spam checks: one canonical form of a comment's words, so that spelling
 * tricks (homoglyphs, zero-width characters, full-width letters) cannot hide a word from the rules or
 * the classifier, plus detectors for those tricks, which are themselves evidence.
 */

/** Format characters (zero-width spaces and joiners, bidi controls, the byte-order mark, soft hyphens): invisible. */
const ZERO_WIDTH = /\p{Cf}/gu;
/** An invisible character between two Latin letters: an attempt to hide a word, not emoji or script shaping. */
const ZERO_WIDTH_INSIDE_WORD = /[a-z]\p{Cf}+[a-z]/iu;

/**
 * Cyrillic and Greek letters that look like Latin ones, mapped to the Latin letter: duplicate
 * detection's table, plus ё (which duplicate detection reaches by stripping diacritics first).
 */
const HOMOGLYPHS: Readonly<Record<string, string>> = { ...lookalikeLetters, ё: "e" };

/**
 * Small capitals (`ꜰᴏʀ ꜱᴛᴀʀᴛ`, which NFKC leaves as they are), mathematical alphanumerics (`𝗗𝗠 𝗧𝗢
 * 𝗚𝗘𝗧`) and circled letters (`Ⓓ`), which NFKC does fold: what "fancy text" generators produce to
 * slip past word filters.
 */
const STYLISED = new RegExp(`[${Object.keys(smallCapitals).join("")}\u{1D400}-\u{1D7FF}\u24B6-\u24E9]`, "gu");

/** Stylised letters from which a comment counts as written in fancy text: more than a single styled initial. */
export const STYLISED_LETTERS_FOR_TRICK = 3;

const LATIN = /\p{Script=Latin}/u;
const LOOKALIKE_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Greek}]/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const WORD_RUN = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * Lower-cases, applies NFKC (full-width and stylised letters become plain ones), removes zero-width
 * characters, and folds Cyrillic or Greek look-alikes to Latin inside words that also contain Latin
 * letters. Words written wholly in Cyrillic or Greek are left alone, so Russian or Greek text keeps
 * its own words.
 */
export function normalizeText(text: string): string {
  return normalizeCountingTricks(text).text;
}

/** What `normalizeCountingTricks` found besides the normalised text. */
export interface NormalizedText {
  text: string;
  /** Words that mixed Latin with Cyrillic or Greek letters (a homoglyph trick). */
  mixedScriptWords: number;
  /** Letters written in small capitals, mathematical alphanumerics or circles (fancy text). */
  stylisedLetters: number;
}

/** `normalizeText`, also counting the spelling tricks it undid. */
export function normalizeCountingTricks(text: string): NormalizedText {
  const stylisedLetters = text.match(STYLISED)?.length ?? 0;
  const unstyled = stylisedLetters === 0 ? text : text.replace(STYLISED, (letter) => smallCapitals[letter] ?? letter);
  const plain = unstyled.normalize("NFKC").replace(ZERO_WIDTH, "").toLowerCase();
  if (!LOOKALIKE_SCRIPT.test(plain)) return { text: plain, mixedScriptWords: 0, stylisedLetters };
  let mixedScriptWords = 0;
  const folded = plain.replace(WORD_RUN, (word) => {
    if (!isMixedScript(word)) return word;
    mixedScriptWords++;
    return foldHomoglyphs(word);
  });
  return { text: folded, mixedScriptWords, stylisedLetters };
}

/**
 * True when a word mixes Latin letters with Cyrillic or Greek ones, the signature of a homoglyph
 * trick. Not a Cyrillic word whose only Latin letter is `i`: Ukrainian and Belarusian readers type
 * their `і` so on a Latin layout ("цiкаво").
 */
function isMixedScript(word: string): boolean {
  if (!LOOKALIKE_SCRIPT.test(word)) return false;
  return LATIN.test(CYRILLIC.test(word) ? word.replaceAll("i", "") : word);
}

/** True when a zero-width character sits between two Latin letters. */
export function hasZeroWidthInsideWord(text: string): boolean {
  return ZERO_WIDTH_INSIDE_WORD.test(text);
}

function foldHomoglyphs(word: string): string {
  let folded = "";
  for (const character of word) folded += HOMOGLYPHS[character] ?? character;
  return folded;
}
