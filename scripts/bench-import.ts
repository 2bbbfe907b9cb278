/**
 * Measures the importer: generates a Disqus export of 100,000 comments (2,000 threads, replies
 * nested up to 6 deep, some spam and deleted, HTML messages with links and non-ASCII text), imports
 * it with the real CLI into a fresh local D1, checks every comment arrived, and prints comments per
 * second and the total time. A second run of the same import shows what a re-run costs.
 *
 * Before that, it times reading the file as the CLI reads it (decoded, in 1 MB chunks, through the
 * Disqus reader and its XML parser), the median of 5 runs; `--read-only` stops there.
 *
 *   npm run bench:import [-- --comments 100000 --threads 2000 --read-only]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { DisqusReader } from "../importers/disqus";
import { decodeXmlBytes } from "../importers/encoding";
import { quietEnvironment } from "./lib/child-env";
import { readArguments, wholeNumber } from "./lib/cli";
import { closeD1, queryRows, runStatements } from "./lib/d1";
import { seededRandom } from "./lib/random";
import { median } from "./lib/stats";

const {
  comments: commentCount,
  threads: threadCount,
  "read-only": readOnly,
} = readArguments(
  "bench:import",
  "npm run bench:import -- [--comments N] [--threads N] [--read-only]",
  {
    comments: { type: "string", default: "100000" },
    threads: { type: "string", default: "2000" },
    "read-only": { type: "boolean", default: false },
  },
  z
    .object({
      comments: wholeNumber(10, 1_000_000),
      threads: wholeNumber(1, 1_000_000),
      "read-only": z.boolean(),
    })
    .refine(({ comments, threads }) => threads <= comments, { error: "must not exceed --comments", path: ["threads"] }),
);

const words = (
  "the a post comment idea think really great point agree disagree because however example code blog " +
  "write read thanks question answer problem solution test data page server browser widget reply " +
  "Grüße naïve café 日本語 コメント привет мир 🎉 interesting detail link source version update"
).split(" ");

function generateExport(path: string): void {
  const random = seededRandom(20261122);
  const escapeXml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  const parts: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n',
  ];
  const start = Date.UTC(2015, 0, 1);
  for (let thread = 0; thread < threadCount; thread++) {
    parts.push(
      `<thread dsq:id="t${thread}"><link>https://blog.example/posts/${thread}/</link><title>Post ${thread} &amp; more</title>` +
        `<createdAt>${new Date(start + thread * 3_600_000).toISOString()}</createdAt><isClosed>false</isClosed></thread>\n`,
    );
  }
  const perThread: { id: number; depth: number }[][] = Array.from({ length: threadCount }, () => []);
  for (let post = 0; post < commentCount; post++) {
    const thread = post % threadCount;
    const earlier = perThread[thread] ?? [];
    const parent = earlier.length > 0 && random.random() < 0.6 ? random.pick(earlier) : undefined;
    const depth = parent && parent.depth < 5 ? parent.depth + 1 : 0;
    const parentId = depth > 0 ? parent?.id : undefined;
    earlier.push({ id: post, depth });
    const sentence = Array.from({ length: 8 + Math.floor(random.random() * 30) }, () => random.pick(words)).join(" ");
    const link = random.random() < 0.1 ? ` <a href="https://example.com/${post}">a link</a>` : "";
    const message = `<p>${escapeXml(sentence)} <b>${random.pick(words)}</b>${link}. Number ${post}.</p>`;
    const author = post % 500;
    const roll = random.random();
    parts.push(
      `<post dsq:id="p${post}"><message><![CDATA[${message}]]></message>` +
        `<createdAt>${new Date(start + thread * 3_600_000 + post * 1_000).toISOString()}</createdAt>` +
        `<isDeleted>${roll < 0.03}</isDeleted><isSpam>${roll >= 0.03 && roll < 0.08}</isSpam>` +
        `<author><email>reader${author}@example.com</email><name>Reader ${author}</name></author>` +
        `<thread dsq:id="t${thread}" />${parentId === undefined ? "" : `<parent dsq:id="p${parentId}" />`}</post>\n`,
    );
  }
  parts.push("</disqus>\n");
  writeFileSync(path, parts.join(""));
}

const directory = mkdtempSync(join(tmpdir(), "chorus-bench-import-"));
const file = join(directory, "disqus-export.xml");
const state = join(directory, "state");

/** Seconds to read the export as the CLI reads it: decoded, in 1 MB chunks, through the Disqus reader. */
function timeReading(path: string): number {
  const started = performance.now();
  const text = decodeXmlBytes(readFileSync(path));
  const reader = new DisqusReader();
  for (let offset = 0; offset < text.length; offset += 1 << 20) reader.write(text.slice(offset, offset + (1 << 20)));
  const source = reader.end();
  if (source.comments.length !== commentCount) throw new Error(`read ${source.comments.length} comments`);
  return (performance.now() - started) / 1000;
}
/** Imports the export with the real CLI into a fresh local D1, twice, and prints what it cost. */
async function importIntoLocalD1(readSeconds: number): Promise<void> {
  const migrate = spawnSync("wrangler", ["d1", "migrations", "apply", "chorus", "--local", "--persist-to", state], {
    env: quietEnvironment(),
    encoding: "utf8",
  });
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stderr}`);
  await runStatements(
    [`INSERT INTO sites (id, name, allowed_origins) VALUES ('bench', 'Benchmark', '["https://blog.example"]')`],
    { remote: false, persistTo: state },
  );
  await closeD1();
  const run = (label: string) => {
    const started = performance.now();
    const result = spawnSync("tsx", ["scripts/import.ts", "--site", "bench", "disqus", file, "--persist-to", state], {
      env: quietEnvironment(),
      stdio: ["ignore", "inherit", "inherit"],
    });
    const seconds = (performance.now() - started) / 1000;
    if (result.status !== 0) throw new Error(`${label} import exited with ${result.status}`);
    return seconds;
  };
  const seconds = run("first");
  const [stored] = await queryRows<{ comments: number; threads: number; keys: number }>(
    "SELECT (SELECT count(*) FROM comments WHERE site_id = 'bench') AS comments, (SELECT count(*) FROM threads WHERE site_id = 'bench') AS threads, (SELECT count(*) FROM duplicate_keys WHERE site_id = 'bench') AS keys",
    { remote: false, persistTo: state },
  );
  await closeD1();
  if (stored?.comments !== commentCount)
    throw new Error(`expected ${commentCount} comments, found ${stored?.comments}`);
  const rerun = run("second");
  console.log(
    `\nimported ${stored.comments.toLocaleString("en")} comments into ${stored.threads.toLocaleString("en")} threads ` +
      `(${stored.keys.toLocaleString("en")} duplicate-index rows) in ${seconds.toFixed(1)} s: ` +
      `${Math.round(stored.comments / seconds).toLocaleString("en")} comments per second (whole CLI run, local D1)`,
  );
  console.log(`importing the same file again: ${rerun.toFixed(1)} s, nothing added`);
  console.log(
    JSON.stringify({
      comments: stored.comments,
      seconds: Number(seconds.toFixed(2)),
      commentsPerSecond: Math.round(stored.comments / seconds),
      rerunSeconds: Number(rerun.toFixed(2)),
      readSeconds: Number(readSeconds.toFixed(3)),
    }),
  );
}

try {
  generateExport(file);
  console.log(
    `generated ${commentCount.toLocaleString("en")} comments in ${threadCount.toLocaleString("en")} threads: ${(statSync(file).size / 1e6).toFixed(1)} MB`,
  );
  const readings = Array.from({ length: 5 }, () => timeReading(file));
  const readSeconds = median(readings);
  console.log(
    `read and parsed as the CLI does: median ${readSeconds.toFixed(2)} s of 5 runs (${(statSync(file).size / 1e6 / readSeconds).toFixed(0)} MB/s)`,
  );
  if (readOnly) console.log(JSON.stringify({ comments: commentCount, readSeconds: Number(readSeconds.toFixed(3)) }));
  else await importIntoLocalD1(readSeconds);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
