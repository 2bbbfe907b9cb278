/**
 * Exports a whole site (its threads and every comment, with statuses and private fields) to one
 * JSON document in the Chorus export format (importers/chorus-format.ts), which
 * `npm run import -- --site SITE chorus FILE` reads back.
 *
 *   npm run export -- --site SITE [--out FILE]        (default: standard output)
 * Add --remote for the deployed database, or --persist-to DIR for a local database kept elsewhere.
 * The file holds authors' emails: keep it as private as the database.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  buildChorusExport,
  type CommentRow,
  exportCommentsQuery,
  exportThreadsQuery,
  type ThreadRow,
} from "../importers/chorus-format";
import { sqlValue } from "../importers/sql";
import { siteIdSchema } from "../worker/api/schemas";
import { closeD1, type D1Target, queryRows } from "./lib/d1";
import { Progress } from "./lib/progress";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    site: { type: "string" },
    out: { type: "string" },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string" },
  },
});
const parsed = z.object({ site: siteIdSchema, out: z.string().min(1).optional() }).safeParse(values);
if (!parsed.success || positionals.length > 0) {
  for (const issue of parsed.error?.issues ?? [])
    console.error(`--${String(issue.path[0] ?? "site")}: ${issue.message}`);
  if (positionals.length > 0) console.error(`unexpected arguments: ${positionals.join(" ")}`);
  console.error("usage: npm run export -- --site SITE [--out FILE] [--remote]");
  process.exit(2);
}
const { site, out } = parsed.data;
const target: D1Target = { remote: values.remote ?? false, persistTo: values["persist-to"] };
const pageSize = target.remote ? 2_000 : 10_000;

const [found] = await queryRows<{ id: string; name: string; comments: number }>(
  `SELECT id, name, (SELECT count(*) FROM comments WHERE site_id = sites.id) AS comments FROM sites WHERE id = ${sqlValue(site)}`,
  target,
);
if (!found) {
  console.error(`--site: there is no site ${site}`);
  process.exit(2);
}

/** Reads rows a page at a time, by id, until a short page. */
async function readAll<Row extends { id: number }>(
  query: (afterId: number) => string,
  onPage?: (count: number) => void,
) {
  const rows: Row[] = [];
  let afterId = 0;
  for (;;) {
    const page = await queryRows<Row>(query(afterId), target);
    rows.push(...page);
    onPage?.(rows.length);
    if (page.length < pageSize) return rows;
    afterId = page.at(-1)?.id ?? afterId;
  }
}

const progress = new Progress(`exporting ${site}`, found.comments, "comments");
const threads = await readAll<ThreadRow>((afterId) => exportThreadsQuery(site, afterId, pageSize, sqlValue));
const comments = await readAll<CommentRow>(
  (afterId) => exportCommentsQuery(site, afterId, pageSize, sqlValue),
  (count) => progress.update(count),
);
progress.finish();
const document = buildChorusExport({ id: found.id, name: found.name }, threads, comments, new Date());
const json = `${JSON.stringify(document, null, 2)}\n`;
if (out) writeFileSync(out, json);
else process.stdout.write(json);
console.error(
  `exported ${threads.length.toLocaleString("en")} threads and ${comments.length.toLocaleString("en")} comments of ${site}${out ? ` to ${out}` : ""}`,
);
await closeD1();
