import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ErrorBody, PostedComment, ReactionResult, ThreadPage } from "../../../worker/api/schemas";
import { reactionLimits } from "../../../worker/db/reactions";
import { call, createSite, getThread, newReader, postComment, readFirstPage } from "../helpers";

async function post(site: string, fields: Record<string, unknown> = {}) {
  const response = await postComment(site, fields);
  expect(response.status).toBe(201);
  return ((await response.json()) as PostedComment).comment;
}

function react(site: string, body: Record<string, unknown>, headers: Record<string, string>) {
  return call(`/api/sites/${site}/reactions`, { body: { page: "/post/hello", ...body }, headers });
}

async function thread(site: string, headers: Record<string, string> = {}, query = "") {
  const response = await getThread(site, "/post/hello", headers, query);
  expect(response.status).toBe(200);
  return (await response.json()) as ThreadPage;
}

describe("POST /api/sites/:site/reactions", () => {
  it("counts one reaction per reader per comment, and returns the counts with the thread", async () => {
    await createSite("react");
    const comment = await post("react");
    const alice = newReader();
    const bob = newReader();
    expect(await (await react("react", { commentId: comment.id, kind: "like" }, alice)).json()).toEqual({
      reactions: { like: 1 },
      myReaction: "like",
    });
    await react("react", { commentId: comment.id, kind: "like" }, alice);
    await react("react", { commentId: comment.id, kind: "love" }, bob);
    const changed = await react("react", { commentId: comment.id, kind: "laugh" }, alice);
    expect((await changed.json()) as ReactionResult).toEqual({ reactions: { laugh: 1, love: 1 }, myReaction: "laugh" });
    const forAlice = await thread("react", alice);
    expect(forAlice.comments[0]).toMatchObject({ reactions: { laugh: 1, love: 1 }, myReaction: "laugh" });
    const forNobody = await thread("react");
    expect(forNobody.comments[0]).toMatchObject({ reactions: { laugh: 1, love: 1 }, myReaction: null });
    const score = await env.DB.prepare("SELECT score FROM comments WHERE id = ?").bind(comment.id).first("score");
    expect(score).toBe(2);
  });

  it("takes a reaction back with kind null, keeping the score in step", async () => {
    await createSite("unreact");
    const comment = await post("unreact");
    const alice = newReader();
    await react("unreact", { commentId: comment.id, kind: "think" }, alice);
    const back = await react("unreact", { commentId: comment.id, kind: null }, alice);
    expect(await back.json()).toEqual({ reactions: {}, myReaction: null });
    const score = await env.DB.prepare("SELECT score FROM comments WHERE id = ?").bind(comment.id).first("score");
    expect(score).toBe(0);
  });

  it("reacts to the page itself, even before it has a comment", async () => {
    await createSite("page-react");
    const response = await react("page-react", { kind: "love" }, newReader());
    expect(response.status).toBe(200);
    const page = await thread("page-react");
    expect(page.thread.reactions).toEqual({ love: 1 });
    expect(page.comments).toEqual([]);
  });

  it("rejects an unknown kind with a 400 naming the field", async () => {
    await createSite("react-kind");
    const comment = await post("react-kind");
    const response = await react("react-kind", { commentId: comment.id, kind: "angry" }, newReader());
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.fields?.[0]?.field).toBe("kind");
  });

  it("needs the reader's key", async () => {
    await createSite("react-key");
    const comment = await post("react-key");
    const response = await react("react-key", { commentId: comment.id, kind: "like" }, {});
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.fields?.[0]?.field).toBe("header:X-Chorus-Reader");
  });

  it("answers 404 for a comment on another page, a held comment or an unknown site", async () => {
    await createSite("react-404");
    const elsewhere = await post("react-404", { page: "/post/other" });
    const held = await post("react-404", { body: "held one" });
    await env.DB.prepare("UPDATE comments SET status = 'pending' WHERE id = ?").bind(held.id).run();
    for (const commentId of [elsewhere.id, held.id, 999_999]) {
      const response = await react("react-404", { commentId, kind: "like" }, newReader());
      expect(response.status).toBe(404);
    }
    expect((await react("no-such-site", { kind: "like" }, newReader())).status).toBe(404);
  });

  it("refuses reactions from another origin and on a closed thread", async () => {
    await createSite("react-403");
    const comment = await post("react-403");
    const foreign = await call("/api/sites/react-403/reactions", {
      body: { page: "/post/hello", commentId: comment.id, kind: "like" },
      headers: newReader(),
      origin: "https://evil.example",
    });
    expect(foreign.status).toBe(403);
    await env.DB.prepare("UPDATE threads SET closed = 1 WHERE site_id = 'react-403'").run();
    expect((await react("react-403", { commentId: comment.id, kind: "like" }, newReader())).status).toBe(403);
  });

  it("limits reactions per IP hash, with the same D1 counters as posting", async () => {
    await createSite("react-limit");
    const comment = await post("react-limit");
    const statuses: number[] = [];
    for (let index = 0; index <= reactionLimits.perIpPerMinute; index++) {
      const response = await react("react-limit", { commentId: comment.id, kind: "like" }, newReader("198.51.100.9"));
      statuses.push(response.status);
    }
    expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const score = await env.DB.prepare("SELECT score FROM comments WHERE id = ?").bind(comment.id).first("score");
    expect(score).toBe(reactionLimits.perIpPerMinute);
  });
});

