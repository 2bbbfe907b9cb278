/**
 * `npm start`'s seed, as a newcomer meets it: the console has something to show (spam with its
 * reasons, a duplicate, a held comment, a reported one, a staff reply), judged by the Worker's own
 * decision, with an alert queued to the local webhook receiver for each, and seeding again adds nothing.
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../scripts/lib/compiled-cli";
import { closeD1, runStatements } from "../../scripts/lib/d1";
import { migratedState } from "../../scripts/lib/local-worker";

const state = mkdtempSync(join(tmpdir(), "chorus-seed-"));
afterAll(async () => {
  await closeD1();
  rmSync(state, { recursive: true, force: true });
});

function seed() {
  const result = runCli("seed", ["--persist-to", state]);
  expect(result.status, result.stderr).toBe(0);
}

describe("npm run db:seed", () => {
  it("gives the demo console its queues, judged as the Worker judges, and adds nothing the second time", async () => {
    // The migrations as `npm run db:migrate` applies them (wrangler d1 migrations apply), made once for all tests.
    cpSync(migratedState(), state, { recursive: true });
    seed();
    seed();
    const [rows] = await runStatements(
      [
        `SELECT author_name AS author, status, duplicate_kind AS duplicate, staff_moderator_id IS NOT NULL AS staff,
          (SELECT count(*) FROM reports WHERE comment_id = comments.id) AS reports,
          json_array_length(reasons) AS reasons FROM comments WHERE site_id = 'demo' ORDER BY id`,
      ],
      { remote: false, persistTo: state },
    );
    const comments = rows?.results ?? [];
    expect(comments).toHaveLength(12);
    const by = (author: string) => comments.find((comment) => comment.author === author);
    expect(by("Cheap Flats Dubai")).toMatchObject({ status: "spam" });
    expect(by("SEO Services")).toMatchObject({ status: "spam" });
    expect(by("Lena")).toMatchObject({ status: "pending" });
    expect(by("Mona")).toMatchObject({ duplicate: "near" });
    expect(by("Kettlehater")).toMatchObject({ status: "published", reports: 2 });
    expect(by("Demo owner")).toMatchObject({ status: "published", staff: 1 });
    for (const author of ["Cheap Flats Dubai", "SEO Services", "Lena", "Mona"]) {
      expect(Number(by(author)?.reasons), author).toBeGreaterThan(1);
    }
    const [alerts] = await runStatements(
      [
        `SELECT outbox.subject AS event, comments.author_name AS author FROM outbox
          JOIN comments ON comments.id = CAST(substr(outbox.subject_key, instr(outbox.subject_key, ':') + 1) AS INTEGER)
          WHERE outbox.kind = 'alert' AND outbox.site_id = 'demo' ORDER BY event, author`,
      ],
      { remote: false, persistTo: state },
    );
    expect(alerts?.results).toEqual([
      { event: "duplicate", author: "Mona" },
      { event: "held", author: "Lena" },
      { event: "reported", author: "Kettlehater" },
      { event: "spam", author: "Cheap Flats Dubai" },
      { event: "spam", author: "SEO Services" },
    ]);
  });
});
