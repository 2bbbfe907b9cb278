/** Runs SQL against the Chorus D1 database through wrangler: local by default, or the deployed one. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface D1Target {
  /** Run against the deployed database instead of the local one. */
  remote: boolean;
  /** Local state directory, as `wrangler dev --persist-to` uses (defaults to wrangler's own). */
  persistTo?: string;
}

/** A SQL literal for a value: strings quoted with quotes doubled, numbers as they are, null as NULL. */
export function sqlLiteral(value: string | number | boolean | null): string {
  if (value === null) return "NULL";
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  return `'${value.replaceAll("'", "''")}'`;
}

/** Executes statements in one file through `wrangler d1 execute`, and returns wrangler's JSON output. */
export function executeSql(statements: string[], target: D1Target): unknown {
  const directory = mkdtempSync(join(tmpdir(), "chorus-sql-"));
  const file = join(directory, "statements.sql");
  writeFileSync(file, `${statements.join(";\n")};\n`);
  try {
    const args = ["d1", "execute", "chorus", target.remote ? "--remote" : "--local", "--file", file, "--json", "--yes"];
    if (target.persistTo) args.push("--persist-to", target.persistTo);
    const result = spawnSync("wrangler", args, {
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    if (result.status !== 0) {
      throw new Error(`wrangler d1 execute failed:\n${result.stderr || result.stdout}`);
    }
    return JSON.parse(result.stdout);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
