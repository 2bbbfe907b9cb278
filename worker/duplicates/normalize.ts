/**
 * Normalisation for duplicate detection: two comments that a reader would call "the same text"
 * must come out as the same string, whatever tricks or accidents of typing separate them.
 *
 * The form is for comparison only, never for display. It deliberately loses information (case,
 * accents on Latin, Greek and Cyrillic letters, the path of a link) because each of those is
 * something a reposter changes without changing what the comment says. Other scripts (CJK, Arabic,
 * Devanagari, Thai ...) keep all their marks: there they are letters, not decoration.
 */

/**
 * Format characters (zero-width spaces and joiners, bidi controls, the byte-order mark, soft hyphen,
 * tag characters), variation selectors, the combining grapheme joiner and the Hangul fillers: all
 * render as nothing, so inserting them changes a text without changing what a reader sees.
 */
const invisibleCharacters = /\p{Cf}|\u034F|[\u115F\u1160\u3164\uFFA0]|[\uFE00-\uFE0F]|[\u{E0100}-\u{E01EF}]/gu;

const nonspacingMarks = /\p{Mn}+/gu;
/** Letters whose marks are accents, and characters (punctuation, digits, spaces) whose marks are decoration. */
const europeanOrCommon = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}]/u;

/** Small capitals (`ꜰᴏʀ ꜱᴛᴀʀᴛ`), which NFKC leaves as they are, mapped to the plain letter. */
export const smallCapitals: Readonly<Record<string, string>> = {
  ᴀ: "a",
  ʙ: "b",
  ᴄ: "c",
  ᴅ: "d",
  ᴇ: "e",
  ꜰ: "f",
  ɢ: "g",
  ʜ: "h",
  ɪ: "i",
  ᴊ: "j",
  ᴋ: "k",
  ʟ: "l",
  ᴍ: "m",
  ɴ: "n",
  ᴏ: "o",
  ᴘ: "p",
  ʀ: "r",
  ꜱ: "s",
  ᴛ: "t",
  ᴜ: "u",
  ᴠ: "v",
  ᴡ: "w",
  ʏ: "y",
  ᴢ: "z",
};

/**
 * Letters that look like a Latin letter, mapped to it. Case-sensitive (applied before case folding)
 * because some Greek letters resemble one Latin letter as a capital and another in lower case
 * (Η is H, η is n). NFKC has already taken care of full-width, mathematical and circled letters.
 */
export const lookalikeLetters: Readonly<Record<string, string>> = {
  // Cyrillic capitals and small letters
  А: "A",
  В: "B",
  Е: "E",
  Ѕ: "S",
  І: "I",
  Ј: "J",
  К: "K",
  М: "M",
  Н: "H",
  О: "O",
  Р: "P",
  С: "C",
  Т: "T",
  У: "Y",
  Х: "X",
  Ү: "Y",
  Һ: "H",
  Ԛ: "Q",
  Ԝ: "W",
  Ӏ: "I",
  а: "a",
  в: "b",
  е: "e",
  ѕ: "s",
  і: "i",
  ј: "j",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  ү: "y",
  һ: "h",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  ӏ: "l",
  // Greek capitals and small letters
  Α: "A",
  Β: "B",
  Ε: "E",
  Ζ: "Z",
  Η: "H",
  Ι: "I",
  Κ: "K",
  Μ: "M",
  Ν: "N",
  Ο: "O",
  Ρ: "P",
  Τ: "T",
  Υ: "Y",
  Χ: "X",
  Ϲ: "C",
  α: "a",
  γ: "y",
  ε: "e",
  η: "n",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ϲ: "c",
  ϳ: "j",
  // Armenian
  հ: "h",
  ո: "n",
  ս: "u",
  օ: "o",
  // Latin letters outside the basic alphabet: IPA shapes and small capitals
  ı: "i",
  ȷ: "j",
  ɑ: "a",
  ɡ: "g",
  ɩ: "i",
  ...smallCapitals,
};

const lookalikePattern = new RegExp(`[${Object.keys(lookalikeLetters).join("")}]`, "gu");

/**
 * A link with a scheme (`https://`, `ftp://`), or starting `www.`, or a bare host followed by a path.
 * Each alternative may only start where a word starts and its repetitions are bounded, so hostile
 * input such as "a.a.a.a..." is scanned in linear time.
 */
