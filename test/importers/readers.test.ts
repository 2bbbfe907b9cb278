import { describe, expect, it } from "vitest";
import { ChorusFormatError, readChorusExport } from "../../importers/chorus-format";
import { decodeXmlBytes } from "../../importers/encoding";
import { planImport } from "../../importers/plan";
import type { ImportSource } from "../../importers/source";
import { parseDate } from "../../importers/source";
import { XmlSyntaxError } from "../../importers/xml";
import disqusXml from "../fixtures/import/disqus.xml?raw";
import disqusBroken from "../fixtures/import/disqus-broken.xml?raw";
import wordpressXml from "../fixtures/import/wordpress.xml?raw";
import { readDisqus, readWordPress } from "../support/read-export";

const byKey = (source: ImportSource) => new Map(source.comments.map((comment) => [comment.key, comment]));

function thrown(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("readDisqus", () => {
  const source = readDisqus(disqusXml);
  const comments = byKey(source);

  it("reads threads by their link and posts with parents, authors, dates and statuses", () => {
    expect(source.problems).toEqual([]);
    expect(source.threads.map((thread) => thread.path)).toEqual([
      "/post/hello-world",
      "/post/hello-world",
      "/posts/gr%C3%BC%C3%9Fe",
      "/post/nobody-commented",
      "/post/closed",
    ]);
    expect(source.threads.find((thread) => thread.key === "105")?.closed).toBe(true);
    expect(comments.get("1001")).toMatchObject({
      threadKey: "101",
      parentKey: null,
      idempotencyKey: "import:disqus:1001",
      authorName: "Ada",
      authorEmail: "ada@example.com",
      body: "Hello **world**! First comment.",
      status: "published",
      createdAt: Date.UTC(2019, 2, 1, 10),
      location: { line: 49, element: '<post dsq:id="1001">' },
    });
    expect(comments.get("1002")?.parentKey).toBe("1001");
    expect(comments.get("1004")?.status).toBe("deleted");
    expect(comments.get("1006")?.status).toBe("spam");
    expect(comments.get("1009")?.status).toBe("pending");
  });

  it("converts messages safely and keeps non-ASCII text, whether in CDATA or escaped", () => {
    expect(comments.get("1002")?.body).toBe(
      "A reply with a [useful link](https://example.com/docs) and a bad one.\n\nSecond *paragraph*\nwith a break.",
    );
    expect(comments.get("1003")?.body).toBe("> First comment.\n\nQuoting, and `<script>alert(1)</script>` stays text:");
    expect(comments.get("1007")).toMatchObject({
      authorName: "Zoë Ünal",
      body: "Grüße aus Köln — 日本語のコメント 🎉",
    });
    expect(comments.get("1008")?.body).toBe("Split across sections: part one, part two]]>");
  });

  it("says which format a file is when it is not a Disqus export", () => {
    const error = thrown(() => readDisqus(wordpressXml));
    expect(error).toBeInstanceOf(XmlSyntaxError);
    expect((error as XmlSyntaxError).reason).toMatch(/not a Disqus export: the root element is <rss>.*wordpress/);
  });

  it("reports records it cannot read with their line, and the plan leaves their pages out whole", () => {
    const broken = readDisqus(disqusBroken);
    const plan = planImport(broken);
    expect(plan.pages.map((page) => page.path)).toEqual(["/post/good"]);
    const problems = plan.problems.map(
      (problem) => `${problem.location.line} ${problem.location.element}: ${problem.message}`,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        '40 <post dsq:id="2005">: <createdAt> is missing or not a date: "yesterday"',
        '34 <post dsq:id="2004">: its thread 999 is not in the file',
        '27 <post dsq:id="2003">: its parent 9999 is not in the file; page /post/broken (2 comments) not imported',
      ]),
    );
    expect(plan.skipped).toEqual({
      pages: 2,
      comments: 4,
      reasons: {
        "comments pointing at a thread not in the file": 1,
        "pages with a broken comment": 1,
        "pages with an unreadable record": 1,
      },
    });
  });
});

