/**
 * Prints the size of the reader's embed (JS with its CSS inside), raw and compressed, against the
 * budget of 16 kB gzipped. Exits non-zero when over budget. Run by `npm run size` after a build.
 */
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const budget = 16 * 1024;
const file = "dist/public/embed.js";
const code = readFileSync(file);
const gzipped = gzipSync(code, { level: 9 }).length;
const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

console.log(`${file}: ${kB(code.length)} raw, ${kB(gzipped)} gzipped, ${kB(brotli)} brotli`);
console.log(
  `budget: ${kB(budget)} gzipped — ${gzipped <= budget ? "within" : "OVER"} (${((gzipped / budget) * 100).toFixed(0)}% used)`,
);
console.log(
  JSON.stringify({ file, rawBytes: code.length, gzipBytes: gzipped, brotliBytes: brotli, budgetBytes: budget }),
);
if (gzipped > budget) process.exit(1);
