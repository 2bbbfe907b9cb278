/**
 * The evaluation CLIs as their users run them, on small corpora written for these tests: the
 * documented last-line JSON, the per-comment lines, and a malformed file named by its line.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const fixtures = "test/fixtures/evaluation";

function run(script: string, ...args: string[]) {
  const result = spawnSync("tsx", [`scripts/${script}.ts`, ...args], { encoding: "utf8" });
  const lines = result.stdout.trimEnd().split("\n");
  return { status: result.status, lines, stderr: result.stderr, last: () => JSON.parse(lines.at(-1) ?? "") };
}

describe("npm run spam:eval", () => {
  it("ends each protocol with one JSON line of the documented figures", () => {
    for (const protocol of ["replay", "cross", "cv10"]) {
      const { status, lines, last } = run("spam-eval", "--protocol", protocol, `${fixtures}/spam-site.csv`);
      expect(status).toBe(0);
      expect(lines).toContainEqual(expect.stringMatching(/^spam-site\.csv +\| +24 +12 +12 \|/));
      const summary = last();
      expect(Object.keys(summary)).toEqual([
        "protocol",
        "files",
        "comments",
        "hamToSpamRate",
        "spamPublishedRate",
        "heldRate",
        "precision",
        "recall",
        "f1",
        "mcc",
      ]);
      expect(summary).toMatchObject({ protocol, files: ["spam-site.csv"], comments: 24, hamToSpamRate: 0 });
      expect(summary.recall).toBeGreaterThan(0.5);
    }
  });

  it("names the line of a malformed row and the option of a bad argument, exiting 2", () => {
    const shortRow = run("spam-eval", `${fixtures}/spam-short-row.csv`);
    expect(shortRow.status).toBe(2);
    expect(shortRow.stderr).toContain("spam-short-row.csv: line 4: expected 5 fields as in the header, found 3");
    const badProtocol = run("spam-eval", "--protocol", "holdout", `${fixtures}/spam-site.csv`);
    expect(badProtocol.status).toBe(2);
    expect(badProtocol.stderr).toContain("--protocol must be replay, cross or cv10");
    expect(badProtocol.lines).toEqual([""]);
  });
});

describe("npm run spam:eval --without", () => {
  it("judges the comments as if their authors had given no website and an ordinary name", () => {
    const asGiven = run("spam-eval", `${fixtures}/spam-author-fields.csv`);
    expect(asGiven.status).toBe(0);
    expect(asGiven.last().spamPublishedRate).toBe(0);
    const without = run("spam-eval", "--without", "name,website", `${fixtures}/spam-author-fields.csv`);
    expect(without.status).toBe(0);
    expect(without.lines[0]).toBe("protocol: replay, without the author's name and website");
    expect(without.last().spamPublishedRate).toBe(1);
    const badField = run("spam-eval", "--without", "email", `${fixtures}/spam-author-fields.csv`);
    expect(badField.status).toBe(2);
    expect(badField.stderr).toContain("--without takes name, website or name,website");
  });
});

describe("npm run dupes:eval", () => {
  it("prints each flagged comment, then the counts as one JSON line", () => {
    const { status, lines, last } = run("dupes-eval", `${fixtures}/dupes-site.jsonl`);
    expect(status).toBe(0);
    expect(lines.slice(0, -1)).toEqual(["a3 -> a1 exact 1.000", expect.stringMatching(/^a5 -> a1 near 0\.\d{3}$/)]);
    expect(last()).toEqual({
      comments: 6,
      flagged: 2,
      truePositives: 2,
      falsePositives: 0,
      falseNegatives: 0,
      precision: 1,
      recall: 1,
    });
  });

  it("names the file and line of a malformed line, exiting 2 with nothing on stdout", () => {
    const { status, lines, stderr } = run("dupes-eval", `${fixtures}/dupes-bad-line.jsonl`);
    expect(status).toBe(2);
    expect(stderr).toContain("dupes-bad-line.jsonl:3: not JSON");
    expect(lines).toEqual([""]);
  });
});
