/**
 * Replies from the fediverse: a page discussed under a Mastodon (or any Mastodon-API) status shows
 * that status's public replies in its thread. The Worker reads them from the documented
 * `GET /api/v1/statuses/:id/context` when the thread is read and on the ten-minute cron, at most
 * every five minutes per thread (longer when the server asks, with 429 and Retry-After), and takes
 * each through the same decision as a comment (`takeMention`); replies deleted there disappear here
 * on the next read.
 */
import { and, eq, like, lte, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client";
import { comments, type Site, sites, type Thread, threads } from "../db/schema";
import type { Env } from "../env";
import { takeMention } from "../intake";
import { sha256Hex } from "../lib/crypto";
import { moderate } from "../lib/moderate";
import { type Change, tellRooms } from "../live/announce";
import { htmlToText } from "../render/html-text";
import { addressProblem } from "./address";

/** How often a thread's fediverse replies are read at most. */
export const fediverseIntervalMs = 5 * 60 * 1000;
const timeoutMs = 10_000;
const maxBytes = 2 * 1024 * 1024;
/** Replies read from one status at most. */
const maxReplies = 500;

/** A status address as people share it (`https://mastodon.example/@brand/1122…`), as its server's origin and the status id. */
export function parseStatusUrl(address: string): { origin: string; id: string } | null {
  const url = URL.parse(address);
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) return null;
  const id = /\/(\d{1,30})\/?$/.exec(url.pathname)?.[1];
  return id ? { origin: url.origin, id } : null;
}

const accountSchema = z.object({
  username: z.string(),
  display_name: z.string().default(""),
  url: z.string().nullable().optional(),
});

const statusSchema = z.object({
  id: z.string(),
  uri: z.string(),
  url: z.string().nullable().optional(),
  in_reply_to_id: z.string().nullable().optional(),
  visibility: z.string(),
  content: z.string(),
  account: accountSchema,
});

const contextSchema = z.object({ descendants: z.array(statusSchema) });

type Status = z.infer<typeof statusSchema>;

function httpAddress(value: string | null | undefined): string | null {
  const url = value ? URL.parse(value) : null;
  return url && (url.protocol === "https:" || url.protocol === "http:") ? url.href : null;
}

/** What reading a status's replies came to. */
type ContextReading = { replies: Status[] } | { retryAfterMs: number } | { failed: string };

/** Reads the public replies to a status (no redirects followed, 2 MB, 10 s). */
async function readContext(statusUrl: string, allowPrivate: boolean, fetcher: typeof fetch): Promise<ContextReading> {
  const status = parseStatusUrl(statusUrl);
  if (!status) return { failed: "not a status address" };
  const problem = addressProblem(status.origin, allowPrivate);
  if (problem) return { failed: `the server's address ${problem}` };
  const response = await fetcher(`${status.origin}/api/v1/statuses/${status.id}/context`, {
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
    headers: { Accept: "application/json", "User-Agent": "Chorus/1 (comments)" },
  });
  if (response.status === 429) {
    await response.body?.cancel();
    const after = Number(response.headers.get("Retry-After"));
    return { retryAfterMs: Number.isFinite(after) && after > 0 ? after * 1000 : 3_600_000 };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { failed: `the server answered ${response.status}` };
  }
  const text = await response.text();
  if (text.length > maxBytes) return { failed: "the answer is larger than 2 MB" };
  const parsed = contextSchema.safeParse(JSON.parse(text));
  if (!parsed.success) return { failed: "the answer is not a status context" };
  const replies = parsed.data.descendants.filter(
    (reply) => reply.visibility === "public" || reply.visibility === "unlisted",
  );
  return { replies: replies.slice(0, maxReplies) };
}

/** The comment key of a fediverse reply: the same reply always finds the same comment. */
async function replyKey(uri: string): Promise<string> {
  return `fediverse-${await sha256Hex(uri)}`;
}

/**
 * Reads the thread's fediverse replies if they are due, claiming the read first (so two readers do
 * not both fetch), and brings its comments in step: new replies added (nested under the replies they
 * answer), edited ones updated, deleted ones removed. Returns what it did.
 */
