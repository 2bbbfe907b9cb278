/**
 * Runs large SQL files and paged reads against the Chorus D1 database through wrangler, without
 * blocking (so a progress bar keeps moving) and without a limit on the output's size. Writes go
 * through `wrangler d1 execute --file` (one transaction per file, locally and on Cloudflare); reads
 * through `--command`, which returns rows for the deployed database too.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { D1Target } from "./d1";

/** wrangler's answer when the SQL failed; `message` is D1's error. */
export class D1RunError extends Error {}

function wrangler(args: string[], target: D1Target): Promise<string> {
  const all = ["d1", "execute", "chorus", target.remote ? "--remote" : "--local", ...args, "--json", "--yes"];
  if (target.persistTo && !target.remote) all.push("--persist-to", target.persistTo);
  return new Promise((resolve, reject) => {
    const child = spawn("wrangler", all, {
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
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

/** Runs statements as one file (one transaction); resolves with wrangler's results per statement. */
export async function runSqlFile(statements: readonly string[], target: D1Target): Promise<unknown> {
  const directory = mkdtempSync(join(tmpdir(), "chorus-import-"));
  const file = join(directory, "chunk.sql");
  writeFileSync(file, `${statements.join(";\n")};\n`);
  try {
    return JSON.parse(await wrangler(["--file", file], target));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Runs one read and returns its rows, keyed by column name. */
export async function queryRows<Row>(sql: string, target: D1Target): Promise<Row[]> {
  const output = JSON.parse(await wrangler(["--command", sql], target)) as { results?: Row[] }[];
  return output[0]?.results ?? [];
}
