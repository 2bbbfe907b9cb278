/**
 * Live threads under load: N readers (10, 100, 1,000 WebSockets) connected to one thread of a real
 * local Worker (wrangler dev, local D1 and Durable Objects) and one poster. Prints, for each N, the
 * median and p99 time from the POST's answer to each reader receiving the new comment, and the
 * memory the connections cost the local runtime (workerd's resident size, before and after). Then
 * forces every reader of the 100 to reconnect while a comment is posted, and checks that each one
 * catches up on it, as the widget does (the room's revision on connecting, then GET /changes).
 *
 *   npm run bench:live [-- --readers 10,100,1000]
 */
import { readdirSync, readFileSync } from "node:fs";
import { z } from "zod";
import type { LiveHello, ThreadChanges } from "../worker/api/schemas";
import { readArguments } from "./lib/cli";
import { type LocalWorker, startLocalWorker } from "./lib/local-worker";
import { median } from "./lib/stats";

const { readers: sizes } = readArguments(
  "bench:live",
  "npm run bench:live -- [--readers 10,100,1000]",
  { readers: { type: "string", default: "10,100,1000" } },
  z.object({
    readers: z
      .string()
      .regex(/^\d+(,\d+)*$/, { error: "give reader counts separated by commas, such as 10,100" })
      .transform((list) => list.split(",").map(Number))
      .pipe(z.array(z.number().int().min(1).max(5_000, { error: "at most 5,000 readers" }))),
  }),
);

/** The resident memory of the local runtime's processes (workerd), in bytes. */
function runtimeMemory(): number {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "workerd") continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      total += Number(rss ?? 0) * 1024;
    } catch {
      // The process ended while being read.
    }
  }
  return total;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface Reader {
  socket: WebSocket;
  hello: Promise<number | null>;
  /** Resolves when a change carrying comment `id` arrives; its time of arrival. */
  received: Map<number, number>;
}

function connect(worker: LocalWorker, page: string): Promise<Reader> {
  const url = `${worker.apiOrigin.replace(/^http/, "ws")}/api/sites/bench-live/live?page=${encodeURIComponent(page)}`;
  const socket = new WebSocket(url, ["chorus"]);
  const received = new Map<number, number>();
  let greet: (revision: number | null) => void = () => undefined;
  const hello = new Promise<number | null>((resolve) => {
    greet = resolve;
  });
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as ThreadChanges | LiveHello;
    if ("hello" in message) return greet(message.hello.revision);
    for (const comment of message.comments) if (!received.has(comment.id)) received.set(comment.id, performance.now());
  };
  return new Promise((resolve, reject) => {
    socket.onopen = () => resolve({ socket, hello, received });
    socket.onerror = () => reject(new Error(`could not connect to ${url}`));
  });
}

/** Connects `count` readers, a hundred at a time. */
async function connectAll(worker: LocalWorker, page: string, count: number): Promise<Reader[]> {
  const readers: Reader[] = [];
  while (readers.length < count) {
    const batch = Math.min(100, count - readers.length);
    readers.push(...(await Promise.all(Array.from({ length: batch }, () => connect(worker, page)))));
  }
  await Promise.all(readers.map((reader) => reader.hello));
  return readers;
}

let posted = 0;

/** Different comments, so that none is held as a duplicate of another. */
const comments = [
  "The second example finally made the difference between the two caching modes clear to me.",
  "Has anyone tried this with a read replica far from the primary? I wonder about the lag.",
  "We moved our blog to this setup last month and the page weight dropped by half.",
  "Minor point: the link to the migration guide in the last paragraph returns a 404.",
  "I printed the checklist at the end and pinned it above my desk, thank you for it.",
  "Would love to see the same measurements repeated on a phone over a slow connection.",
];

/** Posts one comment to `page` as a new reader (form shown 3 s earlier); resolves with its id, when it was sent and when the answer came. */
async function post(
  worker: LocalWorker,
  page: string,
  token: string,
): Promise<{ id: number; sentAt: number; answeredAt: number }> {
  posted++;
  const sentAt = performance.now();
  const response = await fetch(`${worker.apiOrigin}/api/sites/bench-live/comments`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Origin: worker.blogOrigin,
      "CF-Connecting-IP": `198.51.100.${posted}`,
    },
    body: JSON.stringify({
      page,
      authorName: `Poster ${posted}`,
      body: comments[(posted - 1) % comments.length],
      idempotencyKey: `bench-live-post-${String(posted).padStart(8, "0")}`,
      formToken: token,
    }),
  });
  const answeredAt = performance.now();
  if (response.status !== 201) throw new Error(`posting answered ${response.status}: ${await response.text()}`);
  const { comment } = (await response.json()) as { comment: { id: number; status: string } };
  if (comment.status !== "published") throw new Error(`comment ${posted} was ${comment.status}, not published`);
  return { id: comment.id, sentAt, answeredAt };
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