export async function refreshFediverse(
  env: Env,
  db: Database,
  input: { siteId: string; path: string; origin: string; now: number; fetcher?: typeof fetch },
): Promise<{ read: boolean; added: number; removed: number }> {
  const { siteId, path, now } = input;
  const claimed = await db
    .update(threads)
    .set({ fediverseDueAt: now + fediverseIntervalMs })
    .where(
      and(
        eq(threads.siteId, siteId),
        eq(threads.path, path),
        sql`${threads.fediverseStatus} IS NOT NULL`,
        sql`coalesce(${threads.fediverseDueAt}, 0) <= ${now}`,
      ),
    )
    .returning();
  const thread: Thread | undefined = claimed[0];
  if (!thread?.fediverseStatus) return { read: false, added: 0, removed: 0 };
  const [site]: Site[] = await db.select().from(sites).where(eq(sites.id, siteId));
  if (!site) return { read: false, added: 0, removed: 0 };
  const reading = await readContext(
    thread.fediverseStatus,
    env.WEBMENTION_PRIVATE_SOURCES === "allow",
    input.fetcher ?? fetch,
  );
  if ("retryAfterMs" in reading) {
    await db
      .update(threads)
      .set({ fediverseDueAt: now + Math.max(reading.retryAfterMs, fediverseIntervalMs) })
      .where(eq(threads.id, thread.id));
    return { read: false, added: 0, removed: 0 };
  }
  if ("failed" in reading) {
    console.error(`fediverse replies of ${thread.fediverseStatus}: ${reading.failed}`);
    return { read: false, added: 0, removed: 0 };
  }
  const root = parseStatusUrl(thread.fediverseStatus)?.id;
  const commentOf = new Map<string, number>();
  const keys: string[] = [];
  const changed: number[] = [];
  for (const reply of reading.replies) {
    const key = await replyKey(reply.uri);
    keys.push(key);
    const address = httpAddress(reply.url) ?? httpAddress(reply.uri);
    if (!address) continue;
    const text = htmlToText(reply.content);
    const host = new URL(address).hostname;
    const link = address.replaceAll("(", "%28").replaceAll(")", "%29");
    const parentId =
      reply.in_reply_to_id && reply.in_reply_to_id !== root ? commentOf.get(reply.in_reply_to_id) : undefined;
    const outcome = await takeMention(db, site, {
      page: path,
      pageUrl: thread.url,
      source: address,
      authorName: (reply.account.display_name || reply.account.username).slice(0, 100),
      authorWebsite: httpAddress(reply.account.url),
      text,
      body: `${text || "(no text)"}\n\n*Replied on [${host}](${link})*`,
      idempotencyKey: key,
      ipHash: await sha256Hex(`fediverse\n${host}`),
      alertOrigin: env.PUBLIC_ORIGIN || input.origin,
      parentId,
    });
    if (outcome.kind === "stored") {
      commentOf.set(reply.id, outcome.comment.id);
      changed.push(outcome.comment.id);
    }
  }
  const gone = await db
    .select({ id: comments.id, key: comments.idempotencyKey })
    .from(comments)
    .where(
      and(
        eq(comments.threadId, thread.id),
        like(comments.idempotencyKey, "fediverse-%"),
        ne(comments.status, "deleted"),
      ),
    );
  const removed = gone.filter((comment) => !keys.includes(comment.key)).map((comment) => comment.id);
  if (removed.length > 0) {
    await moderate(db, { siteId, moderatorId: null, action: "delete", ids: removed, via: "fediverse" });
  }
  const change: Change = { ids: [...changed, ...removed] };
  await tellRooms(env, db, { origin: input.origin, siteId }, change).catch((error: unknown) => {
    console.error("live update failed", error);
  });
  return { read: true, added: changed.length, removed: removed.length };
}

/** The threads whose fediverse replies are due (for the cron), a few at a time. */
export async function dueFediverseThreads(db: Database, now: number, limit = 20) {
  return db
    .select({ siteId: threads.siteId, path: threads.path })
    .from(threads)
    .where(and(sql`${threads.fediverseStatus} IS NOT NULL`, lte(threads.fediverseDueAt, now)))
    .limit(limit);
}
