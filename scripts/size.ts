/**
 * Prints the size of the reader's embed, raw and compressed: its first paint (`embed.js`, which
 * paints the thread and the counts) against a budget of 12 kB gzipped, and the total with its
 * writing half (`write.js`: the form, the editor, the actions and the toolbar, loaded on demand);
 * and `sign-in.js`, which only pages that offer sign-in load.
 * Exits non-zero when the first paint is over budget. Run by `npm run size` after a build.
 */
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const firstPaintBudget = 12 * 1024;
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

function measure(file: string) {
  const code = readFileSync(file);
  return {
    file,
    rawBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    brotliBytes: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const firstPaint = measure("dist/public/embed.js");
const writing = measure("dist/public/write.js");
const signIn = measure("dist/public/sign-in.js");
for (const part of [firstPaint, writing, signIn]) {
  console.log(`${part.file}: ${kB(part.rawBytes)} raw, ${kB(part.gzipBytes)} gzipped, ${kB(part.brotliBytes)} brotli`);
}
const totalGzip = firstPaint.gzipBytes + writing.gzipBytes;
console.log(
  `first paint: ${kB(firstPaint.gzipBytes)} gzipped of a ${kB(firstPaintBudget)} budget — ${firstPaint.gzipBytes <= firstPaintBudget ? "within" : "OVER"} (${((firstPaint.gzipBytes / firstPaintBudget) * 100).toFixed(0)}% used); total with the writing half: ${kB(totalGzip)}`,
);
console.log(
  JSON.stringify({
    firstPaint,
    writing,
    signIn,
    totalGzipBytes: totalGzip,
    firstPaintBudgetBytes: firstPaintBudget,
  }),
);
if (firstPaint.gzipBytes > firstPaintBudget) process.exit(1);
