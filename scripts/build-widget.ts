/**
 * Builds the reader's embed (`dist/public/embed.js`) and copies the demo blog beside it.
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
  entryPoints: { embed: "widget/src/embed.ts" },
  outdir: outDir,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2021", "chrome100", "firefox100", "safari15"],
  legalComments: "none",
  sourcemap: "linked",
  logLevel: "warning",
});
if (!options.includes("--no-demo")) await cp("demo", `${outDir}/demo`, { recursive: true });
console.log(`built ${outDir}/embed.js${options.includes("--no-demo") ? "" : " and the demo blog"}`);
