import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlLiteral } from "../../scripts/lib/d1";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";
import { hashPassword } from "../../worker/auth/password";

/**
 * A webhook receiver on loopback, as a moderator's own service would be: it keeps every request and
 * answers each with the next of `answers` (then 200).
 */
function receiver(answers: number[]) {
  const received: { headers: IncomingHttpHeaders; body: string; answered: number }[] = [];
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      const answered = answers.shift() ?? 200;
      received.push({ headers: request.headers, body, answered });
      response.writeHead(answered).end();
    });
  });
  return { server, received };
}

/** The verification docs/moderation.md gives receivers, with Node's crypto. */
function verified(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const timestamp = String(headers["chorus-timestamp"]);
  const expected = `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
  const given = String(headers["chorus-signature"]);
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return fresh && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

async function until<T>(look: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const found = await look();
    if (found !== undefined) return found;
    if (Date.now() - started > timeoutMs) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const hook = receiver([500]);
const owner = { email: "olive@alerts.example", password: "a long console passphrase" };
let worker: LocalWorker;

beforeAll(async () => {
  await new Promise<void>((resolve) => hook.server.listen(0, "127.0.0.1", resolve));
  worker = await startLocalWorker();
  worker.site("create", "alerts", "--name", "Alerts", "--origin", worker.blogOrigin, "--moderation", "hold_all");
  await worker.sql([
    `INSERT INTO moderators (id, email, display_name, password_hash) VALUES (1, ${sqlLiteral(owner.email)}, 'Olive', ${sqlLiteral(await hashPassword(owner.password))})`,
    "INSERT INTO site_moderators (site_id, moderator_id, role) VALUES ('alerts', 1, 'owner')",
  ]);
});

afterAll(async () => {
  await worker?.stop();
  hook.server.close();
});

describe("an alert to a webhook on loopback", () => {
  it("arrives signed after a held comment, is retried after a 500, and its one-click link approves the comment", async () => {
    const signedIn = await fetch(`${worker.apiOrigin}/api/admin/session`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: worker.apiOrigin },
      body: JSON.stringify(owner),
    });
    expect(signedIn.status).toBe(201);
    const cookie = (signedIn.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const { port } = hook.server.address() as AddressInfo;
    const created = await fetch(`${worker.apiOrigin}/api/admin/sites/alerts/webhooks`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Origin: worker.apiOrigin,
        Cookie: cookie,
        "X-CSRF-Token": csrfToken,
      },
      body: JSON.stringify({ url: `http://127.0.0.1:${port}/chorus`, format: "json", events: ["held"] }),
    });
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };

    const [formToken] = await worker.formTokens("alerts", ["/post/alerted"]);
    const posted = await fetch(`${worker.apiOrigin}/api/sites/alerts/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: worker.blogOrigin },
      body: JSON.stringify({
        page: "/post/alerted",
        authorName: "Rita Reader",
        authorEmail: "rita@private.example",
        body: "Is this held for a moderator?",
        idempotencyKey: "alerts-e2e-key-0001",
        formToken,
      }),
    });
    expect(posted.status).toBe(201);
    const { comment } = (await posted.json()) as { comment: { id: number; status: string } };
    expect(comment.status).toBe("pending");

    const first = await until(() => hook.received[0]);
    expect(first.answered).toBe(500);
    const [waiting] = await worker.sql([
      "SELECT attempts, last_error AS lastError, sent_at AS sentAt FROM outbox WHERE kind = 'alert'",
    ]);
    expect(waiting?.results).toEqual([{ attempts: 1, lastError: "the webhook answered 500", sentAt: null }]);

    // The back-off's minute, passed; then the cron that retries the outbox.
    await worker.sql(["UPDATE outbox SET next_attempt_at = 0 WHERE kind = 'alert'"]);
    await worker.scheduled("*/10 * * * *");
    const second = await until(() => hook.received[1]);
    expect(second.answered).toBe(200);
    expect(JSON.parse(second.body).comment).toEqual(JSON.parse(first.body).comment);
    expect(verified(secret, second.headers, second.body)).toBe(true);
    expect(verified(secret, second.headers, second.body.replace("Rita", "Mallory"))).toBe(false);
    expect(verified("whsec_someone-else", second.headers, second.body)).toBe(false);
    expect(second.headers["chorus-event"]).toBe("held");
    expect(second.body).not.toContain("rita@private.example");
    const alert = JSON.parse(second.body) as { comment: { id: number; body: string }; actions: { approve: string } };
    expect(alert.comment).toMatchObject({ id: comment.id, body: "Is this held for a moderator?" });
    const [sent] = await worker.sql(["SELECT attempts, sent_at IS NOT NULL AS sent FROM outbox WHERE kind = 'alert'"]);
    expect(sent?.results).toEqual([{ attempts: 2, sent: 1 }]);

    const question = await fetch(alert.actions.approve);
    expect(question.status).toBe(200);
    expect(await question.text()).toContain("Is this held for a moderator?");
    const approved = await fetch(alert.actions.approve, { method: "POST" });
    expect(approved.status).toBe(200);
    const thread = await fetch(`${worker.apiOrigin}/api/sites/alerts/thread?page=/post/alerted`, {
      headers: { Origin: worker.blogOrigin },
    });
    const { comments } = (await thread.json()) as { comments: { id: number; status: string }[] };
    expect(comments.map((shown) => [shown.id, shown.status])).toEqual([[comment.id, "published"]]);
    expect((await fetch(alert.actions.approve, { method: "POST" })).status).toBe(404);
  });
});
