import { describe, expect, it } from "vitest";
import { pathologicalBodies, plainBody } from "../../fixtures/hostile/pathological";
import { createSite, postComment } from "../helpers";

/** Each body is posted once to each of this many sites; the median time counts. */
const runs = 5;
/** The most a pathological body may cost, as a multiple of a plain comment of the same length. */
const budget = 3;

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Milliseconds to post `body` through the real route once to each site (new pages, new addresses). */
async function timePosts(sites: string[], body: string, page: string): Promise<number[]> {
  const times: number[] = [];
  for (const site of sites) {
    const started = performance.now();
    const response = await postComment(site, { body, page });
    times.push(performance.now() - started);
    expect(response.status, `${page}: ${await response.text()}`).toBeLessThan(300);
  }
  return times;
}

describe("POST /api/sites/:site/comments under pathological bodies", () => {
  it(`costs no body more than ${budget}x a plain comment of the same length`, async () => {
    const sites = Array.from({ length: runs }, (_, run) => `cpu-${run}`);
    for (const site of sites) await createSite(site);
    await timePosts(sites, plainBody, "/warm-up");
    const plain = median(await timePosts(sites, plainBody, "/plain"));
    const rows: string[] = [`plain 10,000 characters: ${plain.toFixed(2)} ms`];
    const ratios: Record<string, number> = {};
    for (const [name, body] of Object.entries(pathologicalBodies)) {
      const cost = median(await timePosts(sites, body, `/${name.replaceAll(" ", "-")}`));
      ratios[name] = cost / plain;
      rows.push(`${name.padEnd(28)} ${cost.toFixed(2).padStart(8)} ms ${(cost / plain).toFixed(2).padStart(6)}x`);
    }
    console.log(rows.join("\n"));
    for (const [name, ratio] of Object.entries(ratios)) expect(ratio, name).toBeLessThanOrEqual(budget);
  }, 120_000);
});
