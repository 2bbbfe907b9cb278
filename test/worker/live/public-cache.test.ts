import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { ThreadPage } from "../../../worker/api/schemas";
import { publicCacheName } from "../../../worker/http/public-cache";
import { call, createSite, getThread, postComment } from "../helpers";

const readerKey = "cache-reader-key-0001";

/** The cached copy of a public thread read of `page`, aged by `ageMs`, as if it had been stored that long ago. */
async function age(site: string, page: string, ageMs: number) {
  const cache = await caches.open(publicCacheName);
  const generation = await cache.match(
    `https://chorus.example/api/sites/${site}/generation?${new URLSearchParams({ page })}`,
  );
  const query = new URLSearchParams({ page, sort: "oldest", cursor: "", limit: "20" });
  const key = new Request(
    `https://chorus.example/api/sites/${site}/thread?${query}&generation=${generation ? await generation.text() : "0"}`,
  );
  const cached = await cache.match(key);
  if (!cached) throw new Error(`nothing cached for ${key.url}`);
  const stored = (await cached.json()) as { storedAt: number };
  await cache.put(
    key,
    new Response(JSON.stringify({ ...stored, storedAt: stored.storedAt - ageMs }), {
      headers: { "Cache-Control": "max-age=70" },
    }),
  );
}

const bodies = async (response: Response) =>
  ((await response.json()) as ThreadPage).comments.map((comment) => comment.bodyHtml);

describe("public reads from the cache", () => {
  beforeAll(async () => {
    await createSite("cached", { origins: ["https://blog.example", "https://www.blog.example"] });
  });

  it("reads an anonymous thread page from D1 once, then from the cache, until it is stale", async () => {
    const page = "/post/cached";
    await postComment("cached", { page, body: "First" });
    const first = await getThread("cached", page);
    expect(first.headers.get("X-Chorus-Cache")).toBe("miss");
    expect(await bodies(first)).toEqual(["<p>First</p>"]);
    await vi.waitFor(async () => expect((await getThread("cached", page)).headers.get("X-Chorus-Cache")).toBe("hit"));
    const hit = await getThread("cached", page, {}, "&made=up");
    expect(hit.headers.get("X-Chorus-Cache")).toBe("hit");
    expect(hit.headers.get("Server-Timing")).toContain('"0 round trips"');

    await postComment("cached", { page, body: "Second" }, { "X-Chorus-Reader": readerKey });
    // Its author reads privately, from D1, and sees it at once.
    const own = await getThread("cached", page, { "X-Chorus-Reader": readerKey });
    expect(own.headers.get("X-Chorus-Cache")).toBeNull();
    expect(await bodies(own)).toEqual(["<p>First</p>", "<p>Second</p>"]);
    // The change was announced in this data centre: its cached reads of the page start afresh.
    await vi.waitFor(async () =>
      expect(await bodies(await getThread("cached", page))).toEqual(["<p>First</p>", "<p>Second</p>"]),
    );
    await vi.waitFor(async () => expect((await getThread("cached", page)).headers.get("X-Chorus-Cache")).toBe("hit"));

    // A change nobody announced (a CLI's) reaches anonymous readers once the copy is stale.
    await env.DB.prepare("UPDATE comments SET body_html = '<p>First, corrected</p>' WHERE body = 'First'").run();
    expect(await bodies(await getThread("cached", page))).toEqual(["<p>First</p>", "<p>Second</p>"]);
    await age("cached", page, 11_000);
    const stale = await getThread("cached", page);
    expect(stale.headers.get("X-Chorus-Cache")).toBe("stale");
    expect(await bodies(stale)).toEqual(["<p>First</p>", "<p>Second</p>"]);
    await vi.waitFor(async () =>
      expect(await bodies(await getThread("cached", page))).toEqual(["<p>First, corrected</p>", "<p>Second</p>"]),
    );
  });

  it("admits a cached answer only for the site's origins, each its own", async () => {
    const page = "/post/cached-origins";
    await postComment("cached", { page, body: "Hello" });
    await vi.waitFor(async () => expect((await getThread("cached", page)).headers.get("X-Chorus-Cache")).toBe("hit"));
    const other = await call(`/api/sites/cached/thread?page=${page}`, { origin: "https://www.blog.example" });
    expect(other.headers.get("X-Chorus-Cache")).toBe("hit");
    expect(other.headers.get("Access-Control-Allow-Origin")).toBe("https://www.blog.example");
    const foreign = await call(`/api/sites/cached/thread?page=${page}`, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
  });

  it("caches a page without comments as such, and catch-ups without a reader key", async () => {
    const empty = "/post/cached-empty";
    expect((await getThread("cached", empty)).status).toBe(200);
    await vi.waitFor(async () => expect((await getThread("cached", empty)).headers.get("X-Chorus-Cache")).toBe("hit"));
    expect(((await (await getThread("cached", empty)).json()) as ThreadPage).comments).toEqual([]);
    const changes = (since: number) => call(`/api/sites/cached/changes?page=/post/cached&since=${since}`);
    expect((await changes(0)).headers.get("X-Chorus-Cache")).toBe("miss");
    await vi.waitFor(async () => expect((await changes(0)).headers.get("X-Chorus-Cache")).toBe("hit"));
  });
});
