/**
 * The CLIs' local database (`scripts/lib/d1.ts`) while another process writes to the same file, as
 * `wrangler dev` (`npm start`) does while a blogger imports: SQLite answers "database is locked" to
 * whichever comes second, and a CLI must wait its turn rather than fail.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "jsonc-parser";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { afterAll, describe, expect, it } from "vitest";
import { closeD1, runStatements } from "../../scripts/lib/d1";

const state = mkdtempSync(join(tmpdir(), "chorus-busy-"));
afterAll(async () => {
  await closeD1();
  rmSync(state, { recursive: true, force: true });
});

/** The same database opened by a second simulator, as `wrangler dev` opens it. */
async function secondProcessDatabase(): Promise<{ database: D1Database; stop: () => Promise<void> }> {
  const settings = parse(readFileSync("wrangler.jsonc", "utf8")) as {
    compatibility_date: string;
    d1_databases: { binding: string; database_id: string }[];
  };
  const id = settings.d1_databases.find((entry) => entry.binding === "DB")?.database_id as string;
  const miniflare = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      script: "export default {};",
      compatibilityDate: settings.compatibility_date,
      d1Databases: { DB: id },
      resourcePersistencePath: join(state, "v3"),
    }),
  );
  return { database: (await miniflare.getD1Database("DB")) as D1Database, stop: () => miniflare.dispose() };
}

describe("the local database while another process writes to it", () => {
  it("waits for the other writer and runs every batch, once", async () => {
    const target = { remote: false, persistTo: state };
    await runStatements(["CREATE TABLE written (n INTEGER NOT NULL)"], target);
    const other = await secondProcessDatabase();
    let writing = true;
    // Bursts of writes every 50 ms, some of them changing the schema, as a dev server migrating and
    // answering readers does.
    const writer = (async () => {
      for (let burst = 0; writing; burst++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const rows = other.database.prepare(
          "INSERT INTO written SELECT -value FROM (WITH RECURSIVE c(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM c WHERE value < 2000) SELECT value FROM c)",
        );
        const table = other.database.prepare(`CREATE TABLE IF NOT EXISTS scratch_${burst % 50} (a)`);
        await other.database.batch([rows, table]).catch(() => undefined);
      }
    })();
    const batches = 150;
    try {
      for (let index = 1; index <= batches; index++) {
        await runStatements([`SELECT count(*) FROM written`, `INSERT INTO written VALUES (${index})`], target);
      }
    } finally {
      writing = false;
      await writer;
      await other.stop();
    }
    const [mine] = await runStatements(["SELECT count(*) AS n, sum(n) AS total FROM written WHERE n > 0"], target);
    expect(mine?.results).toEqual([{ n: batches, total: (batches * (batches + 1)) / 2 }]);
  }, 60_000);
});