const linkPattern = new RegExp(
  [
    String.raw`(?<![\p{L}\p{N}+.-])[a-z][a-z0-9+.-]{0,31}:\/\/[^\s<>"]+`,
    String.raw`(?<![\p{L}\p{N}.-])www\d*\.[^\s<>"]+`,
    String.raw`(?<![\p{L}\p{N}.-])(?:[\p{L}\p{N}-]{1,63}\.){1,10}\p{L}{2,63}\/[^\s<>"]*`,
  ].join("|"),
  "gu",
);

/**
 * Words (runs without whitespace) with a slash or "www", the only places a link can be. Matching
 * starts only where a word starts, so each word is scanned once.
 */
const wordsThatMayHoldLinks = /(?<!\S)\S*?(?:\/|www)\S*/g;

/**
 * The comparison form of a comment: invisible characters removed, NFKC, diacritics stripped from
 * European scripts, look-alike letters folded to Latin, case folded, links reduced to their host,
 * and every run of whitespace (line breaks included) collapsed to one space, trimmed.
 */
export function normalizeForComparison(text: string): string {
  const letters = isAscii(text) ? foldCase(text) : foldLookalikes(foldCase(toPlainLetters(text)));
  return collapseWhitespace(reduceLinksToDomains(letters));
}

/**
 * The steps that only concern non-ASCII text. Look-alikes are folded on both sides of NFKC and
 * diacritic stripping: NFKC turns some into letters that no longer look Latin (lunate ϲ becomes σ),
 * and both reveal others (𝛂 → α, ё → е); case folding can reveal more (ᲀ → в), so the caller folds
 * look-alikes once more after it.
 */
function toPlainLetters(text: string): string {
  const latin = foldLookalikes(removeInvisibleCharacters(text));
  return foldLookalikes(stripDiacritics(applyCompatibilityForms(latin)));
}

/** ASCII has no invisible, compatibility, accented or look-alike characters: those steps can be skipped. */
function isAscii(text: string): boolean {
  return !/[^\p{ASCII}]/u.test(text);
}

/** Removes characters that render as nothing: zero-width, bidi and other format controls. */
export function removeInvisibleCharacters(text: string): string {
  return text.replace(invisibleCharacters, "");
}

/** Unicode NFKC: full-width, ligature, superscript, circled and mathematical forms become plain letters. */
export function applyCompatibilityForms(text: string): string {
  return text.normalize("NFKC");
}

/**
 * Removes accents and other nonspacing marks from Latin, Greek and Cyrillic letters (é → e, ё → е,
 * ά → α) and from punctuation, digits and spaces (stacked "Zalgo" marks). Marks on letters of other
 * scripts are kept. The result is NFC.
 */
export function stripDiacritics(text: string): string {
  const decomposed = text.normalize("NFD");
  const stripped = decomposed.replace(nonspacingMarks, (marks: string, offset: number) => {
    const base = [...decomposed.slice(Math.max(0, offset - 2), offset)].at(-1);
    return base === undefined || europeanOrCommon.test(base) ? "" : marks;
  });
  return stripped.normalize("NFC");
}

/** Replaces letters that look like a basic Latin letter (Cyrillic, Greek, Armenian, small capitals) by it. */
export function foldLookalikes(text: string): string {
  return text.replace(lookalikePattern, (letter) => lookalikeLetters[letter] ?? letter);
}

/**
 * Case folding: upper-casing turns letters with a multi-letter capital into it (ß → SS, final ς → Σ),
 * so lower-casing then gives one form for every spelling. Lower-casing first catches the capitals
 * whose small letter is one of those (ẞ → ß → SS → ss), so folding twice changes nothing.
 */
export function foldCase(text: string): string {
  return text.toLowerCase().toUpperCase().toLowerCase();
}

/**
 * Replaces every link by its host without `www.`, user or port: `https://www.example.com/x?y` becomes
 * `example.com`. Reposted spam keeps its domain but varies paths and tracking parameters.
 * Expects case-folded text.
 */
export function reduceLinksToDomains(text: string): string {
  return text.replace(wordsThatMayHoldLinks, (word) => word.replace(linkPattern, hostOfLink));
}

function hostOfLink(link: string): string {
  const afterScheme = link.replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
  const authority = afterScheme.split(/[/?#\\]/, 1)[0] ?? "";
  const host = authority
    .slice(authority.lastIndexOf("@") + 1)
    .replace(/:\d*$/, "")
    .replace(/^www\d*\./, "")
    .replace(/\.+$/, "");
  return host === "" ? link : host;
}

/** Collapses every run of whitespace, line breaks included, to one space and trims both ends. */
export function collapseWhitespace(text: string): string {
  // Replaces only runs and whitespace other than a plain space; single spaces, the most common case, stay.
  return text.replace(/\s{2,}|[^\S ]/g, " ").trim();
}
