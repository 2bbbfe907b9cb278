/**
 * Creates and configures sites (one per blog) in the Chorus database.
 *
 *   npm run site -- create ID --name "My blog" --origin https://blog.example [--origin ...] [--moderation MODE]
 *   npm run site -- update ID [--name ...] [--origin ...] [--moderation publish|hold_first|hold_all]
 *   npm run site -- close ID PAGE        close a page's thread (readers can read, not post)
 *   npm run site -- reopen ID PAGE
 *   npm run site -- list
 * Add --remote to change the deployed database instead of the local one, or --persist-to DIR for a
 * local database kept elsewhere. `update --origin` replaces the whole list of origins.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { moderationModes, normalizePagePath } from "../common/vocabulary";
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
  }),
  z.object({
    command: z.literal("update"),
    site: siteIdSchema,
    name: z.string().trim().min(1).max(200).optional(),
    origins: z.array(originSchema).optional(),
    moderation: z.enum(moderationModes).optional(),
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
        `INSERT INTO sites (id, name, allowed_origins, moderation_mode) VALUES (${sqlLiteral(args.site)}, ${sqlLiteral(args.name)}, ${sqlLiteral(JSON.stringify(args.origins))}, ${sqlLiteral(args.moderation)})`,
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
    ].filter((change) => change !== null);
    if (changes.length === 0) {
      console.error("update: give --name, --origin or --moderation");
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
    const path = normalizePagePath(args.page);
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
      ["SELECT id, name, allowed_origins, moderation_mode FROM sites ORDER BY id"],
      target,
    );
    console.table(output[0]?.results ?? []);
    break;
  }
}
await closeD1();