describe("readWordPress", () => {
  const source = readWordPress(wordpressXml);
  const comments = byKey(source);

  it("reads items as pages and wp:comment elements with their approval state", () => {
    expect(source.problems).toEqual([]);
    expect(source.threads.map((thread) => [thread.path, thread.title, thread.closed])).toEqual([
      ["/2020/01/hello-world", "Hello world!", false],
      ["/privet", "Привет, мир", true],
    ]);
    expect([...comments.values()].map((comment) => [comment.key, comment.status])).toEqual([
      ["1", "published"],
      ["2", "published"],
      ["3", "published"],
      ["4", "pending"],
      ["5", "spam"],
      ["6", "deleted"],
      ["7", "published"],
      ["8", "published"],
      ["9", "published"],
    ]);
    expect(comments.get("1")).toMatchObject({
      authorName: "A WordPress Commenter",
      authorEmail: "wapuu@wordpress.example",
      authorWebsite: "https://wordpress.org/",
      createdAt: Date.UTC(2020, 0, 1, 11),
      body: "Hi, this is a comment.\nTo get started with moderating, visit the Comments screen.\n\nA new paragraph with **bold** and [a link](https://wordpress.org/support/).",
    });
    expect(comments.get("2")).toMatchObject({ parentKey: "1", authorWebsite: null });
    expect(comments.get("3")?.parentKey).toBe("2");
    expect(comments.get("9")).toMatchObject({ authorName: "Дмитрий", body: "Отличная статья! 👍 & <b> stays text" });
  });

  it("imports a blog with plain permalinks (/?p=1) into a page per post, each with its own title", () => {
    const plain = wordpressXml
      .replace("https://wp.example/2020/01/hello-world/", "https://wp.example/?p=1&amp;utm_source=feed")
      .replace("https://wp.example/privet/", "https://wp.example/?p=2");
    expect(planImport(readWordPress(plain)).pages.map((page) => [page.path, page.title])).toEqual([
      ["/?p=1", "Hello world!"],
      ["/?p=2", "Привет, мир"],
    ]);
    expect(planImport(readWordPress(plain, [])).pages.map((page) => page.path)).toEqual(["/"]);
  });

  it("imports a pingback as a reply from elsewhere, linked to its page, with the replies to it", () => {
    expect(comments.get("7")).toMatchObject({
      authorName: "Another Blog",
      authorWebsite: "https://other.example",
      mentionSource: "https://other.example/linking-post/",
      body: "[…] as seen on A WordPress Blog […]\n\n*Linked from [other.example](https://other.example/linking-post/)*",
      status: "published",
    });
    expect(comments.get("8")?.parentKey).toBe("7");
    expect(source.leftOut).toEqual({});
  });

  it("leaves out a pingback without a source address and moves its replies up", () => {
    const anonymous = readWordPress(
      wordpressXml.replace("<wp:comment_author_url>https://other.example/linking-post/</wp:comment_author_url>", ""),
    );
    const kept = new Map(anonymous.comments.map((comment) => [comment.key, comment]));
    expect(kept.has("7")).toBe(false);
    expect(kept.get("8")?.parentKey).toBeNull();
    expect(anonymous.leftOut).toEqual({ "pingbacks and trackbacks without a source address": 1 });
  });

  it("reports an unknown approval state as a problem of its page", () => {
    const odd = wordpressXml.replace("<![CDATA[spam]]>", "<![CDATA[maybe]]>");
    const plan = planImport(readWordPress(odd));
    expect(plan.pages.map((page) => page.path)).toEqual(["/privet"]);
    expect(plan.problems[0]?.message).toMatch(/wp:comment_approved "maybe"/);
  });
});

describe("planImport", () => {
  it("merges threads whose addresses normalise to one page, and orders parents first", () => {
    const plan = planImport(readDisqus(disqusXml));
    const page = plan.pages.find((candidate) => candidate.path === "/post/hello-world");
    expect(page?.threadKeys).toEqual(["101", "102"]);
    expect(page?.comments.map((comment) => [comment.key, comment.depth, comment.rootKey])).toEqual([
      ["1001", 0, null],
      ["1004", 0, null],
      ["1006", 0, null],
      ["1002", 1, "1001"],
      ["1005", 1, "1004"],
      ["1003", 2, "1001"],
    ]);
    expect(plan.leftOut).toEqual({ "threads without comments": 1 });
  });

  it("refuses a page whose parents form a loop", () => {
    const looped = disqusXml
      .replace('<post dsq:id="1001">', '<post dsq:id="1001"><parent dsq:id="1003" />')
      .replace('<thread dsq:id="102" />\n    <parent', '<thread dsq:id="101" />\n    <parent');
    const plan = planImport(readDisqus(looped));
    expect(plan.pages.map((page) => page.path)).not.toContain("/post/hello-world");
    expect(plan.problems.some((problem) => /loop/.test(problem.message))).toBe(true);
  });
});

