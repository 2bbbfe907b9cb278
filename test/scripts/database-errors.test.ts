/**
 * The CLIs that reach D1, as a blogger runs them against a database that refuses: one line naming
 * D1's error and what to do, exit status 1, never a stack trace.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { quietEnvironment } from "../../scripts/lib/child-env";

const empty = mkdtempSync(join(tmpdir(), "chorus-unmigrated-"));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe("a CLI against a database without the migrations", () => {
  it("says so on one line and exits 1", () => {
    const result = spawnSync("tsx", ["scripts/site.ts", "list", "--persist-to", empty], {
      encoding: "utf8",
      env: quietEnvironment(),
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toEqual([
      "site: the database refused: no such table: sites: SQLITE_ERROR (apply the migrations first: npm run db:migrate)",
    ]);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
