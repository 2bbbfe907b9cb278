/**
 * Imports comments into a site: from a Disqus export, a WordPress export (WXR) or a Chorus export.
 *
 *   npm run import -- --site SITE disqus FILE.xml[.gz]
 *   npm run import -- --site SITE wordpress FILE.xml[.gz]
 *   npm run import -- --site SITE chorus FILE.json[.gz]
 *
 * Options: --remote (the deployed database; the default is the local one), --persist-to DIR (a
 * local database kept elsewhere), --train (teach the site's spam classifier from the imported
 * published and spam comments), --dry-run (read and check the file, write nothing), --batch N
 * (comments per transaction, default 10000).
 *
 * Threads become pages by their normalised address; replies keep their parents; authors, dates,
 * statuses and (private) emails carry over; comments join the duplicate index. Importing a file again
 * adds nothing it already added. A page whose comments cannot all be imported is not imported at all.
 * Each problem is reported with its place in the file, and the exit code is 1 when anything could
 * not be imported (2 for wrong arguments or an unknown site).
 */
import { readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { z } from "zod";
import { defaultPageParams } from "../common/vocabulary";
import { ChorusFormatError, readChorusExport } from "../importers/chorus-format";
import { DisqusReader } from "../importers/disqus";
import { decodeUtf8, decodeXmlBytes } from "../importers/encoding";
import {
  chunkPages,
  chunkStatements,
  countByStatus,
  duplicateLinkStatements,
  type PlannedPage,
  planImport,
} from "../importers/plan";
import type { ImportFormat, ImportSource, Problem } from "../importers/source";
import { importFormats } from "../importers/source";
import { sqlValue } from "../importers/sql";
import { trainingExamples, trainingStatements } from "../importers/training";
import { WordPressReader } from "../importers/wordpress";
import { XmlSyntaxError } from "../importers/xml";
import { siteIdSchema } from "../worker/api/schemas";
import { toSnapshot } from "../worker/db/spam-model";
import { learnInBulk } from "../worker/spam";
import { closeD1, D1RunError, type D1Target, queryRows, runStatements } from "./lib/d1";
import { Progress } from "./lib/progress";

const usage = "usage: npm run import -- --site SITE disqus|wordpress|chorus FILE [--remote] [--train] [--dry-run]";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    site: { type: "string" },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string" },
    train: { type: "boolean", default: false },
    "dry-run": { type: "boolean", default: false },
    batch: { type: "string", default: "10000" },
  },
});

const argumentsSchema = z.object({
  site: siteIdSchema,
  format: z.enum(importFormats, { error: "the format must be disqus, wordpress or chorus" }),
  file: z
    .string({ error: "give the export file to import" })
    .min(1, { error: "give the export file to import" })
    .refine(
      (file) => {
        try {
          return statSync(file).isFile();
        } catch {
          return false;
        }
      },
      { error: "no such file" },
    ),
  batch: z.coerce.number().int().min(1).max(100_000),
});
const parsed = argumentsSchema.safeParse({
  site: values.site ?? "",
  format: positionals[0],
  file: positionals[1],
  batch: values.batch,
});
if (!parsed.success || positionals.length > 2) {
  for (const issue of parsed.error?.issues ?? []) {
    const field = String(issue.path[0] ?? "arguments");
    const given = field === "format" ? ` (got ${JSON.stringify(positionals[0] ?? null)})` : "";
    console.error(`${field === "site" ? "--site" : field}: ${issue.message}${given}`);
  }
  if (positionals.length > 2) console.error(`unexpected arguments: ${positionals.slice(2).join(" ")}`);
  console.error(usage);
  process.exit(2);
}
const args = parsed.data;
const target: D1Target = { remote: values.remote ?? false, persistTo: values["persist-to"] };
const dryRun = values["dry-run"] ?? false;
const started = performance.now();
const formatName: Record<ImportFormat, string> = { disqus: "Disqus", wordpress: "WordPress", chorus: "Chorus" };

/** Prints a problem as FILE:LINE: element: message, the way compilers do. */
function describeProblem(problem: Problem): string {
  const where = problem.location.line === undefined ? args.file : `${args.file}:${problem.location.line}`;
  return `${where}: ${problem.location.element}: ${problem.message}`;
}

/** The query parameters that identify the site's pages, or null when there is no such site. */
async function sitePageParams(): Promise<string[] | null> {
  const rows = await queryRows<{ pageParams: string }>(
    `SELECT page_params AS pageParams FROM sites WHERE id = ${sqlValue(args.site)}`,
    target,
  );
  return rows[0] ? (JSON.parse(rows[0].pageParams) as string[]) : null;
}

