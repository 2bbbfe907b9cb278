/**
 * The console's costs at scale, on a real local Worker with local D1: the median time of the held
 * queue (first page of 50) on a site with 10,000 held comments, and of a bulk action on 500 comments
 * (marking them spam, which also trains the classifier), and of the dashboard on a second site with
 * 100,000 comments posted over its last 30 days, with D1 round trips from Server-Timing. Baseline in
 * the same run: GET /api/admin/session (one small D1 read).
 *
 *   npm run bench:moderation [-- --reads 31 --bulk-runs 5]
 */
import { z } from "zod";
import { hashPassword } from "../worker/auth/password";
import { readArguments, wholeNumber } from "./lib/cli";
import { startLocalWorker } from "./lib/local-worker";
import { median } from "./lib/stats";

const options = readArguments(
  "bench:moderation",
  "npm run bench:moderation -- [--reads N] [--bulk-runs N]",
  { reads: { type: "string", default: "31" }, "bulk-runs": { type: "string", default: "5" } },
  z
    .object({
      reads: wholeNumber(5, 500),
      "bulk-runs": wholeNumber(1, 19),
    })
    .transform(({ reads, "bulk-runs": bulkRuns }) => ({ reads, bulkRuns })),
);
const heldComments = 10_000;
const dashboardComments = 100_000;
const windowMs = 30 * 24 * 60 * 60 * 1000;
const bulkSize = 500;
const email = "owner@bench.example";
const password = "benchmark passphrase";

