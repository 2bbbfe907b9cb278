/**
 * The Chorus D1 database, for the CLIs, benchmarks and end-to-end tests: the local one (wrangler's
 * own state, or a `--persist-to` directory) through an in-process Miniflare, the simulator wrangler
 * runs it in, so each statement is one call and not a `wrangler` process; or the deployed one
 * through `wrangler d1 execute --remote`. A list of statements runs as one transaction either way.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parse } from "jsonc-parser";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { quietEnvironment } from "./child-env";

export interface D1Target {
  /** Run against the deployed database instead of the local one. */
  remote: boolean;
  /** Local state directory, as `wrangler dev --persist-to` uses (defaults to wrangler's own). */
  persistTo?: string;
}

/** What one statement did: the rows it returned and how many rows it changed. */
export interface StatementResult<Row = Record<string, unknown>> {
  results: Row[];
  meta: { changes?: number };
}

/** The database refused the SQL (or wrangler failed); `message` is D1's error. */
export class D1RunError extends Error {}

/**
 * A database error that a command does not handle itself ends it with D1's own words on one line
 * (exit 1), never a stack trace: every CLI that reaches D1 loads this module. Anything else is
 * printed as Node prints it.
 */
process.on("uncaughtException", (error) => {
  if (error instanceof D1RunError) {
    const hint = /no such table/.test(error.message) ? " (apply the migrations first: npm run db:migrate)" : "";
    console.error(
      `${basename(process.argv[1] ?? "chorus").replace(/\.[cm]?[jt]s$/, "")}: the database refused: ${error.message}${hint}`,
    );
  } else {
    console.error(error);
  }
  process.exit(1);
});

/** A SQL literal for a value: strings quoted with quotes doubled, numbers as they are, null as NULL. */
export function sqlLiteral(value: string | number | boolean | null): string {
  if (value === null) return "NULL";
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  return `'${value.replaceAll("'", "''")}'`;
}

let local: { path: string; miniflare: Miniflare } | undefined;

/** The settings of wrangler.jsonc that the local database is opened with. */
interface DatabaseSettings {
  compatibility_date: string;
  d1_databases: { binding: string; database_id: string }[];
}

/**
 * The local database of `persistTo`, opened once per process, where wrangler keeps it: under the
 * state directory's `v3`, named by wrangler.jsonc's `database_id`. Miniflare is started directly
 * (wrangler's own start-up would cost each short command another second) with the database alone:
 * the Worker's other bindings, its Durable Objects, cannot run without the Worker's code.
 */
function localDatabase(persistTo: string | undefined): Promise<D1Database> {
  const path = join(resolve(persistTo ?? ".wrangler/state"), "v3");
  if (local?.path !== path) {
    const settings = parse(readFileSync("wrangler.jsonc", "utf8")) as DatabaseSettings;
    const database = settings.d1_databases.find((entry) => entry.binding === "DB");
    if (!database) throw new D1RunError("wrangler.jsonc declares no D1 database bound as DB");
    local = {
      path,
      miniflare: new Miniflare(
        convertV4MiniflareOptions({
          modules: true,
          script: "export default {};",
          compatibilityDate: settings.compatibility_date,
          d1Databases: { DB: database.database_id },
          resourcePersistencePath: path,
        }),
      ),
    };
  }
  return local.miniflare.getD1Database("DB") as Promise<D1Database>;
}

/** Stops the local database's Miniflare, so the process can end; the next call opens it again. */
export async function closeD1(): Promise<void> {
  const opened = local;
  local = undefined;
  await opened?.miniflare.dispose();
}

/** Runs `wrangler d1 execute --remote` with `args`; resolves with its JSON output. */
function wranglerRemote(args: string[]): Promise<string> {
  const all = ["d1", "execute", "chorus", "--remote", ...args, "--json", "--yes"];
  return new Promise((resolve, reject) => {
    const child = spawn("wrangler", all, {
      env: quietEnvironment(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const output = Buffer.concat(stdout).toString("utf8");
      if (code === 0) return resolve(output);
      let message = Buffer.concat(stderr).toString("utf8").trim() || output.trim();
      try {
        const parsed = JSON.parse(output) as { error?: { text?: string } };
        if (parsed.error?.text) message = parsed.error.text;
      } catch {
        // Not JSON: keep wrangler's own words.
      }
      reject(new D1RunError(message.replace(/^✘ \[ERROR\] /m, "").trim()));
    });
  });
}

/** Runs `statements` as one transaction; resolves with what each did. */
export async function runStatements(statements: readonly string[], target: D1Target): Promise<StatementResult[]> {
  if (statements.length === 0) return [];
  if (target.remote) {
    const directory = mkdtempSync(join(tmpdir(), "chorus-sql-"));
    const file = join(directory, "statements.sql");
    writeFileSync(file, `${statements.join(";\n")};\n`);
    try {
      return JSON.parse(await wranglerRemote(["--file", file])) as StatementResult[];
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
  const database = await localDatabase(target.persistTo);
  for (let attempt = 1; ; attempt++) {
    try {
      return await database.batch(statements.map((statement) => database.prepare(statement)));
    } catch (error) {
      const message = (error as Error).message.replace(/^D1_ERROR: /, "");
      if (attempt >= BUSY_ATTEMPTS || !BUSY.test(message)) throw new D1RunError(message);
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** attempt)));
    }
  }
}

/**
 * What the local database answers while another process writes to the same file: `wrangler dev`
 * (`npm start`) holds it open while a CLI imports or exports. Workerd logs SQLite's "database is
 * locked" and D1 answers "internal error". A batch is one transaction, so trying it again is safe.
 */
const BUSY = /internal error|database is locked|SQLITE_BUSY/i;

/** Tries of a batch on a busy local database, waiting 0.1, 0.2, 0.4, 0.8 and then 1 s between them (6.5 s in all). */
const BUSY_ATTEMPTS = 10;

/** Runs one read and returns its rows, keyed by column name. */
export async function queryRows<Row>(sql: string, target: D1Target): Promise<Row[]> {
  if (target.remote) {
    const output = JSON.parse(await wranglerRemote(["--command", sql])) as { results?: Row[] }[];
    return output[0]?.results ?? [];
  }
  return (await runStatements([sql], target))[0]?.results as Row[];
}
