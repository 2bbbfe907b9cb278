/**
 * Load without loss: starts the Worker locally (`wrangler dev` on 127.0.0.1 with local D1) and
 * drives it with autocannon from this process: many readers loading threads while posters submit
 * comments, some retrying with the same idempotency key. Prints requests per second, latency
 * percentiles and status counts, then checks D1: every acknowledged comment is stored exactly once,
 * no submission is stored twice, and every thread's count matches its published comments.
 *
 *   npm run bench:load [-- --seconds 15 --readers 16 --posters 8]
 */
import autocannon from "autocannon";
import { z } from "zod";
import { readArguments, wholeNumber } from "./lib/cli";
import { startLocalWorker } from "./lib/local-worker";

const options = readArguments(
  "bench:load",
  "npm run bench:load -- [--seconds N] [--readers N] [--posters N]",
  {
    seconds: { type: "string", default: "15" },
    readers: { type: "string", default: "16" },
    posters: { type: "string", default: "8" },
  },
  z.object({
    seconds: wholeNumber(3, 120),
    readers: wholeNumber(1, 200),
    posters: wholeNumber(1, 100),
  }),
);
const pages = 10;
const tokenPool = 1_500;
const retryShare = 0.15;

type Summary = {
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
};

function summarize(result: autocannon.Result): Summary {
  const statuses: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    statuses[code] = (stats as { count: number }).count;
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    statuses,
    errors: result.errors + result.timeouts,
  };
}

const worker = await startLocalWorker();
try {
  worker.site("create", "load", "--name", "Load", "--origin", worker.blogOrigin);
  const tokens = await worker.formTokens(
    "load",
    Array.from({ length: tokenPool }, (_, index) => `/load/${index % pages}`),
  );

  const submissions: string[] = [];
  const acknowledged = new Set<string>();
  let next = 0;
  const submission = (index: number) =>
    JSON.stringify({
      page: `/load/${index % pages}`,
      authorName: `Reader ${index}`,
      authorEmail: `reader${index}@load.example`,
      body: `Load comment ${index}: ${index.toString(36)} ${(index * 7919).toString(36)}`,
      idempotencyKey: `load-key-${index.toString().padStart(10, "0")}`,
      formToken: tokens[index],
    });
  const posting = autocannon({
    url: worker.apiOrigin,
    connections: options.posters,
    duration: options.seconds,
    requests: [
      {
        method: "POST",
        path: "/api/sites/load/comments",
        setupRequest: (request) => {
          const retry = submissions.length > 0 && (Math.random() < retryShare || next >= tokenPool);
          const index = retry ? Math.floor(Math.random() * submissions.length) : next++;
          if (!retry) submissions.push(submission(index));
          return {
            ...request,
            headers: {
              "Content-Type": "application/json",
              Origin: worker.blogOrigin,
              "CF-Connecting-IP": `198.18.${Math.floor(index / 250)}.${index % 250}`,
            },
            body: submissions[index],
          };
        },
        onResponse: (status, body) => {
          if (status !== 200 && status !== 201) return;
          const { comment } = JSON.parse(body) as { comment: { id: number } };
          acknowledged.add(String(comment.id));
        },
      },
    ],
  });
  const reading = autocannon({
    url: worker.apiOrigin,
    connections: options.readers,
    duration: options.seconds,
    requests: [
      {
        method: "GET",
        setupRequest: (request) => ({
          ...request,
          path: `/api/sites/load/thread?page=${encodeURIComponent(`/load/${Math.floor(Math.random() * pages)}`)}`,
        }),
      },
    ],
  });
  const [posts, reads] = await Promise.all([posting, reading]);
  const postSummary = summarize(posts);
  const readSummary = summarize(reads);

  const stored = (
    (await worker.sql([
      "SELECT idempotency_key AS key, count(*) AS copies FROM comments WHERE site_id = 'load' GROUP BY idempotency_key HAVING count(*) > 1",
      "SELECT id FROM comments WHERE site_id = 'load'",
      "SELECT t.path, t.comment_count AS counted, (SELECT count(*) FROM comments c WHERE c.thread_id = t.id AND c.status = 'published') AS published FROM threads t WHERE t.site_id = 'load'",
    ])) as { results: Record<string, unknown>[] }[]
  ).map((statement) => statement.results);
  const [duplicated = [], rows = [], counts = []] = stored;
  const storedIds = new Set(rows.map((row) => String(row.id)));
  const lost = [...acknowledged].filter((id) => !storedIds.has(id));
  const miscounted = counts.filter((row) => row.counted !== row.published);
  const serverErrors = (summary: Summary) =>
    Object.entries(summary.statuses)
      .filter(([code]) => code.startsWith("5"))
      .reduce((sum, [, count]) => sum + count, 0);

  const line = (name: string, summary: Summary) =>
    console.log(
      `${name}: ${summary.requestsPerSecond} req/s, latency p50 ${summary.p50} ms, p90 ${summary.p90} ms, p99 ${summary.p99} ms, statuses ${JSON.stringify(summary.statuses)}, socket errors ${summary.errors}`,
    );
  console.log(
    `${options.seconds} s, ${options.readers} reader and ${options.posters} poster connections, ${Math.round(retryShare * 100)}% of posts are retries of an earlier idempotency key`,
  );
  line("readers (GET thread)", readSummary);
  line("posters (POST comment)", postSummary);
  console.log(
    `D1 after the run: ${rows.length} comments stored for ${submissions.length} distinct submissions; ${acknowledged.size} acknowledged; lost ${lost.length}, stored twice ${duplicated.length}, threads miscounted ${miscounted.length}, 5xx ${serverErrors(postSummary) + serverErrors(readSummary)}`,
  );
  const report = {
    reads: readSummary,
    posts: postSummary,
    submissions: submissions.length,
    stored: rows.length,
    acknowledged: acknowledged.size,
    lost: lost.length,
    duplicated: duplicated.length,
    miscounted: miscounted.length,
    serverErrors: serverErrors(postSummary) + serverErrors(readSummary),
  };
  console.log(JSON.stringify(report));
  if (report.lost + report.duplicated + report.miscounted + report.serverErrors > 0) process.exitCode = 1;
} finally {
  await worker.stop();
}
