import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { limits } from "../../../common/vocabulary";
import { chunkPages, chunkStatements, planImport } from "../../../importers/plan";
import { emptySource, type SourceComment } from "../../../importers/source";
import type { MoreReplies, PostedComment, PublicComment, ThreadPage } from "../../../worker/api/schemas";
import { call, createSite, getThread, postComment, readFirstPage } from "../helpers";

/** The deepest reply under `comments`, walked without recursion (the tree may be deep). */
function deepest(comments: PublicComment[]): number {
  let level = comments.map((comment) => ({ comment, depth: 0 }));
  let max = 0;
  while (level.length > 0) {
    max = Math.max(max, ...level.map((entry) => entry.depth));
    level = level.flatMap(({ comment, depth }) =>
      comment.replies.map((reply) => ({ comment: reply, depth: depth + 1 })),
    );
  }
  return max;
}

const chainLength = 10_000;

async function readPage(site: string, page: string): Promise<ThreadPage> {
  const response = await getThread(site, page);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as ThreadPage;
}

describe("deep reply chains", () => {
  it(`stores a reply to a comment at depth ${limits.replyDepth} beside it, under the same parent`, async () => {
    await createSite("deep-posted");
    let parentId: number | undefined;
    const chain: PostedComment["comment"][] = [];
    for (let index = 0; index <= limits.replyDepth + 2; index++) {
      const response = await postComment("deep-posted", { body: `reply number ${index}`, parentId });
      expect(response.status).toBe(201);
      const { comment } = (await response.json()) as PostedComment;
      chain.push(comment);
      parentId = comment.id;
    }
    const { results } = await env.DB.prepare(
      "SELECT id, parent_id AS parentId, depth FROM comments WHERE site_id = 'deep-posted' ORDER BY id",
    ).all<{ id: number; parentId: number | null; depth: number }>();
    expect(Math.max(...results.map((row) => row.depth))).toBe(limits.replyDepth);
    const last = results.at(-1);
    const atLimit = results[limits.replyDepth];
    expect(last?.depth).toBe(limits.replyDepth);
    expect(last?.parentId).toBe(atLimit?.parentId);
    expect(deepest((await readPage("deep-posted", "/post/hello")).comments)).toBe(limits.replyDepth);
  });

  it(`imports a ${chainLength.toLocaleString("en")}-deep chain flattened, and its page reads`, async () => {
    await createSite("deep-import");
    const source = emptySource("chorus");
    source.threads.push({
      key: "t",
      path: "/deep",
      title: "Deep",
      url: null,
      closed: false,
      createdAt: 0,
      location: { element: "thread" },
    });
    for (let index = 0; index < chainLength; index++) {
      const comment: SourceComment = {
        key: `c${index}`,
        threadKey: "t",
        parentKey: index === 0 ? null : `c${index - 1}`,
        idempotencyKey: `deep-${index}`,
        authorName: `Reader ${index % 7}`,
        authorEmail: null,
        authorWebsite: null,
        body: `Reply ${index}`,
        status: "published",
        createdAt: 1_700_000_000_000 + index,
        location: { element: `comment ${index}` },
      };
      source.comments.push(comment);
    }
    const plan = planImport(source);
    expect(plan.problems).toEqual([]);
    for (const chunk of chunkPages(plan.pages, 1_000)) {
      const [first, ...rest] = chunkStatements(chunk, { siteId: "deep-import", now: Date.now() }).map((statement) =>
        env.DB.prepare(statement),
      );
      if (first) await env.DB.batch([first, ...rest]);
    }
    const stored = await env.DB.prepare(
      "SELECT count(*) AS n, max(depth) AS deepest FROM comments WHERE site_id = 'deep-import'",
    ).first<{ n: number; deepest: number }>();
    expect(stored).toEqual({ n: chainLength, deepest: limits.replyDepth });
    expect(deepest((await readPage("deep-import", "/deep")).comments)).toBe(limits.replyDepth);
  }, 60_000);

  it(`reads a page whose stored chain is ${chainLength.toLocaleString("en")} deep (written before the limit)`, async () => {
    await createSite("deep-legacy");
    const top = (await (
      await postComment("deep-legacy", { body: "The start", page: "/legacy" })
    ).json()) as PostedComment;
    const rootId = top.comment.id;
    const statements = [];
    for (let depth = 1; depth <= chainLength; depth++) {
      statements.push(
        env.DB.prepare(
          // Each under the site's latest comment: the one inserted just before it.
          `INSERT INTO comments (site_id, thread_id, parent_id, root_id, depth, author_name, body, body_html, status, idempotency_key)
           SELECT site_id, thread_id, (SELECT max(id) FROM comments WHERE site_id = 'deep-legacy'), ?, ?, 'Old', 'old reply', '<p>old reply</p>', 'published', ?
           FROM comments WHERE id = ?`,
        ).bind(rootId, depth, `legacy-${depth}`, rootId),
      );
    }
    for (let start = 0; start < statements.length; start += 1_000) {
      await env.DB.batch(statements.slice(start, start + 1_000));
    }
    const page = await readPage("deep-legacy", "/legacy");
    expect(deepest(page.comments)).toBe(limits.replyDepth);
  }, 60_000);
});

