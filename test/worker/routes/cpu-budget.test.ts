import { describe, expect, it } from "vitest";
import { pathologicalBodies, plainBody } from "../../fixtures/hostile/pathological";
import { createSite, postComment } from "../helpers";

/** Rounds of posting: each posts the plain body and then every pathological one to a site of its own. */
const rounds = 7;
/** The most a pathological body may cost, as a multiple of a plain comment of the same length. */
const budget = 3;

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Milliseconds to post `body` through the real route (a new page, a new address). */
async function timePost(site: string, body: string, page: string): Promise<number> {
  const started = performance.now();
  const response = await postComment(site, { body, page });
  const elapsed = performance.now() - started;
  expect(response.status, `${page}: ${await response.text()}`).toBeLessThan(300);
  return elapsed;
}

describe("POST /api/sites/:site/comments under pathological bodies", () => {
  it(`costs no body more than ${budget}x a plain comment of the same length`, async () => {
    const bodies = Object.entries({ plain: plainBody, ...pathologicalBodies });
    const times = new Map(bodies.map(([name]) => [name, [] as number[]]));
    for (let round = -1; round < rounds; round++) {
      const site = `cpu-${round + 1}`;
      await createSite(site);
      // Interleaved, so the plain body and the others see the same machine; round -1 only warms up.
      for (const [name, body] of bodies) {
        const elapsed = await timePost(site, body, `/${name.replaceAll(" ", "-")}`);
        if (round >= 0) times.get(name)?.push(elapsed);
      }
    }
    const plain = median(times.get("plain") ?? []);
    const rows: string[] = [`plain 10,000 characters: ${plain.toFixed(2)} ms (median of ${rounds})`];
    const ratios: [string, number][] = [];
    for (const [name] of bodies.slice(1)) {
      const cost = median(times.get(name) ?? []);
      ratios.push([name, cost / plain]);
      rows.push(`${name.padEnd(28)} ${cost.toFixed(2).padStart(8)} ms ${(cost / plain).toFixed(2).padStart(6)}x`);
    }
    console.log(rows.join("\n"));
    for (const [name, ratio] of ratios) expect(ratio, name).toBeLessThanOrEqual(budget);
  }, 180_000);
});