describe("readChorusExport", () => {
  const comment = (id: number, parentId: number | null, extra: Record<string, unknown> = {}) => ({
    id,
    parentId,
    authorName: "Ada",
    body: `Comment ${id}`,
    status: "published",
    createdAt: "2024-01-01T00:00:00.000Z",
    ...extra,
  });

  it("reads threads and comments and reports invalid ones by their JSON path", () => {
    const source = readChorusExport(
      JSON.stringify({
        format: "chorus-export",
        version: 1,
        threads: [
          { path: "/a/", comments: [comment(1, null), comment(2, 1, { idempotencyKey: "kept-key-0001" })] },
          { path: "/b", comments: [comment(3, null, { status: "shown" })] },
          { path: "/c", closed: true, comments: [] },
        ],
      }),
    );
    expect(source.threads.map((thread) => thread.path)).toEqual(["/a", "/b", "/c"]);
    expect(source.comments.map((entry) => entry.idempotencyKey)).toEqual(["import:chorus:1", "kept-key-0001"]);
    expect(source.problems[0]).toMatchObject({
      location: { element: "threads[1].comments[0]" },
      threadKey: "threads[1]",
    });
    expect(source.problems[0]?.message).toMatch(/^threads\[1\]\.comments\[0\]\.status: must be one of/);
    const plan = planImport(source);
    expect(plan.pages.map((page) => [page.path, page.comments.length, page.closed]).sort()).toEqual([
      ["/a", 2, false],
      ["/c", 0, true],
    ]);
  });

  it("refuses what is not a version-1 Chorus export", () => {
    expect(thrown(() => readChorusExport('{"format": "chorus-export", "version": 1, "threads": [}'))).toBeInstanceOf(
      ChorusFormatError,
    );
    const truncated = thrown(() =>
      readChorusExport('{\n  "format": "chorus-export",\n  "threads": ['),
    ) as ChorusFormatError;
    expect(truncated.reason).toMatch(/not valid JSON/);
    expect(truncated.line).toBe(3);
    expect(thrown(() => readChorusExport('{"format": "disqus"}')).message).toMatch(/not a Chorus export/);
    expect(thrown(() => readChorusExport('{"format": "chorus-export", "version": 2, "threads": []}')).message).toMatch(
      /version 2; this importer reads version 1/,
    );
  });
});

describe("decodeXmlBytes", () => {
  const encode = (text: string) => new TextEncoder().encode(text);

  it("reads UTF-8 and a Latin-1 file that says so", () => {
    expect(decodeXmlBytes(encode('<?xml version="1.0" encoding="UTF-8"?><a>Grüße</a>'))).toContain("Grüße");
    const latin1 = Uint8Array.from([
      ...encode('<?xml version="1.0" encoding="ISO-8859-1"?><a>Gr'),
      0xfc,
      0xdf,
      ...encode("e</a>"),
    ]);
    expect(decodeXmlBytes(latin1)).toContain("Grüße");
  });

  it("refuses bytes that are not in the declared encoding, naming the line", () => {
    const wrong = Uint8Array.from([
      ...encode('<?xml version="1.0" encoding="utf-8"?>\n<a>\nGr'),
      0xfc,
      0xdf,
      ...encode("e</a>"),
    ]);
    const error = thrown(() => decodeXmlBytes(wrong)) as XmlSyntaxError;
    expect(error.line).toBe(3);
    expect(error.reason).toMatch(/not valid UTF-8 \(byte 0xFC/);
    expect(thrown(() => decodeXmlBytes(encode('<?xml version="1.0" encoding="Shift_JIS"?><a/>'))).message).toMatch(
      /declares the encoding Shift_JIS/,
    );
  });
});

describe("parseDate", () => {
  it("reads the date forms exports use, as UTC when they name no zone", () => {
    expect(parseDate("2012-12-12T12:12:12Z")).toBe(Date.UTC(2012, 11, 12, 12, 12, 12));
    expect(parseDate("2012-12-12T12:12:12")).toBe(Date.UTC(2012, 11, 12, 12, 12, 12));
    expect(parseDate("2020-01-01 10:00:00")).toBe(Date.UTC(2020, 0, 1, 10));
    expect(parseDate("2020-01-01T10:00:00.5+02:00")).toBe(Date.UTC(2020, 0, 1, 8, 0, 0, 500));
    expect(parseDate("0000-00-00 00:00:00")).toBeNull();
    expect(parseDate("yesterday")).toBeNull();
  });
});