describe("reactions on a thread read", () => {
  it("are read from the thread's own comments, not from every reaction of every site", async () => {
    await createSite("react-busy");
    await createSite("react-quiet");
    const busy = await post("react-busy");
    for (let comment = 0; comment < 3; comment++) await post("react-quiet");
    const flood = Array.from({ length: 3_000 }, (_, index) =>
      env.DB.prepare(
        "INSERT INTO reactions (site_id, thread_id, comment_id, reader_hash, kind) SELECT site_id, thread_id, id, ?, 'like' FROM comments WHERE id = ?",
      ).bind(`reader-${index}`, busy.id),
    );
    await env.DB.batch(flood);
    const { read, meter } = await readFirstPage("react-quiet", "/post/hello");
    expect(read.comments).toHaveLength(3);
    expect(meter.rowsRead).toBeLessThan(100);
    const other = await thread("react-busy");
    expect(other.comments[0]?.reactions).toEqual({ like: 3_000 });
  });
});

describe("GET /api/sites/:site/thread?sort=", () => {
  async function scored(site: string) {
    const [a, b, c, d] = [await post(site), await post(site), await post(site), await post(site)];
    const give = async (id: number, count: number) => {
      for (let index = 0; index < count; index++) await react(site, { commentId: id, kind: "like" }, newReader());
    };
    await give(b.id, 2);
    await give(c.id, 3);
    await give(d.id, 2);
    return { a: a.id, b: b.id, c: c.id, d: d.id };
  }

  it("sorts oldest (default), newest and top first, paging each by its own keyset cursor", async () => {
    await createSite("sorts");
    const { a, b, c, d } = await scored("sorts");
    const walk = async (sort: string) => {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: ThreadPage = await thread("sorts", {}, `&sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
        seen.push(...page.comments.map((comment) => comment.id));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await walk("oldest")).toEqual([a, b, c, d]);
    expect(await walk("newest")).toEqual([d, c, b, a]);
    expect(await walk("top")).toEqual([c, b, d, a]);
    const firstTop = await thread("sorts", {}, "&sort=top&limit=2");
    expect(firstTop.nextCursor).toBe(`2.${b}`);
  });

  it("reads a sorted page with its reactions in one D1 round trip", async () => {
    await createSite("sorts-trip");
    await scored("sorts-trip");
    const response = await getThread("sorts-trip", "/post/hello", {}, "&sort=top&limit=2");
    expect(response.headers.get("Server-Timing")).toContain('desc="1 round trips"');
  });

  it("rejects an unknown sort and a cursor from another sort", async () => {
    await createSite("sorts-bad");
    await post("sorts-bad");
    const unknown = await getThread("sorts-bad", "/post/hello", {}, "&sort=best");
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as ErrorBody).error.fields?.[0]?.field).toBe("sort");
    const mixed = await getThread("sorts-bad", "/post/hello", {}, "&sort=top&cursor=12");
    expect(mixed.status).toBe(400);
    expect(((await mixed.json()) as ErrorBody).error.fields?.[0]?.field).toBe("cursor");
    expect((await getThread("sorts-bad", "/post/hello", {}, "&sort=oldest&cursor=1.2")).status).toBe(400);
  });
});
