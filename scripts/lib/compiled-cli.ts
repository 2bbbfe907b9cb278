/**
 * The Chorus CLIs for tests and benchmarks that run them many times: each compiled once per process
 * by esbuild into `dist/cli/` (what tsx compiles again on every run, most of a short command's
 * second), then run by Node as a child process with the arguments a blogger would give.
 */
import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { renameSync } from "node:fs";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { quietEnvironment } from "./child-env";

/** The CLIs that read and write a Chorus database. */
export type CliName = "site" | "import" | "export" | "person" | "seed";

const compiled = new Set<CliName>();

/** Runs `npm run <name> -- <args>`'s script, compiled, and waits for it. */
export function runCli(name: CliName, args: readonly string[]): SpawnSyncReturns<string> {
  const file = join("dist", "cli", `${name}.mjs`);
  if (!compiled.has(name)) {
    // Test files running side by side each compile it: each writes its own copy, then renames it
    // into place, so no run ever starts from a half-written file.
    const own = `${file}.${process.pid}`;
    buildSync({
      entryPoints: [`scripts/${name}.ts`],
      outfile: own,
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "warning",
    });
    renameSync(own, file);
    compiled.add(name);
  }
  return spawnSync(process.execPath, [file, ...args], {
    encoding: "utf8",
    env: quietEnvironment(),
  });
}