const worker = await startLocalWorker();
try {
  worker.site("create", "bench-live", "--name", "Live bench", "--origin", worker.blogOrigin);
  console.log(
    "readers | delivered | POST answered after ms | POST sent → reader: median ms | p99 ms | POST answer → reader: median ms | p99 ms | runtime memory +MB | per reader kB",
  );
  const results = [];
  for (const size of sizes) {
    const page = `/bench/live-${size}`;
    const [token = ""] = await worker.formTokens("bench-live", [page]);
    const memoryBefore = runtimeMemory();
    const readers = await connectAll(worker, page, size);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const memoryAfter = runtimeMemory();
    const { id, sentAt, answeredAt } = await post(worker, page, token);
    await waitFor(() => readers.every((reader) => reader.received.has(id)), 30_000);
    const arrivals = readers.flatMap((reader) => {
      const at = reader.received.get(id);
      return at === undefined ? [] : [at];
    });
    // An event can reach a reader before the poster has read the answer: that reader waited 0 ms.
    const afterAnswer = arrivals.map((at) => Math.max(0, at - answeredAt));
    const afterSending = arrivals.map((at) => at - sentAt);
    const result = {
      readers: size,
      delivered: arrivals.length,
      postAnsweredMs: Number((answeredAt - sentAt).toFixed(2)),
      sentToReaderMedianMs: Number(median(afterSending).toFixed(2)),
      sentToReaderP99Ms: Number(percentile(afterSending, 99).toFixed(2)),
      medianMs: Number(median(afterAnswer).toFixed(2)),
      p99Ms: Number(percentile(afterAnswer, 99).toFixed(2)),
      memoryMB: Number(((memoryAfter - memoryBefore) / 1024 / 1024).toFixed(1)),
      perReaderKB: Number(((memoryAfter - memoryBefore) / 1024 / size).toFixed(1)),
    };
    results.push(result);
    console.log(
      `${String(size).padStart(7)} | ${String(result.delivered).padStart(9)} | ${result.postAnsweredMs.toFixed(2).padStart(22)} | ${result.sentToReaderMedianMs.toFixed(2).padStart(29)} | ${result.sentToReaderP99Ms.toFixed(2).padStart(6)} | ${result.medianMs.toFixed(2).padStart(31)} | ${result.p99Ms.toFixed(2).padStart(6)} | ${result.memoryMB.toFixed(1).padStart(18)} | ${result.perReaderKB.toFixed(1).padStart(13)}`,
    );
    for (const reader of readers) reader.socket.close();
  }

  // A forced reconnect: every reader drops, a comment is posted meanwhile, every reader comes back.
  const page = "/bench/reconnect";
  const tokens = await worker.formTokens("bench-live", [page, page]);
  const readers = await connectAll(worker, page, 100);
  const first = await post(worker, page, tokens[0] ?? "");
  await waitFor(() => readers.every((reader) => reader.received.has(first.id)), 30_000);
  const revision = (
    (await (
      await fetch(`${worker.apiOrigin}/api/sites/bench-live/changes?page=${page}&since=0`)
    ).json()) as ThreadChanges
  ).revision;
  for (const reader of readers) reader.socket.close();
  const missed = await post(worker, page, tokens[1] ?? "");
  const back = await connectAll(worker, page, 100);
  let caughtUp = 0;
  for (const reader of back) {
    const upto = await reader.hello;
    if (upto === null || upto <= revision) continue;
    const changes = (await (
      await fetch(`${worker.apiOrigin}/api/sites/bench-live/changes?page=${page}&since=${revision}&upto=${upto}`)
    ).json()) as ThreadChanges;
    if (changes.comments.some((comment) => comment.id === missed.id && comment.status === "published")) caughtUp++;
  }
  for (const reader of back) reader.socket.close();
  console.log(
    `forced reconnect: ${caughtUp} of ${back.length} readers caught up on the comment posted while they were away`,
  );
  console.log(
    JSON.stringify({ results, reconnect: { readers: back.length, caughtUp, missed: back.length - caughtUp } }),
  );
} finally {
  await worker.stop();
}
