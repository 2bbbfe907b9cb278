/**
 * Creates and configures sites (one per blog) in the Chorus database.
 *
 *   npm run site -- create ID --name "My blog" --origin https://blog.example [--origin ...] [--moderation MODE] [--page-param NAME ...]
 *   npm run site -- update ID [--name ...] [--origin ...] [--moderation publish|hold_first|hold_all] [--page-param NAME ...]
 *   npm run site -- close ID PAGE        close a page's thread (readers can read, not post)
 *   npm run site -- reopen ID PAGE
 *   npm run site -- list
 * Add --remote to change the deployed database instead of the local one, or --persist-to DIR for a
 * local database kept elsewhere. `update --origin` replaces the whole list of origins, and
 * `--page-param` the query parameters that identify a page (default p and page_id, WordPress's
 * `/?p=4`; `--page-param ""` for none).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { defaultPageParams, moderationModes, normalizePagePath } from "../common/vocabulary";
import { pageParamsSchema } from "../worker/api/admin-schemas";
import { siteIdSchema } from "../worker/api/schemas";
import { closeD1, runStatements, sqlLiteral } from "./lib/d1";

const originSchema = z
  .string()
  .url({ error: "--origin must be an origin such as https://blog.example" })
  .transform((value) => new URL(value))
  .refine((url) => url.protocol === "http:" || url.protocol === "https:", { error: "--origin must be http or https" })
  .refine((url) => url.pathname === "/" && !url.search && !url.hash, {
    error: "--origin must be an origin only, without a path",
  })
  .transform((url) => url.origin);

const argumentsSchema = z.discriminatedUnion("command", [
  z.object({
    command: z.literal("create"),
    site: siteIdSchema,
    name: z.string().trim().min(1, { error: "--name is required" }).max(200),
    origins: z.array(originSchema).min(1, { error: "give at least one --origin" }),
    moderation: z.enum(moderationModes).default("publish"),
    pageParams: pageParamsSchema.default([...defaultPageParams]),
  }),
  z.object({
    command: z.literal("update"),
    site: siteIdSchema,
    name: z.string().trim().min(1).max(200).optional(),
    origins: z.array(originSchema).optional(),
    moderation: z.enum(moderationModes).optional(),
    pageParams: pageParamsSchema.optional(),
  }),
  z.object({ command: z.enum(["close", "reopen"]), site: siteIdSchema, page: z.string().min(1).max(500) }),
  z.object({ command: z.literal("list") }),
]);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: "string" },
    origin: { type: "string", multiple: true },
    moderation: { type: "string" },
    "page-param": { type: "string", multiple: true },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string" },
  },
});
const [command, site, page] = positionals;
const parsed = argumentsSchema.safeParse({
  command,
  site,
  page,
  name: values.name,
  origins: values.origin,
  moderation: values.moderation,
  pageParams: values["page-param"]?.filter((name) => name !== ""),
});
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`${issue.path.join(".") || "command"}: ${issue.message}`);
  console.error("usage: npm run site -- create|update|close|reopen|list ... (see scripts/site.ts)");
  process.exit(2);
}
const target = { remote: values.remote ?? false, persistTo: values["persist-to"] };
const args = parsed.data;

switch (args.command) {
  case "create":
    await runStatements(
      [
        `INSERT INTO sites (id, name, allowed_origins, moderation_mode, page_params) VALUES (${sqlLiteral(args.site)}, ${sqlLiteral(args.name)}, ${sqlLiteral(JSON.stringify(args.origins))}, ${sqlLiteral(args.moderation)}, ${sqlLiteral(JSON.stringify(args.pageParams))})`,
      ],
      target,
    );
    console.log(`created site ${args.site} for ${args.origins.join(", ")} (moderation: ${args.moderation})`);
    break;
  case "update": {
    const changes = [
      args.name === undefined ? null : `name = ${sqlLiteral(args.name)}`,
      args.origins === undefined ? null : `allowed_origins = ${sqlLiteral(JSON.stringify(args.origins))}`,
      args.moderation === undefined ? null : `moderation_mode = ${sqlLiteral(args.moderation)}`,
      args.pageParams === undefined ? null : `page_params = ${sqlLiteral(JSON.stringify(args.pageParams))}`,
    ].filter((change) => change !== null);
    if (changes.length === 0) {
      console.error("update: give --name, --origin, --moderation or --page-param");
      process.exit(2);
    }
    const output = await runStatements(
      [`UPDATE sites SET ${changes.join(", ")} WHERE id = ${sqlLiteral(args.site)}`],
      target,
    );
    if (output[0]?.meta.changes === 0) {
      console.error(`update: there is no site ${args.site}`);
      process.exit(2);
    }
    console.log(`updated site ${args.site}`);
    break;
  }
  case "close":
  case "reopen": {
    const [found] = await runStatements(
      [`SELECT page_params AS pageParams FROM sites WHERE id = ${sqlLiteral(args.site)}`],
      target,
    );
    const pageParams = found?.results[0]?.pageParams;
    if (typeof pageParams !== "string") {
      console.error(`${args.command}: there is no site ${args.site}`);
      process.exit(2);
    }
    const path = normalizePagePath(args.page, JSON.parse(pageParams) as string[]);
    const closed = args.command === "close";
    await runStatements(
      [
        `INSERT INTO threads (site_id, path, closed) VALUES (${sqlLiteral(args.site)}, ${sqlLiteral(path)}, ${sqlLiteral(closed)}) ON CONFLICT (site_id, path) DO UPDATE SET closed = excluded.closed`,
      ],
      target,
    );
    console.log(`${closed ? "closed" : "reopened"} ${path} on ${args.site}`);
    break;
  }
  case "list": {
    const output = await runStatements(
      ["SELECT id, name, allowed_origins, moderation_mode, page_params FROM sites ORDER BY id"],
      target,
    );
    console.table(output[0]?.results ?? []);
    break;
  }
}
await closeD1();
