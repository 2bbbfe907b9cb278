/**
 * The widget's words. English is built in: the English sentence is its own key, so `t("Reply")`
 * costs nothing more than the word. Every other language is a small script (widget/src/locales/*.ts,
 * built to /locales/LANG.js) loaded only by pages in that language, which registers its strings on
 * `globalThis.chorusLocales`; the embed keeps no list of them, and the Worker answers a language it
 * has none for with an empty script, so the widget stays in English. Plurals go through
 * Intl.PluralRules, numbers through Intl.NumberFormat, times through Intl.RelativeTimeFormat;
 * right-to-left languages turn the thread's direction.
 */

import { loadScript } from "./load-script";

/** A translation: a sentence, or its plural forms (`other` required). */
export type Translation = string | Partial<Record<Intl.LDMLPluralRule, string>>;
export type Strings = Record<string, Translation>;

const english: Strings = { "{n} comments": { one: "{n} comment" }, "{n} reactions": { one: "{n} reaction" } };
const current = { lang: "en", strings: english };

/** The language a page asks for: `requested` (data-lang), else the document's `lang`, as a primary subtag. */
export function pickLanguage(requested?: string | null): string {
  const tag = (requested || document.documentElement.lang || "en").toLowerCase().split("-")[0] ?? "";
  return /^[a-z]{2,3}$/.test(tag) ? tag : "en";
}

/** The writing direction of the language the widget speaks. */
export function direction(): "rtl" | "ltr" {
  return /^(ar|he|fa|ur)$/.test(current.lang) ? "rtl" : "ltr";
}

/** Switches the widget's language, loading its strings from `base`/locales/ the first time. */
export function useLanguage(base: string, lang: string): Promise<void> {
  if (lang === current.lang) return Promise.resolve();
  return loadScript(`${base}/locales/${lang}.js`).then(() => {
    const strings = (globalThis as { chorusLocales?: Record<string, Strings> }).chorusLocales?.[lang];
    if (strings) Object.assign(current, { lang, strings });
  });
}

const made = new Map<string, unknown>();

/**
 * A formatter for the current language, made when first needed: making one is slow (the first of a
 * kind loads locale data), and a long thread formats thousands of times.
 */
function memo<T>(kind: string, make: (lang: string) => T): T {
  const key = `${kind} ${current.lang}`;
  if (!made.has(key)) made.set(key, make(current.lang));
  return made.get(key) as T;
}

/** `english` in the current language, with `{name}` replaced by `values` (numbers formatted, `n` picks the plural). */
export function t(englishText: string, values: Record<string, string | number> = {}): string {
  let found = current.strings[englishText] ?? english[englishText] ?? englishText;
  if (typeof found !== "string") {
    const rule = memo("plural", (lang) => new Intl.PluralRules(lang)).select(Number(values.n ?? 0));
    found = found[rule] ?? found.other ?? englishText;
  }
  return found.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name] ?? "";
    return typeof value === "number" ? memo("number", (lang) => new Intl.NumberFormat(lang)).format(value) : value;
  });
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31_536_000],
  ["month", 2_592_000],
  ["week", 604_800],
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** How long ago `date` was, in the current language ("3 days ago", "vor 3 Tagen"). */
export function timeAgo(date: Date, now = Date.now()): string {
  const seconds = (date.getTime() - now) / 1000;
  const relative = memo("relative", (lang) => new Intl.RelativeTimeFormat(lang, { numeric: "auto" }));
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(0, "second");
}
