import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";

/**
 * An Akismet-compatible server on loopback. While `holding`, it answers only the comments whose
 * text says "answer me" and keeps the others waiting: they are the submissions caught mid-flight,
 * their form token claimed and their comment not yet stored, when the Worker is killed.
 */
function slowAkismet() {
  const state = { holding: true, asked: 0 };
  const waiting: ServerResponse[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      state.asked += 1;
      const comment = new URLSearchParams(body).get("comment_content") ?? "";
      if (state.holding && !comment.includes("answer me")) waiting.push(response);
      else response.end("false");
    });
  });
  return { state, server, waiting };
}

const readers = 40;
const akismet = slowAkismet();
let worker: LocalWorker;

beforeAll(async () => {
  await new Promise<void>((resolve) => akismet.server.listen(0, "127.0.0.1", resolve));
  const { port } = akismet.server.address() as AddressInfo;
  worker = await startLocalWorker({ vars: { AKISMET_URL: `http://127.0.0.1:${port}/1.1/comment-check` } });
  worker.site("create", "crash", "--name", "Crash", "--origin", worker.blogOrigin);
  await worker.sql(["UPDATE sites SET akismet_key = 'local-akismet-key' WHERE id = 'crash'"]);
});

afterAll(async () => {
  await worker?.stop();
  for (const response of akismet.waiting) response.destroy();
  akismet.server.close();
});

interface Submission {
  page: string;
  authorName: string;
  body: string;
  idempotencyKey: string;
  formToken: string;
}

/** Sends one submission as a reader's browser would; undefined when no answer came (the Worker died). */
async function send(submission: Submission, index: number): Promise<number | undefined> {
  try {
    const response = await fetch(`${worker.apiOrigin}/api/sites/crash/comments`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Origin: worker.blogOrigin,
        "CF-Connecting-IP": `198.51.100.${index + 1}`,
      },
      body: JSON.stringify(submission),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("a Worker killed (SIGKILL) while readers post", () => {
  it("stores every submission exactly once, and answers every retry of an unanswered one 2xx", async () => {
    const pages = Array.from({ length: readers }, (_, index) => `/post/crash-${index}`);
    const tokens = await worker.formTokens("crash", pages);
    const submissions: Submission[] = pages.map((page, index) => ({
      page,
      authorName: `Reader ${index}`,
      body: `Comment ${index}, ${index % 2 === 0 ? "answer me" : "written as the lights went out"}.`,
      idempotencyKey: `crash-retry-key-${String(index).padStart(4, "0")}`,
      formToken: tokens[index] as string,
    }));

    let answered = 0;
    const firstTry = submissions.map(async (submission, index) => {
      const status = await send(submission, index);
      if (status !== undefined) answered += 1;
      return status;
    });
    await until(() => akismet.state.asked === readers && answered === readers / 2);
    await worker.crash();
    const first = await Promise.all(firstTry);
    expect(first.filter((status) => status === 201)).toHaveLength(readers / 2);
    const unanswered = submissions.filter((_, index) => first[index] === undefined);
    expect(unanswered).toHaveLength(readers / 2);
    const [stranded] = await worker.sql([
      `SELECT count(*) AS claims FROM used_form_tokens
        WHERE idempotency_key NOT IN (SELECT idempotency_key FROM comments WHERE site_id = 'crash')`,
    ]);
    expect(stranded?.results[0]?.claims).toBe(readers / 2);

    akismet.state.holding = false;
    await worker.restart();
    const retries = await Promise.all(submissions.map((submission, index) => send(submission, index)));
    expect(retries.filter((status, index) => status !== (first[index] === undefined ? 201 : 200))).toEqual([]);

    const [rows] = await worker.sql([
      "SELECT idempotency_key AS key, count(*) AS copies FROM comments WHERE site_id = 'crash' GROUP BY idempotency_key",
    ]);
    const copies = new Map((rows?.results ?? []).map((row) => [row.key as string, row.copies as number]));
    expect(submissions.filter((submission) => copies.get(submission.idempotencyKey) !== 1)).toEqual([]);
    expect(copies.size).toBe(readers);
  });
});
