import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { defaultPageParams, normalizePagePath } from "../../common/vocabulary";
import type { LiveHello, ThreadChanges } from "../../worker/api/schemas";
import { type D1Meter, openDatabase } from "../../worker/db/client";
import { readThreadPage, type ThreadPageRead } from "../../worker/db/threads";
import type { Env } from "../../worker/env";
import worker from "../../worker/index";
import { issueFormToken } from "../../worker/intake/form-token";
import { sha256Hex } from "../../worker/lib/crypto";
import { threadRoom } from "../../worker/live/announce";

export const blogOrigin = "https://blog.example";

/** Creates a site straight in D1, as the site CLI would. */
export async function createSite(
  id: string,
  options: { origins?: string[]; moderationMode?: "publish" | "hold_first" | "hold_all" } = {},
): Promise<void> {
  await env.DB.prepare("INSERT INTO sites (id, name, allowed_origins, moderation_mode) VALUES (?, ?, ?, ?)")
    .bind(id, `Site ${id}`, JSON.stringify(options.origins ?? [blogOrigin]), options.moderationMode ?? "publish")
    .run();
}

/** A thread page's first 20 comments as an anonymous reader gets them from D1, with what the read cost. */
export async function readFirstPage(siteId: string, path: string): Promise<{ read: ThreadPageRead; meter: D1Meter }> {
  const database = openDatabase(env.DB, "first-primary");
  const read = await readThreadPage(database.db, { siteId, path, cursor: undefined, limit: 20, readerHash: null });
  return { read, meter: database.meter };
}

let keyCounter = 0;

/** A fresh idempotency key, as the widget makes one per submission. */
export function newKey(): string {
  keyCounter++;
  return `test-key-${keyCounter.toString().padStart(8, "0")}-${crypto.randomUUID().slice(0, 8)}`;
}

/**
 * Calls the Worker over HTTP, as a browser on the blog's origin would. With `bindings`, the Worker
 * runs with those bindings changed (email turned on, say), and the call waits for its background work.
 */
export async function call(
  path: string,
  init: {
    method?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    origin?: string | null;
    bindings?: Partial<Env>;
  } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  const origin = init.origin === undefined ? blogOrigin : init.origin;
  if (origin !== null) headers.set("Origin", origin);
  let body: string | undefined = init.rawBody;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers.set("Content-Type", "application/json");
  }
  const request = new Request(`https://chorus.example${path}`, {
    method: init.method ?? (body ? "POST" : "GET"),
    headers,
    body,
  });
  if (!init.bindings) return exports.default.fetch(request);
  const context = createExecutionContext();
  const response = await worker.fetch(request, { ...env, ...init.bindings }, context);
  await waitOnExecutionContext(context);
  return response;
}

/** A form token as `GET /form` issues it (for a site naming its pages by `pageParams`), shown to the reader `ageMs` ago. */
export function formToken(
  site: string,
  page = "/post/hello",
  ageMs = 10_000,
  pageParams: readonly string[] = defaultPageParams,
): Promise<string> {
  return issueFormToken(env.FORM_TOKEN_SECRET, site, normalizePagePath(page, pageParams), Date.now() - ageMs);
}

let addressCounter = 0;

/** A new client address for each call, so tests do not share rate limits unless they mean to. */
function freshAddress(): string {
  addressCounter++;
  return `192.0.2.${addressCounter % 250}:${addressCounter}`;
}

let readerCounter = 0;

/** The headers of a new reader: a per-browser key of their own, on a network of their own unless `address` is given. */
export function newReader(address?: string): Record<string, string> {
  readerCounter++;
  return {
    "X-Chorus-Reader": `test-reader-${String(readerCounter).padStart(8, "0")}`,
    "CF-Connecting-IP": address ?? freshAddress(),
  };
}

/**
 * Posts a comment as a reader whose form was shown ten seconds ago, with sensible defaults; `fields`
 * override them (including `formToken`), `headers` add to the request's.
 */
export async function postComment(
  site: string,
  fields: Record<string, unknown>,
  headers: Record<string, string> = {},
  bindings?: Partial<Env>,
) {
  const page = typeof fields.page === "string" ? fields.page : "/post/hello";
  return call(`/api/sites/${site}/comments`, {
    bindings,
    body: {
      page,
      authorName: "Ada",
      body: "Hello there",
      idempotencyKey: newKey(),
      formToken: await formToken(site, page),
      ...fields,
    },
    headers: { "CF-Connecting-IP": freshAddress(), ...headers },
  });
}

export function getThread(site: string, page: string, headers: Record<string, string> = {}, query = "") {
  return call(`/api/sites/${site}/thread?page=${encodeURIComponent(page)}${query}`, { headers });
}

/**
 * Marks an email confirmed on a site for the reader with key `readerKey`, as following the link of
 * the double opt-in email that reader asked for does.
 */
export async function confirmEmail(site: string, email: string, readerKey: string): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO subscribers (site_id, email, status, reader_hash, confirm_token_hash, unsubscribe_token_hash) VALUES (?, ?, 'confirmed', ?, ?, ?)",
  )
    .bind(
      site,
      email,
      await sha256Hex(`${site}\n${readerKey}`),
      `confirm-${site}-${email}`,
      `unsubscribe-${site}-${email}`,
    )
    .run();
}

/** A reader's live connection to a page, as the widget opens it; collects every event it receives. */
export async function connectLive(
  site: string,
  page: string,
  readerKey: string | null,
  origin: string | null = blogOrigin,
) {
  const headers: Record<string, string> = {
    Upgrade: "websocket",
    "Sec-WebSocket-Protocol": readerKey ? `chorus, reader.${readerKey}` : "chorus",
  };
  const response = await call(`/api/sites/${site}/live?page=${encodeURIComponent(page)}`, { headers, origin });
  const socket = response.webSocket;
  const events: ThreadChanges[] = [];
  const hellos: (number | null)[] = [];
  if (socket) {
    socket.accept();
    socket.addEventListener("message", (event) => {
      if (typeof event.data !== "string" || event.data === "pong") return;
      const message = JSON.parse(event.data) as ThreadChanges | LiveHello;
      if ("hello" in message) hellos.push(message.hello.revision);
      else events.push(message);
    });
  }
  return { response, socket, events, hellos };
}

/** Waits until every reader's room holds its connection, so no event is sent before a reader listens. */
export async function roomHolds(site: string, page: string, count: number) {
  await vi.waitFor(async () => expect(await threadRoom(env, site, page).connections()).toBe(count));
}
