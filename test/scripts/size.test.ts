/** `npm run size` on the embed `npm test` just built: the first paint stays within its budget. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("npm run size", () => {
  it("keeps the first paint within 12 kB gzipped, and prints the total with the writing half", () => {
    const result = spawnSync("tsx", ["scripts/size.ts"], { encoding: "utf8" });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const figures = JSON.parse(result.stdout.trimEnd().split("\n").at(-1) ?? "");
    expect(figures.firstPaint.gzipBytes).toBeLessThanOrEqual(12 * 1024);
    expect(figures.writing.gzipBytes).toBeGreaterThan(0);
    expect(figures.totalGzipBytes).toBe(figures.firstPaint.gzipBytes + figures.writing.gzipBytes);
  });
});
