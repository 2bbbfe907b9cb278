import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  chunkPages,
  chunkStatements,
  MAX_STATEMENT_BYTES,
  type PlannedPage,
  planImport,
  prepareComment,
} from "../../importers/plan";
import { emptySource, type ImportSource } from "../../importers/source";
import { sqlValue } from "../../importers/sql";
import { trainingExamples, trainingStatements } from "../../importers/training";
import type { PublicComment, ThreadPage } from "../../worker/api/schemas";
import { openDatabase } from "../../worker/db/client";
import { addKeysStatement, candidateQuery } from "../../worker/db/duplicate-index";
import { D1ClassifierState, modelChangeStatements } from "../../worker/db/spam-model";
import { MAX_COMMENTS_PER_KEY } from "../../worker/duplicates";
import { learnInBulk, modelKeysFor } from "../../worker/spam";
import disqusXml from "../fixtures/import/disqus.xml?raw";
import { checkAgainst } from "../support/duplicate-check";
import { readDisqus } from "../support/read-export";
import { createSite, getThread } from "../worker/helpers";

/** Runs statements as one transaction, as `wrangler d1 execute --file` does. */
async function run(statements: string[]): Promise<void> {
  const [first, ...rest] = statements.map((statement) => env.DB.prepare(statement));
  if (first) await env.DB.batch([first, ...rest]);
}

async function importPages(siteId: string, pages: PlannedPage[], batch = 1_000): Promise<void> {
  for (const chunk of chunkPages(pages, batch)) await run(chunkStatements(chunk, { siteId, now: Date.now() }));
}

const count = (sql: string) => env.DB.prepare(sql).first<number>("n");

function shape(comments: PublicComment[]): unknown[] {
  return comments.map((comment) => [comment.authorName || `(${comment.status})`, shape(comment.replies)]);
}

