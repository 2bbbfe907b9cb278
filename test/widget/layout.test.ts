/**
 * The widget's layout, held to committed expectations (test/fixtures/layout/*.json) in light, dark,
 * right-to-left (Arabic) and restyled states at 360 px and 1,200 px: which of its main parts share a
 * row and in what order (from where the writing starts),
 * whether a checkbox sits beside its words, how replies indent, and that nothing spills out of the
 * thread. These are relations between boxes, not pixels, so they hold on any Chromium build and set
 * of fonts. Screenshots of every state go to dist/layout/ for people to look at.
 */
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { comment, openBlogPage, postPage, threadBody } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync("dist/layout", { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The main parts, each found in the thread's nested shadow roots by a locator. */
const parts: Record<string, string> = {
  textarea: "chorus-form >> nth=0 >> textarea[name=body]",
  name: "chorus-form >> nth=0 >> input[name=authorName]",
  email: "chorus-form >> nth=0 >> input[name=authorEmail]",
  website: "chorus-form >> nth=0 >> input[name=authorWebsite]",
  checkbox: "chorus-form >> nth=0 >> input[name=notifyReplies]",
  submit: "chorus-form >> nth=0 >> button.submit",
  preview: "chorus-form >> nth=0 >> [part=preview-button]",
  "comment-1": "#comment-1",
  "reply-button-1": "#comment-1 button.reply-button",
  "comment-2": "#comment-2",
  "comment-3": "#comment-3",
};

/** The box of the words after the checkbox ("Email me replies"), which share its label. */
async function checkboxWords(page: Page): Promise<Box> {
  return page.locator("chorus-form >> nth=0 >> label:has(input[name=notifyReplies])").evaluate((label) => {
    const range = document.createRange();
    range.selectNodeContents(label);
    range.setStartAfter(label.querySelector("input") as Node);
    const { x, y, width, height } = range.getBoundingClientRect();
    return { x, y, width, height };
  });
}

/** Whether two boxes share a row: their vertical extents overlap by more than half the shorter one. */
function sameRow(a: Box, b: Box): boolean {
  const overlap = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return overlap > Math.min(a.height, b.height) / 2;
}

/** The layout's relations: rows of parts (top to bottom, each left to right), indents, and spills. */
async function layoutOf(page: Page) {
  const boxes = new Map<string, Box>();
  for (const [name, selector] of Object.entries(parts)) {
    const box = await page.locator(selector).first().boundingBox({ timeout: 2_000 });
    if (box) boxes.set(name, box);
  }
  boxes.set("checkbox-words", await checkboxWords(page));
  const thread = (await page.locator("chorus-thread").boundingBox()) as Box;
  const rows: [string, Box][][] = [];
  for (const entry of [...boxes].sort(([, a], [, b]) => a.y - b.y)) {
    const row = rows.find((candidate) => candidate.some(([, box]) => sameRow(box, entry[1])));
    if (row) row.push(entry);
    else rows.push([entry]);
  }
  const rtl =
    (await page.locator("chorus-thread").evaluate((element) => getComputedStyle(element).direction)) === "rtl";
  // Where a part starts, in the writing direction: its left edge, or its right edge right to left.
  const start = (name: string) => {
    const box = boxes.get(name);
    return box ? (rtl ? thread.x + thread.width - (box.x + box.width) : box.x - thread.x) : Number.NaN;
  };
  const checkbox = boxes.get("checkbox") as Box;
  const words = boxes.get("checkbox-words") as Box;
  return {
    direction: rtl ? "rtl" : "ltr",
    rows: rows.map((row) => row.sort(([a], [b]) => start(a) - start(b)).map(([name]) => name)),
    checkboxBesideWords: sameRow(checkbox, words) && start("checkbox") + checkbox.width <= start("checkbox-words"),
    replyIndents: {
      "comment-2": start("comment-2") > start("comment-1") ? "indented" : "flush",
      "comment-3": start("comment-3") > start("comment-2") ? "indented" : "flush",
    },
    spills: [...boxes]
      .filter(([, box]) => box.x < thread.x - 0.5 || box.x + box.width > thread.x + thread.width + 0.5)
      .map(([name]) => name),
  };
}

const tree = [
  comment(1, {
    bodyHtml: "<p>A first comment that says enough to wrap onto a second line on a narrow phone screen.</p>",
    replies: [comment(2, { parentId: 1, replies: [comment(3, { parentId: 2 })] })],
  }),
];

const states: Record<string, string> = {
  light: "<style>body { margin: 16px; background: #fff }</style>",
  dark: "<style>body { margin: 16px; background: #16181d; color: #e8e6e3; font-family: Georgia, serif }</style>",
  "right-to-left": '<style>body { margin: 16px }</style><script>document.documentElement.lang = "ar"</script>',
  restyled: `<style>body { margin: 16px }
    chorus-thread { --chorus-space: 1.25rem; --chorus-indent: 2.5rem; --chorus-font-size: 1.125rem;
      --chorus-radius: 0; --chorus-accent: #8a2be2 }</style>`,
};

describe("the widget's layout", () => {
  for (const [state, head] of Object.entries(states)) {
    for (const width of [360, 1200]) {
      it(`holds ${state} at ${width} px`, async () => {
        const { page } = await openBlogPage(browser, postPage('data-site="demo"', head), () => ({
          body: threadBody(tree, { commentCount: 3 }),
        }));
        await page.setViewportSize({ width, height: 900 });
        await page.locator("chorus-form >> nth=0 >> input[name=notifyReplies]").waitFor();
        await page.locator("#comment-3").waitFor();
        await page.screenshot({ path: `dist/layout/${state}-${width}.png`, fullPage: true });
        await expect(JSON.stringify(await layoutOf(page), null, 2)).toMatchFileSnapshot(
          `../fixtures/layout/${state}-${width}.json`,
        );
        await page.close();
      });
    }
  }
});
