/**
 * Every language file says everything the widget says, with the plural forms its language needs
 * (Intl.PluralRules) for any count up to 1,000, and keeps every placeholder of the English.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Strings, Translation } from "../../widget/src/i18n";

const localesDir = "widget/src/locales";
const languages = readdirSync(localesDir).map((file) => file.replace(/\.ts$/, ""));
let locales: Record<string, Strings> = {};

beforeAll(async () => {
  for (const lang of languages) await import(/* @vite-ignore */ pathToFileURL(resolve(localesDir, `${lang}.ts`)).href);
  locales = (globalThis as { chorusLocales?: Record<string, Strings> }).chorusLocales ?? {};
});

/** Every `t("…")` the widget's source calls with a plain string, found by reading the source. */
function spokenInSource(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && path !== localesDir) walk(path);
      else if (path.endsWith(".ts")) files.push(path);
    }
  };
  walk("widget/src");
  const found = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, "utf8").matchAll(/\bt\(\s*("(?:[^"\\]|\\.)*")/g)) {
      found.add(JSON.parse(match[1] as string));
    }
  }
  return [...found];
}

const placeholders = (text: string) => [...text.matchAll(/\{\w+\}/g)].map(([name]) => name).sort();
const forms = (translation: Translation) =>
  typeof translation === "string" ? [translation] : Object.values(translation);

describe("the widget's languages", () => {
  it("are English and at least fourteen more, each a file of its own", () => {
    expect(languages.length).toBeGreaterThanOrEqual(14);
    expect(Object.keys(locales).sort()).toEqual([...languages].sort());
  });

  it("all say the same sentences, and everything the source says", () => {
    const reference = Object.keys(locales.de ?? {}).sort();
    for (const sentence of spokenInSource()) expect(reference, sentence).toContain(sentence);
    for (const lang of languages) expect(Object.keys(locales[lang] ?? {}).sort(), lang).toEqual(reference);
  });

  it("give every plural form their language uses, and keep the English placeholders", () => {
    for (const lang of languages) {
      for (const [english, translation] of Object.entries(locales[lang] ?? {})) {
        if (typeof translation !== "string") {
          // The forms the counts a thread shows (0 to 1,000) select; a missing one would fall back to `other`.
          const rules = new Intl.PluralRules(lang);
          const needed = new Set(Array.from({ length: 1_001 }, (_, count) => rules.select(count)));
          for (const category of needed) expect(translation, `${lang} ${english}`).toHaveProperty(category);
        }
        for (const form of forms(translation)) {
          expect(
            placeholders(form).filter((name) => name !== "{n}"),
            `${lang} ${english}`,
          ).toEqual(placeholders(english).filter((name) => name !== "{n}"));
        }
      }
    }
  });
});
