import type { Context } from "hono";
import type { Database } from "../db/client";
import type { Site } from "../db/schema";
import { signInOffer } from "../db/sign-in-providers";
import { findSite } from "../db/sites";
import type { AppEnv } from "../env";
import { admitOrigin } from "../middleware/cors";

/** How long a public read is served from the cache as it is. */
export const publicFreshMs = 10_000;
/** How much longer a stale copy is served, once, while the next is read in the background. */
export const publicStaleMs = 60_000;

/** The Cache API cache public reads are kept in. */
export const publicCacheName = "public-reads";

/** What a public read answers, and who may read it. */
export interface PublicAnswer {
  site: Pick<Site, "id" | "allowedOrigins">;
  status: 200 | 404;
  body: unknown;
}

/** A public read's place in the cache: its site and page, its route's name, and its other validated parameters. */
export interface PublicKey {
  siteId: string;
  page: string;
  name: "thread" | "replies" | "changes";
  params: Record<string, string>;
}

/** A cache key under a site, on the Worker's own origin: `/api/sites/SITE/NAME?PARAMS`. */
function cacheKey(origin: string, siteId: string, name: string, params: Record<string, string> = {}): Request {
  const query = Object.keys(params).length > 0 ? `?${new URLSearchParams(params)}` : "";
  return new Request(`${origin}/api/sites/${encodeURIComponent(siteId)}/${name}${query}`);
}

/** Where a page's generation is kept in a data centre's cache; its cached reads are named with it. */
function generationKey(origin: string, siteId: string, page: string): Request {
  return cacheKey(origin, siteId, "generation", { page });
}

/**
 * Moves a page's generation in this data centre's cache, so its cached reads here are read again at
 * once: called for every change announced (live/announce.ts). Other data centres keep their copies
 * for the cache's lifetime.
 */
export async function newGeneration(origin: string, siteId: string, page: string): Promise<void> {
  const cache = await caches.open(publicCacheName);
  await cache.put(
    generationKey(origin, siteId, page),
    new Response(String(Date.now()), {
      headers: { "Cache-Control": `max-age=${(publicFreshMs + publicStaleMs) / 1000}` },
    }),
  );
}

interface Stored {
  storedAt: number;
  answer: PublicAnswer;
}

/**
 * Answers a reader's read. `publicKey` null, it is theirs alone (it carries their held comments or
 * reactions) and comes from D1. Otherwise it is the same for every anonymous reader (a thread page, a
 * catch-up) and comes from this data centre's cache (the Cache API): fresh for `publicFreshMs`, then
 * stale-while-revalidate for `publicStaleMs` (the first reader after that gets the stale copy and
 * starts one background read; the copy is marked fresh at once so others do not start more).
 * `publicKey` names the read by its validated parameters only, so made-up query parameters cannot
 * bypass the cache; a copy that `current` says is older than the reader knows the thread to be is
 * read again (and replaced for everyone), and a change announced in this data centre starts the
 * page's reads afresh (`newGeneration`). Either way the answer is admitted for the request's origin
 * against the site's origins as they were read with it.
 */
export async function serveRead(
  c: Context<AppEnv>,
  read: () => Promise<PublicAnswer>,
  publicKey: PublicKey | null,
  current: (answer: PublicAnswer) => boolean = () => true,
): Promise<Response> {
  if (publicKey === null) {
    const answer = await read();
    admitOrigin(c, answer.site, "read");
    return c.json(answer.body, answer.status);
  }
  const cache = await caches.open(publicCacheName);
  const origin = new URL(c.req.url).origin;
  const generation = await cache.match(generationKey(origin, publicKey.siteId, publicKey.page));
  const request = cacheKey(origin, publicKey.siteId, publicKey.name, {
    page: publicKey.page,
    ...publicKey.params,
    generation: generation ? await generation.text() : "0",
  });
  const store = (stored: Stored) =>
    cache.put(
      request,
      new Response(JSON.stringify(stored), {
        headers: {
          "Content-Type": "application/json",
          "Cache-Control": `max-age=${(publicFreshMs + publicStaleMs) / 1000}`,
        },
      }),
    );
  const now = Date.now();
  const hit = await cache.match(request);
  let stored = hit ? ((await hit.json()) as Stored) : null;
  let state = "hit";
  if (!stored || !current(stored.answer)) {
    state = "miss";
    stored = { storedAt: now, answer: await read() };
    c.executionCtx.waitUntil(store(stored));
  } else if (now - stored.storedAt > publicFreshMs) {
    state = "stale";
    const stale = stored;
    c.executionCtx.waitUntil(
      store({ ...stale, storedAt: now }).then(async () => store({ storedAt: Date.now(), answer: await read() })),
    );
  }
  const { answer } = stored;
  admitOrigin(c, answer.site, "read");
  c.header("X-Chorus-Cache", state);
  return c.json(answer.body, answer.status);
}

/** What a reader's page needs of its site before any write: who may embed it, how it names pages, and Turnstile's public key. */
export type PublicSite = Pick<Site, "id" | "allowedOrigins" | "pageParams"> & { turnstileSiteKey: string | null };

/**
 * A site as every page view needs it (the live connection, the form), from the same cache and with
 * the same lifetime as public reads: a busy page costs no D1 read per view for it. Null when there
 * is no such site (not cached: a made-up site id reaches D1, as it would without a cache). Writes
 * never use it: they read the site as it is now.
 */
export function publicSite(c: Context<AppEnv>, db: Database, siteId: string): Promise<PublicSite | null> {
  return cachedRead(c, cacheKey(new URL(c.req.url).origin, siteId, "site"), async () => {
    const site = await findSite(db, siteId);
    if (!site) return null;
    return {
      id: site.id,
      allowedOrigins: site.allowedOrigins,
      pageParams: site.pageParams,
      turnstileSiteKey: site.turnstileSecret ? site.turnstileSiteKey : null,
    };
  });
}

/**
 * What a page's comment form offers for signing in (worker/db/sign-in-providers.ts `signInOffer`),
 * from the same cache as the site: a busy page costs no D1 read per view for it either.
 */
export function publicSignInOffer(c: Context<AppEnv>, db: Database, siteId: string, page: string) {
  return cachedRead(c, cacheKey(new URL(c.req.url).origin, siteId, "sign-in", { page }), () =>
    signInOffer(db, siteId, page),
  );
}

/** `read`'s answer from this data centre's cache, fresh for `publicFreshMs`; a null answer is not kept. */
async function cachedRead<T>(c: Context<AppEnv>, request: Request, read: () => Promise<T>): Promise<T> {
  const cache = await caches.open(publicCacheName);
  const hit = await cache.match(request);
  if (hit) return (await hit.json()) as T;
  const known = await read();
  if (known === null) return known;
  c.executionCtx.waitUntil(
    cache.put(
      request,
      new Response(JSON.stringify(known), { headers: { "Cache-Control": `max-age=${publicFreshMs / 1000}` } }),
    ),
  );
  return known;
}
