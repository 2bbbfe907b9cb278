/**
 * Gives a person a role on a site's moderator console, creating their account if it is new (for an
 * existing account it sets the name and password given). This is how a site's first owner is made.
 *
 *   echo 'a long passphrase' | npm run moderator -- add --site myblog --email ada@example.com --name "Ada" --role owner --password-stdin
 *   npm run moderator -- remove --site myblog --email ada@example.com
 * Add --remote for the deployed database, or --persist-to DIR for a local database kept elsewhere.
 * The password is read from standard input (never from the command line, where it would be logged).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { siteIdSchema } from "../worker/api/schemas";
import { hashPassword } from "../worker/auth/password";
import { moderatorRoles } from "../worker/db/schema";
import { closeD1, runStatements, sqlLiteral } from "./lib/d1";
import { grantStatements } from "./lib/moderator-sql";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    site: { type: "string" },
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string", default: "moderator" },
    "password-stdin": { type: "boolean", default: false },
    remote: { type: "boolean", default: false },
    "persist-to": { type: "string" },
  },
});

const argumentsSchema = z.discriminatedUnion("command", [
  z.object({
    command: z.literal("add"),
    site: siteIdSchema,
    email: z.email({ error: "--email must be an email address" }).transform((email) => email.toLowerCase()),
    name: z.string().trim().min(1, { error: "--name is required" }).max(80),
    role: z.enum(moderatorRoles, { error: "--role must be owner or moderator" }),
    passwordStdin: z.literal(true, { error: "pass --password-stdin and pipe the password in" }),
  }),
  z.object({
    command: z.literal("remove"),
    site: siteIdSchema,
    email: z.email({ error: "--email must be an email address" }).transform((email) => email.toLowerCase()),
  }),
]);

const parsed = argumentsSchema.safeParse({
  command: positionals[0],
  site: values.site,
  email: values.email,
  name: values.name,
  role: values.role,
  passwordStdin: values["password-stdin"],
});
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`${issue.path.join(".") || "command"}: ${issue.message}`);
  console.error("usage: see scripts/moderator.ts");
  process.exit(2);
}
const args = parsed.data;
const target = { remote: values.remote ?? false, persistTo: values["persist-to"] };
const email = sqlLiteral(args.email);
const site = sqlLiteral(args.site);

if (args.command === "add") {
  const password = readFileSync(0, "utf8").replace(/\r?\n$/, "");
  const strength = z
    .string()
    .min(12, { error: "the password must be at least 12 characters" })
    .max(1024)
    .safeParse(password);
  if (!strength.success) {
    console.error(strength.error.issues[0]?.message);
    process.exit(2);
  }
  const passwordHash = await hashPassword(password);
  const output = await runStatements(
    grantStatements({
      email: args.email,
      name: args.name,
      passwordHash,
      siteId: args.site,
      role: args.role,
    }),
    target,
  );
  if (output[1]?.meta.changes === 0) {
    console.error(`there is no site ${args.site}: create it first with npm run site -- create`);
    process.exit(2);
  }
  console.log(`${args.email} is now ${args.role} of ${args.site}`);
} else {
  await runStatements(
    [
      `DELETE FROM site_moderators WHERE site_id = ${site} AND moderator_id = (SELECT id FROM moderators WHERE email = ${email})`,
    ],
    target,
  );
  console.log(`${args.email} no longer moderates ${args.site}`);
}
await closeD1();
