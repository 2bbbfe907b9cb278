/**
 * Builds the reader's embed (`dist/public/embed.js`, and `write.js`, its writing half, loaded on
 * demand), the moderator console (`dist/public/admin/`,
 * its own bundle, never loaded by readers) and copies the demo blog beside them.
 * Usage: npm run build [-- --no-demo]   (deploys leave the demo out)
 */
import { cp, mkdir, readdir, readFile, rm } from "node:fs/promises";
import { basename } from "node:path";
import { minifyHTMLLiterals } from "@literals/html-css-minifier";
import { type BuildOptions, build, type Plugin } from "esbuild";
import { z } from "zod";

const options = z.array(z.enum(["--no-demo"], { error: "the only option is --no-demo" })).parse(process.argv.slice(2));
const outDir = "dist/public";

/**
 * Minifies the HTML and CSS inside Lit's html`…` and css`…` templates of the reader's widget, which
 * esbuild leaves as written (@literals/html-css-minifier: html-minifier-next and lightningcss).
 */
const minifyLitTemplates: Plugin = {
  name: "minify-lit-templates",
  setup(builder) {
    builder.onLoad({ filter: /widget[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const minified = await minifyHTMLLiterals(source, { fileName: args.path, generateSourceMap: false });
      return { contents: minified?.code ?? source, loader: "ts" };
    });
  },
};

/**
 * In write.js, `widget/src/write/shared.ts` is the embed's own copy of Lit and its helpers, which
 * the embed publishes as `globalThis.chorusShared`: the writing half ships none of them again.
 */
const sharedFromEmbed: Plugin = {
  name: "shared-from-embed",
  setup(builder) {
    builder.onResolve({ filter: /^\.\/shared$/ }, (args) =>
      /widget[\\/]src[\\/]write$/.test(args.resolveDir) ? { path: "shared", namespace: "embed" } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: "embed" }, () => ({
      contents: "module.exports = globalThis.chorusShared;",
      loader: "js",
    }));
  },
};

const common: BuildOptions = {
  outdir: outDir,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2021", "chrome100", "firefox100", "safari15"],
  legalComments: "none",
  sourcemap: "linked",
  logLevel: "warning",
};

await rm(outDir, { recursive: true, force: true });
await mkdir(outDir, { recursive: true });
await build({
  ...common,
  entryPoints: {
    embed: "widget/src/embed.ts",
    "admin/admin": "widget/admin/main.ts",
    // Each loaded by the embed only on pages in its language (widget/src/i18n.ts), and registers itself.
    ...Object.fromEntries(
      (await readdir("widget/src/locales")).map((file) => [
        `locales/${basename(file, ".ts")}`,
        `widget/src/locales/${file}`,
      ]),
    ),
  },
  plugins: [minifyLitTemplates],
});
// Loaded by a thread once it has painted (widget/src/write/index.ts).
await build({
  ...common,
  // sign-in.js: loaded by write.js only where a page offers sign-in (widget/src/write/sign-in-panel.ts).
  entryPoints: { write: "widget/src/write/index.ts", "sign-in": "widget/src/write/sign-in-panel.ts" },
  plugins: [sharedFromEmbed, minifyLitTemplates],
});
await cp("widget/admin/index.html", `${outDir}/admin/index.html`);
await cp("widget/admin/_headers", `${outDir}/_headers`);
if (!options.includes("--no-demo")) await cp("demo", `${outDir}/demo`, { recursive: true });
console.log(
  `built ${outDir}/embed.js, ${outDir}/write.js, ${outDir}/sign-in.js, ${outDir}/admin/${options.includes("--no-demo") ? "" : " and the demo blog"}`,
);