/** Puts 3,000 replies with `body` directly under comment `rootId`, the `index`th with `statusOf(index)`. */
async function floodReplies(rootId: number, body: string, statusOf: (index: number) => string) {
  const statements = Array.from({ length: 3_000 }, (_, index) =>
    env.DB.prepare(
      `INSERT INTO comments (site_id, thread_id, parent_id, root_id, depth, author_name, body, body_html, status, idempotency_key)
       SELECT site_id, thread_id, id, id, 1, 'Reader', ?, ?, ?, ? FROM comments WHERE id = ?`,
    ).bind(body, `<p>${body}</p>`, statusOf(index), `flood-${rootId}-${index}`, rootId),
  );
  for (let start = 0; start < statements.length; start += 1_000) {
    await env.DB.batch(statements.slice(start, start + 1_000));
  }
}

describe("a flood of hidden replies", () => {
  it("reads only the replies someone may see, and the hidden ones they hang from", async () => {
    await createSite("reply-flood");
    const top = (await (
      await postComment("reply-flood", { body: "Top comment", page: "/flood" })
    ).json()) as PostedComment;
    const keep = (await (
      await postComment("reply-flood", { body: "A reply that stays", page: "/flood", parentId: top.comment.id })
    ).json()) as PostedComment;
    const under = (await (
      await postComment("reply-flood", { body: "A reply under it", page: "/flood", parentId: keep.comment.id })
    ).json()) as PostedComment;
    await floodReplies(top.comment.id, "spam", (index) => (index % 2 ? "spam" : "deleted"));
    await env.DB.prepare("UPDATE comments SET status = 'deleted' WHERE id = ?").bind(keep.comment.id).run();
    const { read, meter } = await readFirstPage("reply-flood", "/flood");
    expect(read.comments).toHaveLength(1);
    const replies = read.comments[0]?.replies ?? [];
    expect(replies.map((reply) => [reply.id, reply.status])).toEqual([[keep.comment.id, "removed"]]);
    expect(replies[0]?.replies.map((reply) => reply.id)).toEqual([under.comment.id]);
    expect(meter.roundTrips).toBe(1);
    expect(meter.rowsRead).toBeLessThan(200);
  });
});

describe("a flood of published replies", () => {
  it(`reads ${limits.repliesPerRead} replies of a comment at a time, and the rest page by page`, async () => {
    await createSite("reply-pages");
    const posted = async (fields: Record<string, unknown>) =>
      ((await (await postComment("reply-pages", { page: "/busy", ...fields })).json()) as PostedComment).comment;
    const top = await posted({ body: "A comment everyone answers" });
    await floodReplies(top.id, "Me too", () => "published");
    const answers = await env.DB.prepare("SELECT id FROM comments WHERE root_id = ? ORDER BY id")
      .bind(top.id)
      .all<{ id: number }>();
    const ids = answers.results.map((row) => row.id);
    const seventieth = ids[69] as number;
    const late = await posted({ body: "Answering the seventieth", parentId: seventieth });

    const { read, meter } = await readFirstPage("reply-pages", "/busy");
    const [first] = read.comments;
    expect(first?.replies.map((reply) => reply.id)).toEqual(ids.slice(0, limits.repliesPerRead));
    expect(first?.moreReplies).toBe(ids[limits.repliesPerRead]);
    expect(meter.roundTrips).toBe(1);
    expect(meter.rowsRead).toBeLessThan(1_000);

    const readOn = async (from: number) => {
      const response = await call(`/api/sites/reply-pages/replies?page=/busy&root=${top.id}&from=${from}`);
      expect(response.status).toBe(200);
      return (await response.json()) as MoreReplies;
    };
    const second = await readOn(first?.moreReplies as number);
    expect(second.comments.map((reply) => reply.id)).toEqual(ids.slice(50, 100));
    expect(second.comments[0]).toMatchObject({ parentId: top.id, status: "published", bodyHtml: "<p>Me too</p>" });
    expect(second.moreReplies).toBe(ids[100]);

    const last = await readOn(ids[2_960] as number);
    expect(last.moreReplies).toBeNull();
    expect(last.comments.map((reply) => reply.id)).toEqual([seventieth, ...ids.slice(2_960), late.id]);

    const elsewhere = await call(`/api/sites/reply-pages/replies?page=/elsewhere&root=${top.id}&from=1`);
    expect(elsewhere.status).toBe(404);
    const bad = await call("/api/sites/reply-pages/replies?page=/busy&root=first&from=1");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { fields: [{ field: "root" }] } });
  });
});
