import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sendAlerts } from "../../../../worker/alerts/deliver";
import { alertLinkToken } from "../../../../worker/alerts/links";
import type { WebhookEntry } from "../../../../worker/api/admin-schemas";
import type { PostedComment } from "../../../../worker/api/schemas";
import { openDatabase } from "../../../../worker/db/client";
import type { OutboxMail } from "../../../../worker/db/schema";
import type { Env } from "../../../../worker/env";
import worker from "../../../../worker/index";
import { call, createSite, newReader, postComment } from "../../helpers";
import { createModerator, signIn } from "../../moderators";

/** A loopback address nothing listens on: the delivery a post starts fails at once and waits for a retry. */
const closedPort = "http://127.0.0.1:9/hook";

/** Bindings that make a call wait for what it started after its response (the alert's first delivery). */
const waitForBackground: Partial<Env> = {};

async function addWebhook(site: string, owner: string, body: Record<string, unknown>) {
  const console_ = await signIn(owner);
  const response = await console_.request(`/api/admin/sites/${site}/webhooks`, { body });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { webhook: WebhookEntry; secret: string };
}

async function alertRows(site: string): Promise<OutboxMail[]> {
  const { results } = await env.DB.prepare(
    "SELECT id, site_id AS siteId, kind, subject_key AS subjectKey, recipient, subject, text_body AS textBody, html_body AS htmlBody, headers, attempts, next_attempt_at AS nextAttemptAt, sent_at AS sentAt, last_error AS lastError, webhook_id AS webhookId, created_at AS createdAt FROM outbox WHERE site_id = ? AND kind = 'alert' ORDER BY id",
  )
    .bind(site)
    .all<OutboxMail>();
  return results;
}

/** Sends `rows` as the outbox would, to a fetcher that keeps each request instead of going out. */
async function deliver(rows: readonly OutboxMail[]) {
  const requests: Request[] = [];
  const { db } = openDatabase(env.DB, "first-primary");
  const errors = await sendAlerts(db, rows, env.FORM_TOKEN_SECRET, Date.now(), async (input, init) => {
    requests.push(new Request(input, init));
    return new Response("ok");
  });
  expect(errors.every((error) => error === null)).toBe(true);
  return Promise.all(requests.map(async (request) => ({ request, body: await request.text() })));
}

/** HMAC-SHA256 in hex, computed here as a receiver would, not with the Worker's helper. */
async function expectedSignature(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signed = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message)));
  return [...signed].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