/** Reads the file (gunzipped if it is gzip) into an import source; a fatal error ends the run. */
function readSource(pageParams: readonly string[]): ImportSource {
  let bytes: Uint8Array = readFileSync(args.file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      fail(`${args.file}: the gzip data is damaged or truncated (${(error as Error).message})`);
    }
  }
  try {
    if (args.format === "chorus") return readChorusExport(decodeUtf8(bytes), pageParams);
    const text = decodeXmlBytes(bytes);
    const reader = args.format === "disqus" ? new DisqusReader(pageParams) : new WordPressReader(pageParams);
    const progress = new Progress("reading", text.length, "characters");
    const step = 1 << 20;
    for (let offset = 0; offset < text.length; offset += step) {
      reader.write(text.slice(offset, offset + step));
      progress.update(Math.min(text.length, offset + step));
    }
    const source = reader.end();
    if (text.length > 8 * step) progress.finish();
    return source;
  } catch (error) {
    if (error instanceof XmlSyntaxError) fail(`${args.file}:${error.line}:${error.column}: ${error.reason}`);
    if (error instanceof ChorusFormatError) {
      fail(`${args.file}${error.line === undefined ? "" : `:${error.line}:${error.column}`}: ${error.reason}`);
    }
    throw error;
  }
}

function fail(message: string): never {
  console.error(message);
  console.error("Nothing was imported.");
  process.exit(1);
}

/** The idempotency keys this import may already have stored, read a page at a time. */
async function existingKeys(format: ImportFormat): Promise<Set<string>> {
  const keys = new Set<string>();
  const prefix = format === "chorus" ? null : `import:${format}:`;
  const upper = prefix === null ? "" : ` AND idempotency_key < ${sqlValue(`${prefix.slice(0, -1)};`)}`;
  let cursor = prefix ?? "";
  for (;;) {
    const rows = await queryRows<{ k: string }>(
      `SELECT idempotency_key AS k FROM comments WHERE site_id = ${sqlValue(args.site)} AND idempotency_key > ${sqlValue(cursor)}${upper} ORDER BY idempotency_key LIMIT 20000`,
      target,
    );
    for (const row of rows) keys.add(row.k);
    if (rows.length < 20000) return keys;
    cursor = rows.at(-1)?.k ?? cursor;
  }
}

interface Failure {
  page: PlannedPage;
  message: string;
}

/** Writes pages chunk by chunk; a chunk that fails is split until the failing pages are found. */
async function writePages(pages: PlannedPage[], existing: ReadonlySet<string>) {
  const total = pages.reduce((sum, page) => sum + page.comments.length, 0);
  const progress = new Progress(`importing into ${target.remote ? "remote" : "local"} D1`, total, "comments");
  const written: PlannedPage[] = [];
  const failures: Failure[] = [];
  let done = 0;
  let fatal: string | null = null;
  const now = Date.now();
  const statementsOf = (chunk: PlannedPage[]) =>
    chunkStatements(chunk, { siteId: args.site, now, existingKeys: existing });
  const write = async (chunk: PlannedPage[], statements = statementsOf(chunk)): Promise<void> => {
    if (fatal !== null) {
      for (const page of chunk) failures.push({ page, message: fatal });
      return;
    }
    try {
      await runStatements(statements, target);
      written.push(...chunk);
      done += chunk.reduce((sum, page) => sum + page.comments.length, 0);
      progress.update(done, `${written.length.toLocaleString("en")} pages`);
    } catch (error) {
      if (!(error instanceof D1RunError)) throw error;
      const aboutTheData = /SQLITE|constraint|syntax|too (long|big)|no such|mismatch/i.test(error.message);
      if (!aboutTheData) {
        fatal = error.message;
        for (const page of chunk) failures.push({ page, message: fatal });
        return;
      }
      if (chunk.length === 1 && chunk[0]) {
        failures.push({ page: chunk[0], message: error.message });
        return;
      }
      const half = Math.ceil(chunk.length / 2);
      await write(chunk.slice(0, half));
      await write(chunk.slice(half));
    }
  };
  // While the database writes one chunk, the next one's SQL is prepared (fingerprints are the slow part).
  let previous: Promise<void> = Promise.resolve();
  for (const chunk of chunkPages(pages, args.batch)) {
    const statements = statementsOf(chunk);
    await previous;
    previous = write(chunk, statements);
  }
  await previous;
  progress.finish(`${written.length.toLocaleString("en")} pages`);
  return { written, failures };
}

