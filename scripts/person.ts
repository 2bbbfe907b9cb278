/**
 * Access and erasure requests from the command line: every comment a person wrote on a site (found
 * by their email), exported for them as JSON, or erased.
 *
 *   npm run person -- export --site SITE --email ada@example.com [--out FILE]
 *   npm run person -- erase --site SITE --email ada@example.com --yes
 * Add --remote for the deployed database, or --persist-to DIR for a local database kept elsewhere.
 *
 * Erasing replaces each comment's text with "deleted", its name with "deleted", and removes its
 * email, website, IP hash and reader hash; the comments stay (with their status), so replies keep
 * their place. It cannot be undone, hence --yes. Both requests are recorded in the site's audit log
 * (comment ids and a count, not the email). The console offers the same to site owners
 * (POST /api/admin/sites/:site/people/export and /people/erase).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { limits } from "../common/vocabulary";
import { siteIdSchema } from "../worker/api/schemas";
import {
  eraseStatements,
  type PersonCommentRow,
  type PersonStanding,
  personAuditStatement,
  personCommentsQuery,
  personStandingQuery,
  toPersonExport,
} from "../worker/db/person-requests";
import { closeD1, type D1Target, queryRows, runStatements } from "./lib/d1";
import { sqlText } from "./lib/sql-text";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    site: { type: "string" },
    email: { type: "string" },
    out: { type: "string" },
    yes: { type: "boolean", default: false },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string" },
  },
});

const emailSchema = z
  .string({ error: "--email is required" })
  .trim()
  .max(limits.authorEmail)
  .pipe(z.email({ error: "--email must be an email address" }))
  .transform((email) => email.toLowerCase());
const argumentsSchema = z.discriminatedUnion("command", [
  z.object({ command: z.literal("export"), site: siteIdSchema, email: emailSchema, out: z.string().min(1).optional() }),
  z.object({ command: z.literal("erase"), site: siteIdSchema, email: emailSchema, yes: z.boolean() }),
]);
const parsed = argumentsSchema.safeParse({
  command: positionals[0],
  site: values.site,
  email: values.email,
  out: values.out,
  yes: values.yes,
});
if (!parsed.success) {
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "command");
    console.error(`${field === "command" ? "command (export or erase)" : `--${field}`}: ${issue.message}`);
  }
  console.error(
    "usage: npm run person -- export|erase --site SITE --email ADDRESS [--out FILE] [--yes] (see scripts/person.ts)",
  );
  process.exit(2);
}
const args = parsed.data;
const target: D1Target = { remote: values.remote ?? false, persistTo: values["persist-to"] };

const sites = await queryRows<{ id: string }>(sqlText(sql`SELECT id FROM sites WHERE id = ${args.site}`), target);
if (sites.length === 0) {
  console.error(`--site: there is no site ${args.site}`);
  process.exit(2);
}

if (args.command === "export") {
  const rows = await queryRows<PersonCommentRow>(sqlText(personCommentsQuery(args.site, args.email)), target);
  const [standing] = await queryRows<PersonStanding>(sqlText(personStandingQuery(args.site, args.email)), target);
  await runStatements([sqlText(personAuditStatement(args.site, args.email, null, "person_export", "cli"))], target);
  const json = `${JSON.stringify(toPersonExport(args.site, args.email, rows, standing, new Date()), null, 2)}\n`;
  if (args.out) {
    writeFileSync(args.out, json);
    console.error(`wrote ${rows.length} comments by ${args.email} on ${args.site} to ${args.out}`);
  } else {
    process.stdout.write(json);
  }
} else {
  const [counted] = await queryRows<{ count: number }>(
    sqlText(sql`SELECT count(*) AS count FROM comments WHERE site_id = ${args.site} AND author_email = ${args.email}`),
    target,
  );
  const count = counted?.count ?? 0;
  if (!args.yes) {
    console.error(
      `This erases ${count} comments by ${args.email} on ${args.site} (their text, name, email, website and hashes); it cannot be undone.`,
    );
    console.error("Run again with --yes to erase.");
    process.exit(2);
  }
  await runStatements(eraseStatements(args.site, args.email, null, "cli").map(sqlText), target);
  console.log(`erased ${count} comments by ${args.email} on ${args.site}; replies to them are kept`);
}
await closeD1();