describe("webhooks: alerts where moderators already are", () => {
  it("lets owners add, list and delete webhooks, shows the secret once, and names the field of bad input", async () => {
    await createSite("hooks");
    await createSite("hooks-other");
    await createModerator("owner@hooks.example", { hooks: "owner" });
    await createModerator("mod@hooks.example", { hooks: "moderator" });
    await createModerator("owner@hooks-other.example", { "hooks-other": "owner" });
    const owner = await signIn("owner@hooks.example");
    const created = await owner.request("/api/admin/sites/hooks/webhooks", {
      body: { url: "https://hooks.example/in", format: "json", events: ["held", "spam", "held"] },
    });
    expect(created.status).toBe(201);
    const { webhook, secret } = (await created.json()) as { webhook: WebhookEntry; secret: string };
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(webhook).toMatchObject({ url: "https://hooks.example/in", events: ["held", "spam"], includeEmail: false });
    const listed = await (await owner.request("/api/admin/sites/hooks/webhooks")).text();
    expect(listed).toContain("https://hooks.example/in");
    expect(listed).not.toContain(secret);

    const moderator = await signIn("mod@hooks.example");
    expect((await moderator.request("/api/admin/sites/hooks/webhooks")).status).toBe(403);
    const stranger = await signIn("owner@hooks-other.example");
    expect((await stranger.request("/api/admin/sites/hooks/webhooks")).status).toBe(404);
    expect((await stranger.request(`/api/admin/sites/hooks/webhooks/${webhook.id}`, { method: "DELETE" })).status).toBe(
      404,
    );

    const bad: [Record<string, unknown>, string][] = [
      [{ url: "ftp://hooks.example/in", format: "json", events: ["held"] }, "url"],
      [{ url: "http://hooks.example/in", format: "json", events: ["held"] }, "url"],
      [{ url: "https://hooks.example/in", format: "irc", events: ["held"] }, "format"],
      [{ url: "https://hooks.example/in", format: "json", events: [] }, "events"],
      [{ url: "https://hooks.example/in", format: "json", events: ["everything"] }, "events.0"],
      [
        { url: "https://api.telegram.example/botX/sendMessage", format: "telegram", events: ["held"] },
        "telegramChatId",
      ],
    ];
    for (const [body, field] of bad) {
      const response = await owner.request("/api/admin/sites/hooks/webhooks", { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      const answer = (await response.json()) as { error: { fields: { field: string }[] } };
      expect(answer.error.fields.map((entry) => entry.field)).toContain(field);
    }
    for (let index = 0; index < 9; index++) {
      const response = await owner.request("/api/admin/sites/hooks/webhooks", {
        body: { url: `http://localhost:8${index}/in`, format: "slack", events: ["held"] },
      });
      expect(response.status).toBe(201);
    }
    const eleventh = await owner.request("/api/admin/sites/hooks/webhooks", {
      body: { url: "https://hooks.example/too-many", format: "json", events: ["held"] },
    });
    expect(eleventh.status).toBe(409);

    expect((await owner.request(`/api/admin/sites/hooks/webhooks/${webhook.id}`, { method: "DELETE" })).status).toBe(
      204,
    );
    expect((await owner.request(`/api/admin/sites/hooks/webhooks/${webhook.id}`, { method: "DELETE" })).status).toBe(
      404,
    );
    const audit = await env.DB.prepare("SELECT action, detail FROM audit_log WHERE site_id = 'hooks' ORDER BY id").all<{
      action: string;
      detail: string;
    }>();
    expect(audit.results.map((entry) => entry.action).filter((action) => action.startsWith("webhook"))).toEqual([
      ...Array(10).fill("webhook_add"),
      "webhook_delete",
    ]);
    expect(audit.results[0]?.detail).toContain("https://hooks.example");
  });

  it("queues an alert in the same transaction as a held, spam or reported comment, none for a published one", async () => {
    await createSite("alerted", { moderationMode: "hold_all" });
    await createSite("alerted-open");
    await createModerator("owner@alerted.example", { alerted: "owner", "alerted-open": "owner" });
    await addWebhook("alerted", "owner@alerted.example", { url: closedPort, format: "json", events: ["held"] });
    await addWebhook("alerted", "owner@alerted.example", { url: closedPort, format: "slack", events: ["spam"] });
    await addWebhook("alerted-open", "owner@alerted.example", {
      url: closedPort,
      format: "discord",
      events: ["reported", "held"],
    });

    expect((await postComment("alerted", { body: "Held for a look" }, {}, waitForBackground)).status).toBe(201);
    expect((await postComment("alerted", { trap: "filled" }, {}, waitForBackground)).status).toBe(201);
    const published = await postComment("alerted-open", { body: "Fine and shown" }, {}, waitForBackground);
    const { comment } = (await published.json()) as PostedComment;
    expect(await alertRows("alerted-open")).toEqual([]);

    const held = await alertRows("alerted");
    expect(held.map((row) => [row.subject, row.recipient.startsWith("webhook:")])).toEqual([
      ["held", true],
      ["spam", true],
    ]);
    // The post's own delivery tried at once, failed on the closed port and waits to be retried.
    expect(held.every((row) => row.attempts === 1 && row.lastError !== null && row.sentAt === null)).toBe(true);
    expect(held.every((row) => row.nextAttemptAt > Date.now())).toBe(true);

    for (let reader = 0; reader < 2; reader++) {
      const reported = await call(`/api/sites/alerted-open/comments/${comment.id}/report`, {
        body: { reason: "spam" },
        headers: newReader(),
        bindings: waitForBackground,
      });
      expect(reported.status).toBe(201);
    }
    expect((await alertRows("alerted-open")).map((row) => row.subjectKey)).toEqual([`reported:${comment.id}`]);
  });

  it("signs Chorus's JSON, carries only the private fields chosen, and makes the text inert in Slack, Discord and Telegram", async () => {
    await createSite("formats", { moderationMode: "hold_all" });
    await createModerator("owner@formats.example", { formats: "owner" });
    const owner = "owner@formats.example";
    const plain = await addWebhook("formats", owner, { url: closedPort, format: "json", events: ["held"] });
    const withEmail = await addWebhook("formats", owner, {
      url: `${closedPort}/email`,
      format: "json",
      events: ["held"],
      includeEmail: true,
    });
    await addWebhook("formats", owner, { url: `${closedPort}/slack`, format: "slack", events: ["held"] });
    await addWebhook("formats", owner, { url: `${closedPort}/discord`, format: "discord", events: ["held"] });
    await addWebhook("formats", owner, {
      url: `${closedPort}/telegram`,
      format: "telegram",
      events: ["held"],
      telegramChatId: "-100200300",
    });
    const hostile = "<!channel> @everyone <@123> *bold* <https://evil.example|click>";
    await postComment(
      "formats",
      { body: hostile, authorName: "Mallory", authorEmail: "mallory@private.example" },
      {},
      waitForBackground,
    );
    const sent = await deliver(await alertRows("formats"));
    expect(sent).toHaveLength(5);
    const [json, jsonWithEmail, slack, discord, telegram] = sent;

    const timestamp = json?.request.headers.get("Chorus-Timestamp") ?? "";
    expect(Math.abs(Number(timestamp) * 1000 - Date.now())).toBeLessThan(60_000);
    expect(json?.request.headers.get("Chorus-Signature")).toBe(
      `v1=${await expectedSignature(plain.secret, `${timestamp}.${json?.body}`)}`,
    );
    expect(json?.request.headers.get("Chorus-Signature")).not.toBe(
      `v1=${await expectedSignature(withEmail.secret, `${timestamp}.${json?.body}`)}`,
    );
    expect(json?.request.headers.get("Chorus-Event")).toBe("held");
    const payload = JSON.parse(json?.body ?? "{}");
    expect(payload).toMatchObject({
      type: "comment.held",
      site: { id: "formats", name: "Site formats" },
      comment: { authorName: "Mallory", body: hostile, status: "pending", page: "/post/hello" },
    });
    expect(payload.actions.approve).toMatch(/^https:\/\/chorus\.example\/api\/alerts\/act\?token=/);
    expect(json?.body).not.toContain("mallory@private.example");
    expect(JSON.parse(jsonWithEmail?.body ?? "{}").comment.authorEmail).toBe("mallory@private.example");

    const slackText: string = JSON.parse(slack?.body ?? "{}").text;
    expect(slackText).toContain("&lt;!channel&gt; @everyone &lt;@123&gt;");
    expect(slackText).not.toContain("<!channel>");
    expect(slackText).toMatch(/<https:\/\/chorus\.example\/api\/alerts\/act\?token=[^|]+\|Approve>/);
    expect(slackText).not.toContain("mallory@private.example");

    const discordBody = JSON.parse(discord?.body ?? "{}");
    expect(discordBody.allowed_mentions).toEqual({ parse: [] });
    expect(discordBody.content).toContain(hostile);

    const telegramBody = JSON.parse(telegram?.body ?? "{}");
    expect(telegramBody.chat_id).toBe("-100200300");
    expect(telegramBody.parse_mode).toBeUndefined();
    expect(telegramBody.text).toContain(hostile);
  });

  it("acts on one click only after the button, once, and refuses forged, expired and revoked links", async () => {
    await createSite("clicks", { moderationMode: "hold_all" });
    await createModerator("owner@clicks.example", { clicks: "owner" });
    const { webhook } = await addWebhook("clicks", "owner@clicks.example", {
      url: closedPort,
      format: "json",
      events: ["held"],
    });
    const posted = await postComment("clicks", { body: "Approve me by link" }, {}, waitForBackground);
    const { comment } = (await posted.json()) as PostedComment;
    const [alert] = await deliver(await alertRows("clicks"));
    const { approve, spam } = JSON.parse(alert?.body ?? "{}").actions as { approve: string; spam: string };
    const path = (url: string) => url.replace("https://chorus.example", "");
    const status = async () =>
      (await env.DB.prepare("SELECT status FROM comments WHERE id = ?").bind(comment.id).first<{ status: string }>())
        ?.status;

    const page = await call(path(approve), { origin: null });
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain("Approve me by link");
    expect(html).toMatch(/<form method="post"/);
    expect(await status()).toBe("pending");

    const done = await call(path(approve), { method: "POST", origin: null });
    expect(done.status).toBe(200);
    expect(await status()).toBe("published");
    const audited = await env.DB.prepare(
      "SELECT audit_log.action, audit_log.detail, moderators.email FROM audit_log JOIN moderators ON moderators.id = audit_log.moderator_id WHERE site_id = 'clicks' AND action = 'approve'",
    ).first<{ detail: string; email: string }>();
    expect(audited).toMatchObject({ email: "owner@clicks.example" });
    expect(JSON.parse(audited?.detail ?? "{}")).toMatchObject({ via: "alert_link" });

    expect((await call(path(approve), { method: "POST", origin: null })).status).toBe(404);
    const token = new URL(spam).searchParams.get("token") ?? "";
    const forged = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    expect((await call(`/api/alerts/act?token=${forged}`, { method: "POST", origin: null })).status).toBe(404);
    expect((await call("/api/alerts/act?token=nothing", { method: "POST", origin: null })).status).toBe(400);
    const expired = await alertLinkToken(env.FORM_TOKEN_SECRET, {
      site: "clicks",
      comment: comment.id,
      action: "spam",
      webhook: webhook.id,
      expires: Date.now() - 1,
    });
    expect((await call(`/api/alerts/act?token=${expired}`, { method: "POST", origin: null })).status).toBe(404);
    expect(await status()).toBe("published");

    const owner = await signIn("owner@clicks.example");
    await owner.request(`/api/admin/sites/clicks/webhooks/${webhook.id}`, { method: "DELETE" });
    expect((await call(path(spam), { method: "POST", origin: null })).status).toBe(404);
    expect(await status()).toBe("published");
  });

  it("carries no one-click links when it knows no address to link to (the cron, without PUBLIC_ORIGIN)", async () => {
    await createSite("originless", { moderationMode: "hold_all" });
    await createModerator("owner@originless.example", { originless: "owner" });
    await addWebhook("originless", "owner@originless.example", { url: closedPort, format: "json", events: ["held"] });
    await postComment("originless", { body: "Held, and alerted from the cron" }, {}, waitForBackground);
    await env.DB.prepare("UPDATE outbox SET text_body = '{\"origin\":\"\"}' WHERE site_id = 'originless'").run();
    const [sent] = await deliver(await alertRows("originless"));
    const body = JSON.parse(sent?.body ?? "{}");
    expect(body.comment.body).toBe("Held, and alerted from the cron");
    expect(body.actions).toBeUndefined();
  });

  it("sends a daily digest to the webhooks that want one, once a day", async () => {
    await createSite("digested", { moderationMode: "hold_all" });
    await createModerator("owner@digested.example", { digested: "owner" });
    await addWebhook("digested", "owner@digested.example", { url: closedPort, format: "json", events: ["digest"] });
    await postComment("digested", { body: "One held" }, {}, waitForBackground);
    await postComment("digested", { body: "Two held", authorName: "Bo" }, newReader(), waitForBackground);
    const daily = async () => {
      const context = createExecutionContext();
      await worker.scheduled?.(createScheduledController({ cron: "17 3 * * *" }), env as Env, context);
      await waitOnExecutionContext(context);
    };
    await daily();
    await daily();
    const rows = await alertRows("digested");
    expect(rows.map((row) => row.subject)).toEqual(["digest"]);
    const [sent] = await deliver(rows);
    const body = JSON.parse(sent?.body ?? "{}");
    expect(body).toMatchObject({
      type: "digest",
      site: { id: "digested" },
      digest: { day: new Date().toISOString().slice(0, 10), published: 0, held: 2, spam: 0 },
    });
    expect(body.actions).toBeUndefined();
  });
});