/** Teaches the site's classifier the new published (ham) and spam comments of the written pages. */
async function train(pages: readonly PlannedPage[], existing: ReadonlySet<string>) {
  const examples = trainingExamples(pages.flatMap((page) => page.comments)).filter(
    (example) => !existing.has(example.idempotencyKey),
  );
  if (examples.length === 0) return { ham: 0, spam: 0 };
  const site = sqlValue(args.site);
  const counts = await queryRows<{ hamDocs: number; spamDocs: number }>(
    `SELECT ham_docs AS hamDocs, spam_docs AS spamDocs FROM spam_models WHERE site_id = ${site}`,
    target,
  );
  const features: { feature: string; weight: number; squaredGradients: number }[] = [];
  if (counts.length > 0) {
    let cursor = "";
    for (;;) {
      const rows = await queryRows<{ feature: string; weight: number; squaredGradients: number }>(
        `SELECT feature, weight, squared_gradients AS squaredGradients FROM spam_features WHERE site_id = ${site} AND feature > ${sqlValue(cursor)} ORDER BY feature LIMIT 20000`,
        target,
      );
      features.push(...rows);
      if (rows.length < 20000) break;
      cursor = rows.at(-1)?.feature ?? cursor;
    }
  }
  const change = await learnInBulk(
    toSnapshot(counts, features),
    examples.map((example) => example.decision),
  );
  await runStatements(trainingStatements(args.site, change, examples), target);
  return {
    ham: examples.filter((example) => example.decision.label === "ham").length,
    spam: examples.filter((example) => example.decision.label === "spam").length,
  };
}

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString("en")} ${count === 1 ? one : many}`;

const pageParams = dryRun ? defaultPageParams : await sitePageParams();
if (!pageParams) {
  console.error(`--site: there is no site ${args.site}${target.remote ? " in the deployed database" : ""}.`);
  console.error(`Create it first: npm run site -- create ${args.site} --name "…" --origin https://…`);
  process.exit(2);
}
const source = readSource(pageParams);
const plan = planImport(source);
const existing = dryRun ? new Set<string>() : await existingKeys(args.format);
const isNew = (page: PlannedPage) =>
  page.comments.length === 0 || page.comments.some((comment) => !existing.has(comment.idempotencyKey));
const toWrite = plan.pages.filter(isNew);
const alreadyThere = plan.pages.reduce(
  (sum, page) => sum + page.comments.filter((comment) => existing.has(comment.idempotencyKey)).length,
  0,
);

let written: PlannedPage[] = [];
let failures: Failure[] = [];
let taught: { ham: number; spam: number } | null = null;
if (!dryRun) {
  ({ written, failures } = await writePages(toWrite, existing));
  if (source.format === "chorus" && written.length > 0) {
    const links = duplicateLinkStatements(written, args.site);
    if (links.length > 0) await runStatements(links, target);
  }
  if (values.train && written.length > 0) taught = await train(written, existing);
}

const byLine = (problem: Problem) => problem.location.line ?? Number.MAX_SAFE_INTEGER;
for (const problem of plan.problems.toSorted((a, b) => byLine(a) - byLine(b))) console.error(describeProblem(problem));
for (const failure of failures)
  console.error(`${args.file}: page ${failure.page.path} was not written: ${failure.message}`);

const newComments = (dryRun ? toWrite : written).flatMap((page) =>
  page.comments.filter((comment) => !existing.has(comment.idempotencyKey)),
);
const statuses = countByStatus([{ comments: newComments } as PlannedPage]);
const sourceThreads = plan.pages.reduce((sum, page) => sum + page.threadKeys.length, 0);
const failedComments = failures.reduce((sum, failure) => sum + failure.page.comments.length, 0);
const lines = [
  `${dryRun ? "Checked (dry run, nothing written)" : "Imported"} ${formatName[args.format]} export ${args.file} into site ${args.site}${dryRun ? "" : ` (${target.remote ? "deployed" : "local"} database)`}:`,
  `  threads:  ${plural(dryRun ? toWrite.length : written.length, "page")} ${dryRun ? "to write" : "written"}` +
    (sourceThreads > plan.pages.length
      ? ` (${plural(sourceThreads, `${formatName[args.format]} thread`)} merged into ${plural(plan.pages.length, "page")} by address)`
      : "") +
    (plan.pages.length > toWrite.length
      ? `, ${plural(plan.pages.length - toWrite.length, "page")} already imported`
      : ""),
  `  comments: ${plural(newComments.length, "new comment")} (${statuses.published} published, ${statuses.pending} pending, ${statuses.spam} spam, ${statuses.deleted} deleted), ${alreadyThere.toLocaleString("en")} already imported`,
];
const skippedComments = plan.skipped.comments + failedComments;
if (skippedComments > 0 || plan.skipped.pages > 0 || failures.length > 0) {
  lines.push(`  skipped:  ${plural(skippedComments, "comment")} not imported:`);
  for (const [reason, count] of Object.entries(plan.skipped.reasons))
    lines.push(`            ${reason}: ${count.toLocaleString("en")}`);
  if (failures.length > 0)
    lines.push(`            pages the database refused: ${failures.length.toLocaleString("en")}`);
}
for (const [reason, count] of Object.entries(plan.leftOut))
  lines.push(`  left out: ${reason}: ${count.toLocaleString("en")} (by design)`);
if (taught)
  lines.push(`  classifier: taught ${plural(taught.ham, "ham comment")} and ${plural(taught.spam, "spam comment")}`);
if (values.train && dryRun) lines.push("  classifier: --train has no effect in a dry run");
lines.push(`  time:     ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (plan.problems.length > 0 || failures.length > 0) {
  lines.push(
    `${plural(plan.problems.length + failures.length, "problem")} reported above; fix the file and run the import again (what was imported stays, nothing is added twice).`,
  );
}
console.log(lines.join("\n"));
await closeD1();
process.exit(plan.problems.length > 0 || failures.length > 0 ? 1 : 0);