const worker = await startLocalWorker();
try {
  worker.site(
    "create",
    "bench",
    "--name",
    "Moderation bench",
    "--origin",
    worker.blogOrigin,
    "--moderation",
    "hold_all",
  );
  const words = ["harbour", "recipe", "bicycle", "garden", "sourdough", "photo", "lens", "travel", "winter", "coffee"];
  await worker.sql([
    "INSERT INTO threads (site_id, path, title) SELECT 'bench', '/post/' || value, 'Post ' || value FROM json_each('[0,1,2,3,4,5,6,7,8,9]')",
    `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ${heldComments})
     INSERT INTO comments (site_id, thread_id, author_name, author_email, body, body_html, status, idempotency_key, reasons, spam_score)
     SELECT 'bench', (SELECT id FROM threads WHERE site_id = 'bench' AND path = '/post/' || (i % 10)),
       'Reader ' || i, 'reader' || i || '@example.com',
       'A held comment about the ' || json_extract('${JSON.stringify(words)}', '$[' || (i % 10) || ']') || ' and the ' || json_extract('${JSON.stringify(words)}', '$[' || ((i / 10) % 10) || ']') || ', number ' || i,
       '<p>A held comment, number ' || i || '</p>', 'pending', 'bench-' || i,
       '[{"check":"mode.hold_all","score":0,"holds":true}]', 0.4
     FROM seq`,
    `INSERT INTO moderators (email, display_name, password_hash) VALUES ('${email}', 'Bench owner', '${await hashPassword(password)}')`,
    `INSERT INTO site_moderators (site_id, moderator_id, role) SELECT 'bench', id, 'owner' FROM moderators WHERE email = '${email}'`,
  ]);
  // The dashboard's site: 100,000 comments over the last 30 days, a tenth spam and a tenth held, with
  // the reasons, automatic verdicts and moderators' labels the dashboard reads.
  worker.site("create", "dash", "--name", "Dashboard bench", "--origin", worker.blogOrigin);
  const now = Date.now();
  await worker.sql([
    "INSERT INTO threads (site_id, path, title) SELECT 'dash', '/post/' || value, 'Post ' || value FROM json_each('[" +
      Array.from({ length: 50 }, (_, index) => index).join(",") +
      "]')",
    `WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < ${dashboardComments})
     INSERT INTO comments (site_id, thread_id, author_name, body, body_html, status, auto_status, trained_label,
       idempotency_key, reasons, caught_by, spam_score, created_at)
     SELECT 'dash', (SELECT id FROM threads WHERE site_id = 'dash' AND path = '/post/' || (i % 50)),
       'Reader ' || i, 'Comment ' || i, '<p>Comment ' || i || '</p>',
       CASE i % 10 WHEN 0 THEN 'spam' WHEN 1 THEN 'pending' ELSE 'published' END,
       CASE i % 10 WHEN 0 THEN 'spam' WHEN 1 THEN 'pending' WHEN 2 THEN 'pending' ELSE 'published' END,
       CASE i % 20 WHEN 0 THEN 'spam' WHEN 2 THEN 'ham' END,
       'dash-' || i,
       CASE WHEN i % 10 < 3 THEN '[{"check":"rules.links","score":1.5},{"check":"classifier","score":2}]' ELSE '[]' END,
       CASE WHEN i % 10 < 3 THEN 'classifier,rules' END,
       0.5, ${now} - i * ${Math.floor(windowMs / dashboardComments)}
     FROM seq`,
    `INSERT INTO site_moderators (site_id, moderator_id, role) SELECT 'dash', id, 'owner' FROM moderators WHERE email = '${email}'`,
  ]);
  const signIn = await fetch(`${worker.apiOrigin}/api/admin/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (signIn.status !== 201) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const cookie = (signIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await signIn.json()) as { csrfToken: string };
  const timed = async (path: string, init: RequestInit = {}) => {
    const started = performance.now();
    const response = await fetch(`${worker.apiOrigin}${path}`, {
      ...init,
      headers: { Cookie: cookie, "X-CSRF-Token": csrfToken, "Content-Type": "application/json" },
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(body)}`);
    const timing = response.headers.get("Server-Timing") ?? "";
    return {
      ms: performance.now() - started,
      roundTrips: Number(/desc="(\d+) round trips"/.exec(timing)?.[1] ?? Number.NaN),
      body,
    };
  };
  const sample = async (path: string, runs: number) => {
    const results = [];
    for (let run = 0; run < runs + 3; run++) results.push(await timed(path));
    return results.slice(3);
  };
  const baseline = await sample("/api/admin/session", options.reads);
  const queue = await sample("/api/admin/sites/bench/comments?queue=held&limit=50", options.reads);
  const search = await sample("/api/admin/sites/bench/comments?queue=all&q=sourdough&limit=50", options.reads);
  const dashboard = await sample("/api/admin/sites/dash/dashboard", options.reads);
  const bulk = [];
  for (let run = 0; run < options.bulkRuns; run++) {
    const ids: number[] = [];
    let cursor: string | null = "";
    while (ids.length < bulkSize && cursor !== null) {
      const page = await timed(
        `/api/admin/sites/bench/comments?queue=held&limit=200${cursor ? `&cursor=${cursor}` : ""}`,
      );
      const list = page.body as { comments: { id: number }[]; nextCursor: string | null };
      ids.push(...list.comments.map((comment) => comment.id));
      cursor = list.nextCursor;
    }
    bulk.push(
      await timed("/api/admin/sites/bench/comments/actions", {
        method: "POST",
        body: JSON.stringify({ action: "spam", ids: ids.slice(0, bulkSize) }),
      }),
    );
  }
  const report = (name: string, results: { ms: number; roundTrips: number }[]) => {
    const ms = median(results.map((result) => result.ms));
    const trips = Math.max(...results.map((result) => result.roundTrips));
    console.log(`${name.padEnd(58)} median ${ms.toFixed(2).padStart(8)} ms, ${trips} D1 round trips`);
    return { medianMs: Number(ms.toFixed(3)), roundTrips: trips };
  };
  console.log(
    `site with ${heldComments} held comments; ${options.reads} reads each after 3 warm-up reads; ${options.bulkRuns} bulk runs`,
  );
  const results = {
    baseline: report("baseline: GET /api/admin/session", baseline),
    heldQueue: report("held queue, first page of 50 (with queue sizes)", queue),
    search: report("search q=sourdough over all comments, first 50", search),
    dashboard: report(
      `dashboard over ${dashboardComments.toLocaleString("en")} comments of the last 30 days`,
      dashboard,
    ),
    bulkSpam500: report(`bulk "spam" on ${bulkSize} comments (classifier trained)`, bulk),
  };
  console.log(JSON.stringify({ heldComments, dashboardComments, bulkSize, ...results }));
} finally {
  await worker.stop();
}
