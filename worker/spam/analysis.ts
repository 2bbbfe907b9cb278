/**
 * One pass over a comment that every check shares: the normalised text, its links, its words and
 * the author's name, e-mail and website in comparable form.
 */
import { hostOf, type LinkScan, scanLinks } from "./links";
import { hasZeroWidthInsideWord, normalizeCountingTricks, normalizeText } from "./text";

/** The fields of a comment that the content checks and the classifier read. */
export interface CommentContent {
  /** The comment text as the author typed it (plain text, not HTML). */
  body: string;
  authorName: string;
  authorEmail?: string | null;
  authorWebsite?: string | null;
  /** The title of the page the comment is on, when known: generic praise says nothing about it. */
  pageTitle?: string | null;
}

/** A comment taken apart for the checks. */
export interface CommentAnalysis {
  /** The body as typed, for checks that need its capitals and punctuation. */
  body: string;
  /** The body, normalised (`normalizeText`). */
  text: string;
  links: LinkScan;
  /** The normalised body without its links, each run of white space one space: what phrase rules read. */
  prose: string;
  /** The prose's words alone, separated by single spaces (`wordSequence`): what whole-word phrases are matched on. */
  proseWords: string;
  /** The body's first words without its links, normalised, in order (see `wordsOf`). */
  words: string[];
  /** Whether some word was stretched (`sooooo`) before `wordsOf` shortened it. */
  hasElongatedWord: boolean;
  /** Letters in the original body, and how many of them are capitals (in UTF-16 code units). */
  letterCount: number;
  capitalCount: number;
  exclamationCount: number;
  /** Distinct emoji in the body. */
  emoji: string[];
  /** Non-Latin scripts the body is written in, such as `cyrillic` or `han`. */
  scripts: string[];
  mixedScriptWords: number;
  /** Letters written in fancy text (small capitals, mathematical bold and the like), now plain. */
  stylisedLetters: number;
  zeroWidthInsideWord: boolean;
  /** The author's name, normalised, and its words. */
  name: string;
  nameWords: string[];
  /** The name's words alone, separated by single spaces (`wordSequence`), as `proseWords` for the body. */
  nameSequence: string;
  /** Whether the name was written with capitals inside one word, like `BestDealsStore`. */
  nameIsCamelCase: boolean;
  /** The e-mail address lower-cased, and its domain. */
  email?: string;
  emailDomain?: string;
  /** The host name of the author's website, without `www.`. */
  websiteHost?: string;
  /** The words of the page's title, normalised (empty when the title is unknown). */
  titleWords: string[];
}

const SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  ["cyrillic", /\p{Script=Cyrillic}/u],
  ["greek", /\p{Script=Greek}/u],
  ["arabic", /\p{Script=Arabic}/u],
  ["hebrew", /\p{Script=Hebrew}/u],
  ["devanagari", /\p{Script=Devanagari}/u],
  ["thai", /\p{Script=Thai}/u],
  ["hangul", /\p{Script=Hangul}/u],
  ["kana", /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ["han", /\p{Script=Han}/u],
];

const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
const STRETCHED = /(\p{L})\1{2,}/gu;
const LONGEST_WORD = 20;
/** Words kept from a body: many more than the classifier reads, and a bound on the work a huge body costs. */
const MAX_WORDS = 400;

/** Takes a comment apart once, for the rules and the classifier. */
export function analyzeComment(comment: CommentContent): CommentAnalysis {
  const { text, mixedScriptWords, stylisedLetters } = normalizeCountingTricks(comment.body);
  const links = scanLinks(text);
  const { words, hasElongatedWord } = wordsOf(links.textWithoutLinks);
  const name = normalizeText(comment.authorName).trim();
  const email = comment.authorEmail?.trim().toLowerCase() || undefined;
  const website = comment.authorWebsite?.trim() || undefined;
  return {
    body: comment.body,
    text,
    links,
    prose: links.textWithoutLinks.replace(/\s+/g, " "),
    proseWords: wordSequence(links.textWithoutLinks),
    words,
    hasElongatedWord,
    letterCount: countMatches(comment.body, /\p{L}+/gu),
    capitalCount: countMatches(comment.body, /\p{Lu}+/gu),
    exclamationCount: countMatches(comment.body, /!+/g),
    emoji: [...new Set(comment.body.match(/\p{Extended_Pictographic}/gu) ?? [])].slice(0, 20),
    scripts: NON_LATIN.test(text) ? SCRIPTS.filter(([, pattern]) => pattern.test(text)).map(([script]) => script) : [],
    mixedScriptWords,
    stylisedLetters,
    zeroWidthInsideWord: hasZeroWidthInsideWord(comment.body),
    name,
    nameWords: wordsOf(name).words,
    nameSequence: wordSequence(name),
    nameIsCamelCase: /\p{Ll}\p{Lu}/u.test(comment.authorName),
    email,
    emailDomain: email?.includes("@") ? email.slice(email.lastIndexOf("@") + 1) : undefined,
    websiteHost: website === undefined ? undefined : hostOf(website),
    titleWords: comment.pageTitle ? wordsOf(normalizeText(comment.pageTitle)).words : [],
  };
}

/**
 * Splits normalised text into words: apostrophes dropped (`don't` → `dont`), letters repeated three
 * or more times cut to two (`sooooo` → `soo`), long numbers replaced by their length (`num:11`),
 * words over 20 characters cut to their first 20, and text in scripts written without spaces
 * (Chinese, Japanese, Thai) split into overlapping character pairs. Stops after 400 words.
 */
function wordsOf(text: string): { words: string[]; hasElongatedWord: boolean } {
  const words: string[] = [];
  let hasElongatedWord = false;
  for (const match of text.replace(/['’]/g, "").matchAll(WORD)) {
    if (words.length >= MAX_WORDS) break;
    const shortened = match[0].replace(STRETCHED, "$1$1");
    if (shortened.length < match[0].length) hasElongatedWord = true;
    if (UNSPACED_SCRIPT.test(shortened)) {
      words.push(...characterPairs(shortened));
    } else if (/^\p{N}{5,}$/u.test(shortened)) {
      words.push(`num:${shortened.length}`);
    } else {
      words.push(shortened.slice(0, LONGEST_WORD));
    }
  }
  return { words, hasElongatedWord };
}

/** The words of normalised text separated by single spaces, for whole-word matching. */
export function wordSequence(text: string): string {
  return text.replace(/[^\p{L}\p{M}\p{N}]+/gu, " ").trim();
}

/** How many UTF-16 code units of `text` the pattern (global, matching runs) covers. */
function countMatches(text: string, pattern: RegExp): number {
  return text.length - text.replace(pattern, "").length;
}

function characterPairs(word: string): string[] {
  const characters = [...word];
  if (characters.length < 2) return characters;
  return characters.slice(1).map((character, index) => `${characters[index]}${character}`);
}
