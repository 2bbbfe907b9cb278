/**
 * Builds the reader's embed (`dist/public/embed.js`), the moderator console (`dist/public/admin/`,
 * its own bundle, never loaded by readers) and copies the demo blog beside them.
 * Usage: npm run build [-- --no-demo]   (deploys leave the demo out)
 */
import { cp, mkdir, rm } from "node:fs/promises";
import { build } from "esbuild";
import { z } from "zod";

const options = z.array(z.enum(["--no-demo"], { error: "the only option is --no-demo" })).parse(process.argv.slice(2));
const outDir = "dist/public";

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
await build({
  entryPoints: { embed: "widget/src/embed.ts", "admin/admin": "widget/admin/main.ts" },
  outdir: outDir,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2021", "chrome100", "firefox100", "safari15"],
  legalComments: "none",
  sourcemap: "linked",
  logLevel: "warning",
});
await cp("widget/admin/index.html", `${outDir}/admin/index.html`);
await cp("widget/admin/_headers", `${outDir}/_headers`);
if (!options.includes("--no-demo")) await cp("demo", `${outDir}/demo`, { recursive: true });
console.log(`built ${outDir}/embed.js, ${outDir}/admin/${options.includes("--no-demo") ? "" : " and the demo blog"}`);