describe("chunkStatements", () => {
  it("writes pages that read back as threads: nested replies, statuses, counts, closed pages", async () => {
    await createSite("import-plan");
    const plan = planImport(readDisqus(disqusXml));
    await importPages("import-plan", plan.pages, 3);
    const page = (await (await getThread("import-plan", "/post/hello-world/")).json()) as ThreadPage;
    expect(page.thread).toMatchObject({ title: "Hello world", commentCount: 4, closed: false });
    expect(shape(page.comments)).toEqual([
      ["Ada", [["Grace", [["Linus", []]]]]],
      ["(removed)", [["Ada", []]]],
    ]);
    expect(JSON.stringify(page)).not.toContain("@example.com");
    const reply = page.comments[0]?.replies[0];
    expect(reply?.bodyHtml).toBe(
      '<p>A reply with a <a href="https://example.com/docs" rel="nofollow ugc noopener" target="_blank">useful link</a> and a bad one.</p><p>Second <em>paragraph</em><br>with a break.</p>',
    );
    expect(reply?.createdAt).toBe("2019-03-01T11:00:00.000Z");
    const closed = (await (await getThread("import-plan", "/post/closed")).json()) as ThreadPage;
    expect(closed.thread.closed).toBe(true);
    const cologne = (await (await getThread("import-plan", "/posts/grüße.html")).json()) as ThreadPage;
    expect(cologne.comments[0]?.bodyHtml).toBe("<p>Grüße aus Köln — 日本語のコメント 🎉</p>");
    const stored = await env.DB.prepare(
      "SELECT author_email, status, deleted_at, created_at FROM comments WHERE site_id = 'import-plan' AND idempotency_key = 'import:disqus:1004'",
    ).first();
    expect(stored).toMatchObject({
      author_email: "mallory@example.com",
      status: "deleted",
      created_at: Date.UTC(2019, 2, 3, 10),
    });
    expect(stored?.deleted_at).toBeGreaterThan(Date.now() - 60_000);
    const thread = await env.DB.prepare(
      "SELECT created_at FROM threads WHERE site_id = 'import-plan' AND path = '/post/hello-world'",
    ).first();
    expect(thread?.created_at).toBe(Date.UTC(2019, 2, 1, 9));
  });

  it("adds nothing when the same pages are written again", async () => {
    await createSite("import-again");
    const plan = planImport(readDisqus(disqusXml));
    await importPages("import-again", plan.pages);
    const totals = () =>
      env.DB.prepare(
        "SELECT (SELECT count(*) FROM comments WHERE site_id = 'import-again') AS comments, (SELECT count(*) FROM threads WHERE site_id = 'import-again') AS threads, (SELECT count(*) FROM duplicate_keys WHERE site_id = 'import-again') AS keys, (SELECT sum(comment_count) FROM threads WHERE site_id = 'import-again') AS published",
      ).first();
    const first = await totals();
    expect(first).toMatchObject({ comments: 10, threads: 3, published: 7 });
    await importPages("import-again", planImport(readDisqus(disqusXml)).pages);
    expect(await totals()).toEqual(first);
  });

  it("keeps every statement under D1's size limit, even for long non-ASCII comments", () => {
    const source: ImportSource = emptySource("disqus");
    source.threads.push({
      key: "t",
      path: "/long",
      title: null,
      url: null,
      closed: false,
      createdAt: 0,
      location: { element: "t" },
    });
    for (let index = 0; index < 40; index++) {
      source.comments.push({
        key: String(index),
        threadKey: "t",
        parentKey: null,
        idempotencyKey: `import:disqus:${index}`,
        authorName: "Ada",
        authorEmail: null,
        authorWebsite: null,
        body: `${"日本語のコメント 'quoted' ".repeat(450)} ${index}`,
        status: "published",
        createdAt: index,
        location: { element: String(index) },
      });
    }
    const statements = chunkStatements(planImport(source).pages, { siteId: "x", now: 0 });
    const sizes = statements.map((statement) => new TextEncoder().encode(statement).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_STATEMENT_BYTES);
  });

  it("writes strings that wrangler would otherwise rewrite or split", async () => {
    await createSite("import-strings");
    const bodies = ["BEGIN TRANSACTION; COMMIT;", "it's -- not a comment; /* nor this */", "a\u0000b"];
    const values = bodies.map((body) => `(${sqlValue(body)})`).join(", ");
    const row = await env.DB.prepare(`SELECT json_group_array(column1) AS texts FROM (VALUES ${values})`).first<{
      texts: string;
    }>();
    expect(JSON.parse(row?.texts ?? "[]")).toEqual([
      "BEGIN TRANSACTION; COMMIT;",
      "it's -- not a comment; /* nor this */",
      "ab",
    ]);
    expect(sqlValue(bodies[0] ?? "")).not.toContain("BEGIN TRANSACTION");
  });
});

