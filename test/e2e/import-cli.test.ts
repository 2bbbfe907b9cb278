/**
 * The import, export and person CLIs end to end: each runs as a child process with a blogger's
 * arguments (compiled once, `scripts/lib/compiled-cli.ts`), against the local D1 of a running
 * Worker, and what they did is read back through the HTTP API and SQL.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChorusExport } from "../../importers/chorus-format";
import { type CliName, runCli } from "../../scripts/lib/compiled-cli";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";
import type { PublicComment, ThreadPage } from "../../worker/api/schemas";

const fixtures = "test/fixtures/import";
let worker: LocalWorker;
let scratch: string;

beforeAll(async () => {
  worker = await startLocalWorker();
  scratch = mkdtempSync(join(tmpdir(), "chorus-import-test-"));
  // One statement for the many sites (the site CLI's own insert), to keep the suite fast.
  const sites = ["imported", "wp", "broken", "hostile", "refused", "trained", "round", "person"];
  await worker.sql([
    `INSERT INTO sites (id, name, allowed_origins) VALUES ${sites.map((site) => `('${site}', 'Site ${site}', '["${worker.blogOrigin}"]')`).join(", ")}`,
  ]);
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Runs a CLI script against the worker's database. */
function cli(script: CliName, ...args: string[]) {
  const result = runCli(script, [...args, "--persist-to", worker.stateDir]);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function rows<Row>(sql: string): Promise<Row[]> {
  return ((await worker.sql([sql]))[0]?.results ?? []) as Row[];
}

/** Whether a page shows no comments at all: an empty thread (the API's answer for a page never commented on). */
async function nothingOn(site: string, page: string): Promise<boolean> {
  const { status, body } = await thread(site, page);
  return status === 200 && body.comments.length === 0 && body.thread.commentCount === 0;
}

async function thread(site: string, page: string): Promise<{ status: number; body: ThreadPage }> {
  const url = `${worker.apiOrigin}/api/sites/${site}/thread?page=${encodeURIComponent(page)}&limit=50`;
  // wrangler dev restarts when the Worker's sources change under it; a dropped connection is retried.
  for (let attempt = 1; ; attempt++) {
    try {
      // Read as a reader who wrote on the page, from D1: the CLIs change D1 without telling the
      // public-read cache, whose copy anonymous readers get for up to its lifetime.
      const response = await fetch(url, { headers: { "X-Chorus-Reader": "import-cli-test-reader" } });
      return { status: response.status, body: (await response.json()) as ThreadPage };
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

/** A thread as readers see it, without ids: who wrote what, nested. */
function shape(comments: PublicComment[]): unknown[] {
  return comments.map((comment) => ({
    author: comment.authorName,
    website: comment.authorWebsite,
    html: comment.bodyHtml,
    status: comment.status,
    createdAt: comment.createdAt,
    replies: shape(comment.replies),
  }));
}

describe("npm run import -- --site SITE disqus FILE", () => {
  it("imports pages by address, nested replies, statuses, dates and private emails", async () => {
    const run = cli("import", "--site", "imported", "disqus", `${fixtures}/disqus.xml`);
    expect(run.stderr).not.toMatch(/problem/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("3 pages written (4 Disqus threads merged into 3 pages by address)");
    expect(run.stdout).toContain("10 new comments (7 published, 1 pending, 1 spam, 1 deleted)");
    const hello = await thread("imported", "/post/hello-world/");
    expect(hello.body.thread).toMatchObject({ title: "Hello world", commentCount: 4 });
    expect(
      hello.body.comments.map((comment) => [comment.authorName, comment.replies.map((reply) => reply.authorName)]),
    ).toEqual([
      ["Ada", ["Grace"]],
      ["", ["Ada"]],
    ]);
    expect(hello.body.comments[1]?.status).toBe("removed");
    expect(hello.body.comments[0]?.replies[0]?.replies[0]).toMatchObject({
      authorName: "Linus",
      createdAt: "2019-03-02T10:00:00.000Z",
    });
    expect(JSON.stringify(hello.body)).not.toMatch(/@example\.com|javascript:/);
    const cologne = await thread("imported", "/posts/grüße");
    expect(cologne.body.comments.map((comment) => comment.authorName)).toEqual(["Zoë Ünal"]);
    expect((await thread("imported", "/post/closed")).body.thread.closed).toBe(true);
    expect(await nothingOn("imported", "/post/nobody-commented")).toBe(true);
    const [stored] = await rows<{ emails: number; keys: number; spam: number }>(
      "SELECT (SELECT count(*) FROM comments WHERE site_id = 'imported' AND author_email IS NOT NULL) AS emails, (SELECT count(DISTINCT comment_id) FROM duplicate_keys WHERE site_id = 'imported') AS keys, (SELECT count(*) FROM comments WHERE site_id = 'imported' AND status = 'spam') AS spam",
    );
    expect(stored).toEqual({ emails: 8, keys: 2, spam: 1 });
  });

  it("adds nothing when the same file is imported again", async () => {
    const before = await rows<{ n: number }>("SELECT count(*) AS n FROM comments WHERE site_id = 'imported'");
    const run = cli("import", "--site", "imported", "disqus", `${fixtures}/disqus.xml`);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("0 new comments");
    expect(run.stdout).toContain("10 already imported");
    expect(await rows("SELECT count(*) AS n FROM comments WHERE site_id = 'imported'")).toEqual(before);
  });

  it("imports a gzipped WordPress export", async () => {
    const file = join(scratch, "wordpress.xml.gz");
    writeFileSync(file, gzipSync(readFileSync(`${fixtures}/wordpress.xml`)));
    const run = cli("import", "--site", "wp", "wordpress", file);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain("left out");
    const hello = await thread("wp", "https://wp.example/2020/01/hello-world/");
    expect(hello.body.comments.map((comment) => comment.authorName)).toEqual(["A WordPress Commenter", "Another Blog"]);
    const pingback = hello.body.comments[1];
    expect(pingback?.bodyHtml).toContain(
      '<a href="https://other.example/linking-post/" rel="nofollow ugc noopener" target="_blank">other.example</a>',
    );
    expect(pingback?.replies.map((reply) => reply.authorName)).toEqual(["Linus"]);
    const first = hello.body.comments[0];
    expect(first?.authorWebsite).toBe("https://wordpress.org/");
    expect(first?.bodyHtml).toContain("<p>Hi, this is a comment.<br>To get started");
    expect(first?.replies[0]?.replies[0]?.authorName).toBe("Grace");
    expect((await thread("wp", "/privet")).body.thread).toMatchObject({ title: "Привет, мир", closed: true });
  });

  it("reports each broken record with its line, imports the whole pages only, and exits 1", async () => {
    const run = cli("import", "--site", "broken", "disqus", `${fixtures}/disqus-broken.xml`);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${fixtures}/disqus-broken.xml:27: <post dsq:id="2003">: its parent 9999 is not in the file; page /post/broken (2 comments) not imported`,
    );
    expect(run.stderr).toContain(
      `${fixtures}/disqus-broken.xml:34: <post dsq:id="2004">: its thread 999 is not in the file`,
    );
    expect(run.stderr).toContain(
      `${fixtures}/disqus-broken.xml:40: <post dsq:id="2005">: <createdAt> is missing or not a date`,
    );
    expect(run.stdout).toMatch(/skipped: +4 comments not imported/);
    expect((await thread("broken", "/post/good")).body.comments).toHaveLength(1);
    expect(await nothingOn("broken", "/post/broken")).toBe(true);
    expect(await nothingOn("broken", "/post/bad-date")).toBe(true);
  });

  it("refuses hostile, malformed and mis-encoded files, importing nothing", async () => {
    const truncated = join(scratch, "truncated.xml");
    const whole = readFileSync(`${fixtures}/disqus.xml`, "utf8");
    writeFileSync(truncated, whole.slice(0, Math.floor(whole.length * 0.7)));
    const latin1 = join(scratch, "latin1.xml");
    writeFileSync(latin1, Buffer.from(whole.replace("Grüße aus Köln", "Gr\u00fc\u00dfe"), "latin1"));
    const cases: [string[], RegExp][] = [
      [["disqus", `${fixtures}/billion-laughs.xml`], /billion-laughs\.xml:13:3: the DOCTYPE declares entities/],
      [["wordpress", `${fixtures}/external-entity.xml`], /external-entity\.xml:2:61: the DOCTYPE declares entities/],
      [["disqus", truncated], /truncated\.xml:\d+:\d+: unclosed tag: \w+/],
      [["disqus", latin1], /latin1\.xml:\d+:1: the file is not valid UTF-8 \(byte 0x/],
      [["disqus", `${fixtures}/wordpress.xml`], /not a Disqus export: the root element is <rss>/],
      [["chorus", `${fixtures}/disqus.xml`], /not valid JSON/],
    ];
    for (const [args, message] of cases) {
      const run = cli("import", "--site", "hostile", ...args);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toContain("Nothing was imported.");
    }
    const unknown = cli("import", "--site", "hostile", "blogger", `${fixtures}/disqus.xml`);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/format: the format must be disqus, wordpress or chorus \(got "blogger"\)/);
    expect(cli("import", "--site", "no-such-site", "disqus", `${fixtures}/disqus.xml`).status).toBe(2);
    expect(await rows("SELECT count(*) AS n FROM comments WHERE site_id = 'hostile'")).toEqual([{ n: 0 }]);
  });

  it("leaves out whole a page the database refuses, and writes the others", async () => {
    const post = (id: number, thread: number, body: string) =>
      `<post dsq:id="${id}"><message><![CDATA[<p>${body}</p>]]></message><createdAt>2022-01-01T00:00:0${id % 10}Z</createdAt><author><name>Ada</name></author><thread dsq:id="${thread}"/></post>`;
    const file = join(scratch, "refused.xml");
    writeFileSync(
      file,
      `<disqus xmlns:dsq="x">${[1, 2, 3].map((page) => `<thread dsq:id="${page}"><link>https://blog.example/p/${page}/</link></thread>`).join("")}
      ${post(11, 1, "fine")}${post(12, 2, "fine too")}${post(13, 2, "explode")}${post(14, 3, "also fine")}</disqus>`,
    );
    await worker.sql([
      "CREATE TRIGGER refuse_explosive BEFORE INSERT ON comments WHEN NEW.body LIKE '%explode%' BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END",
    ]);
    try {
      const run = cli("import", "--site", "refused", "disqus", file, "--batch", "100");
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/page \/p\/2 was not written: .*refused by the test trigger/);
    } finally {
      await worker.sql(["DROP TRIGGER refuse_explosive"]);
    }
    expect(await rows("SELECT path FROM threads WHERE site_id = 'refused' ORDER BY path")).toEqual([
      { path: "/p/1" },
      { path: "/p/3" },
    ]);
    expect(await rows("SELECT body FROM comments WHERE site_id = 'refused' ORDER BY body")).toEqual([
      { body: "also fine" },
      { body: "fine" },
    ]);
  });

  it("teaches the site's classifier with --train, once", async () => {
    const run = cli("import", "--site", "trained", "wordpress", `${fixtures}/wordpress.xml`, "--train");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("classifier: taught 6 ham comments and 1 spam comment");
    const model = () =>
      rows<{ ham_docs: number; spam_docs: number; features: number }>(
        "SELECT ham_docs, spam_docs, (SELECT count(*) FROM spam_features WHERE site_id = 'trained') AS features FROM spam_models WHERE site_id = 'trained'",
      );
    const [first] = await model();
    expect(first).toMatchObject({ ham_docs: 6, spam_docs: 1 });
    expect(first?.features).toBeGreaterThan(20);
    expect(
      await rows("SELECT trained_label, count(*) AS n FROM comments WHERE site_id = 'trained' GROUP BY 1 ORDER BY 1"),
    ).toEqual([
      { trained_label: null, n: 2 },
      { trained_label: "ham", n: 6 },
      { trained_label: "spam", n: 1 },
    ]);
    expect(cli("import", "--site", "trained", "wordpress", `${fixtures}/wordpress.xml`, "--train").status).toBe(0);
    expect(await model()).toEqual([first]);
  });
});

describe("export, wipe and import again", () => {
  it("gives the same threads", async () => {
    expect(cli("import", "--site", "round", "disqus", `${fixtures}/disqus.xml`).status).toBe(0);
    expect(cli("import", "--site", "round", "wordpress", `${fixtures}/wordpress.xml`).status).toBe(0);
    worker.site("close", "round", "/post/empty-but-closed/");
    const pages = (await rows<{ path: string }>("SELECT path FROM threads WHERE site_id = 'round' ORDER BY path")).map(
      (row) => row.path,
    );
    expect(pages).toHaveLength(6);
    const read = async () =>
      Promise.all(
        pages.map(async (page) => {
          const { body } = await thread("round", page);
          return { page, thread: body.thread, comments: shape(body.comments) };
        }),
      );
    const before = await read();
    const file = join(scratch, "round.json");
    const exported = cli("export", "--site", "round", "--out", file);
    expect(exported.status).toBe(0);
    const document = JSON.parse(readFileSync(file, "utf8")) as ChorusExport;
    expect(document).toMatchObject({ format: "chorus-export", version: 1, site: { id: "round", name: "Site round" } });
    expect(document.threads.flatMap((entry) => entry.comments)).toHaveLength(19);
    expect(document.threads.flatMap((entry) => entry.comments).filter((comment) => comment.mentionSource)).toEqual([
      expect.objectContaining({ authorName: "Another Blog", mentionSource: "https://other.example/linking-post/" }),
    ]);

    await worker.sql(["DELETE FROM comments WHERE site_id = 'round'", "DELETE FROM threads WHERE site_id = 'round'"]);
    expect(await nothingOn("round", "/post/hello-world")).toBe(true);

    const imported = cli("import", "--site", "round", "chorus", file);
    expect(imported.stderr).not.toMatch(/problem/);
    expect(imported.status).toBe(0);
    expect(await read()).toEqual(before);
    const again = join(scratch, "round-again.json");
    expect(cli("export", "--site", "round", "--out", again).status).toBe(0);
    // Ids are the database's own; threads come out in the order they were created.
    const withoutIds = (value: ChorusExport) =>
      value.threads
        .map((entry) => ({
          ...entry,
          comments: entry.comments.map(({ id: _id, parentId: _parentId, ...comment }) => comment),
        }))
        .sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(withoutIds(JSON.parse(readFileSync(again, "utf8")))).toEqual(withoutIds(document));
    expect(cli("import", "--site", "round", "chorus", file).stdout).toContain("0 new comments");
  });
});

describe("npm run person", () => {
  it("exports a person's comments, and erases them keeping the replies", async () => {
    expect(cli("import", "--site", "person", "disqus", `${fixtures}/disqus.xml`).status).toBe(0);
    const exported = cli("person", "export", "--site", "person", "--email", "ADA@example.com");
    expect(exported.status).toBe(0);
    const document = JSON.parse(exported.stdout) as { email: string; comments: { body: string; page: string }[] };
    expect(document.email).toBe("ada@example.com");
    expect(document.comments.map((comment) => comment.page).sort()).toEqual([
      "/post/closed",
      "/post/hello-world",
      "/post/hello-world",
    ]);

    const unconfirmed = cli("person", "erase", "--site", "person", "--email", "ada@example.com");
    expect(unconfirmed.status).toBe(2);
    expect(unconfirmed.stderr).toContain("This erases 3 comments");
    const erased = cli("person", "erase", "--site", "person", "--email", "ada@example.com", "--yes");
    expect(erased.status).toBe(0);
    expect(erased.stdout).toContain("erased 3 comments by ada@example.com");
    const hello = await thread("person", "/post/hello-world");
    expect(hello.body.comments[0]).toMatchObject({ authorName: "deleted", bodyHtml: "<p>deleted</p>" });
    expect(hello.body.comments[0]?.replies[0]?.authorName).toBe("Grace");
    expect(
      await rows(
        "SELECT count(*) AS n FROM comments WHERE site_id = 'person' AND (author_email = 'ada@example.com' OR author_name = 'Ada')",
      ),
    ).toEqual([{ n: 0 }]);
    expect(await rows("SELECT action FROM audit_log WHERE site_id = 'person' ORDER BY id")).toEqual([
      { action: "person_export" },
      { action: "person_erase" },
    ]);
    const bad = cli("person", "erase", "--site", "person", "--email", "not-an-email");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--email: --email must be an email address");
  });
});
