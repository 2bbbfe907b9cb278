/**
 * Reads the first page of threads of 10, 1,000 and 10,000 comments from a real local Worker with
 * local D1, and prints the median time per read (as the client sees it, and as the Worker reports in
 * Server-Timing) and the D1 round trips per read. Baseline in the same run: GET /api/health (no D1).
 *
 *   npm run bench:thread [-- --reads 51]
 */
import { z } from "zod";
import { readArguments, wholeNumber } from "./lib/cli";
import { startLocalWorker } from "./lib/local-worker";
import { median } from "./lib/stats";

const { reads } = readArguments(
  "bench:thread",
  "npm run bench:thread -- [--reads N]",
  { reads: { type: "string", default: "51" } },
  z.object({ reads: wholeNumber(5, 1000) }),
);
const sizes = [10, 1_000, 10_000];

function seedThread(size: number): string[] {
  const path = `/bench/${size}`;
  const thread = `(SELECT id FROM threads WHERE site_id = 'bench' AND path = '${path}')`;
  const key = (expression: string) => `'bench-${size}-' || (${expression})`;
  const body =
    "'<p>A reader''s comment of typical length, with <em>some</em> emphasis and a thought or two about the post. Number ' || i || '.</p>'";
  const sequence = `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ${size})`;
  return [
    `INSERT INTO threads (site_id, path, title, comment_count) VALUES ('bench', '${path}', 'Thread of ${size}', ${size})`,
    `${sequence} INSERT INTO comments (site_id, thread_id, depth, author_name, body, body_html, status, idempotency_key)
      SELECT 'bench', ${thread}, 0, 'Reader ' || i, 'text', ${body}, 'published', ${key("i")} FROM seq WHERE i % 4 = 0`,
    `${sequence} INSERT INTO comments (site_id, thread_id, parent_id, root_id, depth, author_name, body, body_html, status, idempotency_key)
      SELECT 'bench', ${thread},
        (SELECT id FROM comments WHERE site_id = 'bench' AND idempotency_key = ${key("CASE i % 4 WHEN 2 THEN i - 1 ELSE i - i % 4 END")}),
        (SELECT id FROM comments WHERE site_id = 'bench' AND idempotency_key = ${key("i - i % 4")}),
        CASE i % 4 WHEN 2 THEN 2 ELSE 1 END, 'Reader ' || i, 'text', ${body}, 'published', ${key("i")}
      FROM seq WHERE i % 4 <> 0 ORDER BY i`,
  ];
}

interface Sample {
  clientMs: number;
  serverMs: number;
  d1Ms: number;
  roundTrips: number;
}

async function measure(url: string): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let index = 0; index < reads + 5; index++) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    const clientMs = performance.now() - started;
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    const timing = response.headers.get("Server-Timing") ?? "";
    const number = (pattern: RegExp) => Number(pattern.exec(timing)?.[1] ?? Number.NaN);
    if (index >= 5) {
      samples.push({
        clientMs,
        serverMs: number(/total;dur=([\d.]+)/),
        d1Ms: number(/d1;dur=([\d.]+)/),
        roundTrips: number(/desc="(\d+) round trips"/),
      });
    }
  }
  return samples;
}

const worker = await startLocalWorker();
try {
  worker.site("create", "bench", "--name", "Benchmark", "--origin", worker.blogOrigin);
  for (const size of sizes) await worker.sql(seedThread(size));
  const baseline = await measure(`${worker.apiOrigin}/api/health`);
  const baselineMs = median(baseline.map((sample) => sample.clientMs));
  console.log(
    `reads per thread: ${reads} (after 5 warm-up reads); first page = 20 top-level comments with their replies`,
  );
  console.log(`baseline GET /api/health (no D1): median ${baselineMs.toFixed(2)} ms at the client`);
  console.log("comments | client median ms | Worker median ms | D1 median ms | D1 round trips per read | ×baseline");
  const results = [];
  for (const size of sizes) {
    const samples = await measure(`${worker.apiOrigin}/api/sites/bench/thread?page=/bench/${size}`);
    const result = {
      comments: size,
      clientMedianMs: Number(median(samples.map((sample) => sample.clientMs)).toFixed(3)),
      workerMedianMs: Number(median(samples.map((sample) => sample.serverMs)).toFixed(3)),
      d1MedianMs: Number(median(samples.map((sample) => sample.d1Ms)).toFixed(3)),
      roundTripsPerRead: Math.max(...samples.map((sample) => sample.roundTrips)),
    };
    results.push(result);
    console.log(
      `${String(size).padStart(8)} | ${result.clientMedianMs.toFixed(2).padStart(16)} | ${result.workerMedianMs.toFixed(2).padStart(16)} | ${result.d1MedianMs.toFixed(2).padStart(12)} | ${String(result.roundTripsPerRead).padStart(23)} | ${(result.clientMedianMs / baselineMs).toFixed(2)}`,
    );
  }
  const largest = results[results.length - 1];
  const smallest = results[0];
  console.log(
    JSON.stringify({
      baselineMs: Number(baselineMs.toFixed(3)),
      results,
      ratioLargestToSmallest:
        largest && smallest ? Number((largest.clientMedianMs / smallest.clientMedianMs).toFixed(2)) : null,
    }),
  );
} finally {
  await worker.stop();
}