describe("the duplicate index of imported comments", () => {
  const text =
    "I have been reading this blog for years and this is the first time I disagree with the conclusion about caching.";

  function copies(count: number, offset = 0): ImportSource {
    const source = emptySource("disqus");
    source.threads.push({
      key: "t",
      path: "/copies",
      title: null,
      url: null,
      closed: false,
      createdAt: 0,
      location: { element: "t" },
    });
    for (let index = offset; index < offset + count; index++) {
      source.comments.push({
        key: String(index),
        threadKey: "t",
        parentKey: null,
        idempotencyKey: `import:disqus:copy-${index}`,
        authorName: `Reader ${index}`,
        authorEmail: `reader${index}@example.com`,
        authorWebsite: null,
        body: text,
        status: "published",
        createdAt: 1_000 + index,
        location: { element: String(index) },
      });
    }
    return source;
  }

  it("holds the same rows as adding each comment with addKeysStatement, capped per key", async () => {
    await createSite("import-keys");
    await createSite("posted-keys");
    // Three copies first, then five more in one chunk: the cap must count both the stored rows and the chunk's own.
    await importPages("import-keys", planImport(copies(3)).pages);
    await importPages("import-keys", planImport(copies(5, 3)).pages);
    await importPages("posted-keys", planImport(copies(8)).pages);
    await env.DB.prepare("DELETE FROM duplicate_keys WHERE site_id = 'posted-keys'").run();
    const { db } = openDatabase(env.DB, "first-primary");
    for (const comment of planImport(copies(8)).pages[0]?.comments ?? []) {
      const id = await env.DB.prepare("SELECT id FROM comments WHERE site_id = 'posted-keys' AND idempotency_key = ?")
        .bind(comment.idempotencyKey)
        .first<number>("id");
      await addKeysStatement(db, "posted-keys", id ?? 0, prepareComment(comment).duplicateKeys);
    }
    const rows = (site: string) =>
      env.DB.prepare(
        "SELECT k.key, c.idempotency_key FROM duplicate_keys AS k JOIN comments AS c ON c.id = k.comment_id WHERE k.site_id = ? ORDER BY 1, 2",
      )
        .bind(site)
        .all();
    const imported = (await rows("import-keys")).results;
    expect(imported.length).toBeGreaterThan(0);
    expect(imported).toEqual((await rows("posted-keys")).results);
    expect(
      await count(
        "SELECT max(n) AS n FROM (SELECT count(*) AS n FROM duplicate_keys WHERE site_id = 'import-keys' GROUP BY key)",
      ),
    ).toBe(MAX_COMMENTS_PER_KEY);
    const normalized = await env.DB.prepare(
      "SELECT normalized_body FROM comments WHERE site_id = 'import-keys' LIMIT 1",
    ).first("normalized_body");
    expect(normalized).toBe(prepareComment(planImport(copies(1)).pages[0]?.comments[0] as never).normalized);
  });

  it("lets posting find an imported comment as the original of a copy", async () => {
    await createSite("import-found");
    await importPages("import-found", planImport(copies(1)).pages);
    const { db } = openDatabase(env.DB, "first-primary");
    const check = await checkAgainst((siteId, keys, limit) => candidateQuery(db, siteId, keys, limit), "import-found", {
      body: text.toUpperCase(),
      thread: 99,
      author: "someone-else@example.com",
      createdAt: Date.now(),
    });
    const original = await count("SELECT id AS n FROM comments WHERE site_id = 'import-found'");
    expect(check.match).toMatchObject({ kind: "exact", duplicateOf: original, scope: "copy" });
  });
});

describe("trainingStatements", () => {
  it("adds to the model what modelChangeStatements adds, and labels the taught comments", async () => {
    await createSite("train-import");
    await createSite("train-direct");
    const plan = planImport(readDisqus(disqusXml));
    await importPages("train-import", plan.pages);
    const examples = trainingExamples(plan.pages.flatMap((page) => page.comments));
    expect(examples.map((example) => example.decision.label).sort()).toEqual([...Array(7).fill("ham"), "spam"]);
    const keys = [...new Set(examples.flatMap((example) => modelKeysFor(example.decision.comment)))];
    const { db } = openDatabase(env.DB, "first-primary");
    const change = await learnInBulk(
      await new D1ClassifierState(db, "train-import").read(keys),
      examples.map((example) => example.decision),
    );
    await run(trainingStatements("train-import", change, examples));
    await db.batch(modelChangeStatements(db, "train-direct", change));
    const viaImport = await new D1ClassifierState(db, "train-import").read(keys);
    const direct = await new D1ClassifierState(db, "train-direct").read(keys);
    expect(viaImport).toEqual(direct);
    expect(viaImport).toMatchObject({ hamDocs: 7, spamDocs: 1 });
    expect(viaImport.weights.size).toBeGreaterThan(10);
    const labels = await env.DB.prepare(
      "SELECT trained_label, count(*) AS n FROM comments WHERE site_id = 'train-import' GROUP BY 1 ORDER BY 1",
    ).all();
    expect(labels.results).toEqual([
      { trained_label: null, n: 2 },
      { trained_label: "ham", n: 7 },
      { trained_label: "spam", n: 1 },
    ]);
  });
});
