/**
 * Builds the reader's embed (`dist/public/embed.js`), the moderator console (`dist/public/admin/`,
 * its own bundle, never loaded by readers) and copies the demo blog beside them.
 * Usage: npm run build [-- --no-demo]   (deploys leave the demo out)
 */
import { cp, mkdir, readFile, rm } from "node:fs/promises";
import { build, type Plugin } from "esbuild";
import { z } from "zod";

const options = z.array(z.enum(["--no-demo"], { error: "the only option is --no-demo" })).parse(process.argv.slice(2));
const outDir = "dist/public";

/**
 * Minifies the CSS inside Lit's css`…` templates of the reader's widget (esbuild leaves template
 * text alone): collapses whitespace, drops it around braces, semicolons and commas and after a
 * declaration's colon. Selectors keep their descendant spaces, so `.body :is(p)` stays what it was.
 */
const minifyLitCss: Plugin = {
  name: "minify-lit-css",
  setup(builder) {
    builder.onLoad({ filter: /widget[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const contents = source.replace(/\bcss`([^`]*)`/g, (_, text: string) => {
        const minified = text
          .replace(/\/\*[\s\S]*?\*\//g, "")
          .replace(/\s+/g, " ")
          .replace(/\s*([{};,])\s*/g, "$1")
          .replace(/([{;]-*[a-z][-a-z_]*):\s+/g, "$1:")
          .trim();
        return `css\`${minified}\``;
      });
      return { contents, loader: "ts" };
    });
  },
};

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
await build({
  entryPoints: {
    embed: "widget/src/embed.ts",
    "admin/admin": "widget/admin/main.ts",
    // Loaded by the embed only on pages in these languages (widget/src/i18n.ts): each registers itself.
    ...Object.fromEntries(["de", "fr", "es", "pt"].map((lang) => [`locales/${lang}`, `widget/src/locales/${lang}.ts`])),
  },
  outdir: outDir,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2021", "chrome100", "firefox100", "safari15"],
  legalComments: "none",
  sourcemap: "linked",
  logLevel: "warning",
  plugins: [minifyLitCss],
});
await cp("widget/admin/index.html", `${outDir}/admin/index.html`);
await cp("widget/admin/_headers", `${outDir}/_headers`);
if (!options.includes("--no-demo")) await cp("demo", `${outDir}/demo`, { recursive: true });
console.log(`built ${outDir}/embed.js, ${outDir}/admin/${options.includes("--no-demo") ? "" : " and the demo blog"}`);
