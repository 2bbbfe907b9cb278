import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ErrorBody, PostedComment, PreviewBody } from "../../../worker/api/schemas";
import { call, createSite, postComment } from "../helpers";

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict little XML 1.0 reader, enough to check a feed: one root, properly nested and closed tags,
 * quoted attributes, only the five predefined and numeric entities, no stray `<` or `&`. Throws on any
 * well-formedness error.
 */
function parseXml(source: string): XmlElement {
  const decode = (text: string) => {
    if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) throw new Error(`bad entity in ${text}`);
    if (text.includes("<")) throw new Error("stray <");
    return text
      .replace(/&#x([0-9a-fA-F]+);/g, (_, hex) => String.fromCodePoint(Number.parseInt(hex, 16)))
      .replace(/&#(\d+);/g, (_, decimal) => String.fromCodePoint(Number(decimal)))
      .replace(
        /&(amp|lt|gt|quot|apos);/g,
        (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[name] ?? "",
      );
  };
  let rest = source.replace(/^<\?xml [^?]*\?>\s*/, "");
  const forbidden = [...rest].find((character) => {
    const code = character.codePointAt(0) ?? 0;
    return code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd;
  });
  if (forbidden !== undefined) throw new Error("a character XML forbids");
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (rest.length > 0) {
    const tag = /^<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(rest);
    if (rest.startsWith("<")) {
      if (!tag) throw new Error(`malformed tag at ${rest.slice(0, 40)}`);
      const [whole, closing, name = "", attributeText = "", selfClosing] = tag;
      rest = rest.slice(whole.length);
      if (closing) {
        const open = stack.pop();
        if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
        continue;
      }
      const attributes: Record<string, string> = {};
      for (const match of attributeText.matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        const key = match[1] ?? "";
        if (key in attributes) throw new Error(`duplicate attribute ${key}`);
        attributes[key] = decode(match[2] ?? match[3] ?? "");
      }
      const element: XmlElement = { name, attributes, children: [], text: "" };
      const parent = stack.at(-1);
      if (parent) parent.children.push(element);
      else if (root) throw new Error("a second root element");
      else root = element;
      if (!selfClosing) stack.push(element);
      continue;
    }
    const end = rest.indexOf("<");
    const text = end === -1 ? rest : rest.slice(0, end);
    rest = end === -1 ? "" : rest.slice(end);
    const parent = stack.at(-1);
    if (!parent) {
      if (text.trim()) throw new Error("text outside the root");
      continue;
    }
    parent.text += decode(text);
  }
  if (stack.length > 0 || !root) throw new Error("unclosed elements");
  return root;
}

const child = (element: XmlElement | undefined, name: string) => element?.children.find((each) => each.name === name);

/** Checks the elements RFC 4287 requires of a feed and of each entry, and returns the entries. */
function checkAtom(xml: string) {
  const feed = parseXml(xml);
  expect(feed.name).toBe("feed");
  expect(feed.attributes.xmlns).toBe("http://www.w3.org/2005/Atom");
  for (const name of ["id", "title", "updated"]) expect(child(feed, name)?.text, `feed ${name}`).toBeTruthy();
  expect(Number.isNaN(Date.parse(child(feed, "updated")?.text ?? ""))).toBe(false);
  const entries = feed.children.filter((each) => each.name === "entry");
  for (const entry of entries) {
    for (const name of ["id", "title", "updated", "content"]) expect(child(entry, name), `entry ${name}`).toBeDefined();
    expect(child(entry, "id")?.text).toMatch(/^https?:\/\/\S+#comment-\d+$/);
    expect(child(child(entry, "author"), "name")?.text).toBeTruthy();
  }
  return entries;
}

describe("the feed checker", () => {
  it("rejects documents that are not well-formed", () => {
    expect(() => parseXml("<feed><a></feed>")).toThrow();
    expect(() => parseXml("<feed>a & b</feed>")).toThrow();
    expect(() => parseXml("<feed>\u0001</feed>")).toThrow();
    expect(() => parseXml("<a/><b/>")).toThrow();
    expect(parseXml('<feed x="&lt;">&amp;</feed>')).toMatchObject({ attributes: { x: "<" }, text: "&" });
  });
});

describe("GET /api/sites/:site/feed.atom", () => {
  it("is valid Atom with the page's published comments, everything escaped, and no emails", async () => {
    await createSite("feed");
    const hostile = "<script>alert(1)</script> & \u0007 ]]> \"quoted\" 'single'";
    await postComment("feed", {
      authorName: hostile,
      body: `**bold** ${hostile}`,
      authorEmail: "hidden@private.example",
      pageTitle: "Hello & <welcome>",
      pageUrl: "https://blog.example/post/hello?a=1&b=2",
    });
    const held = (await (await postComment("feed", { body: "not yet" })).json()) as PostedComment;
    await env.DB.prepare("UPDATE comments SET status = 'pending' WHERE id = ?").bind(held.comment.id).run();
    await postComment("feed", { body: "on another page", page: "/post/other" });
    const response = await call("/api/sites/feed/feed.atom?page=/post/hello", { origin: null });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await response.text();
    expect(xml).not.toContain("hidden@private.example");
    const entries = checkAtom(xml);
    expect(entries).toHaveLength(1);
    const entry = entries[0];
    expect(child(entry, "author")?.children[0]?.text).toBe("<script>alert(1)</script> &  ]]> \"quoted\" 'single'");
    expect(child(entry, "content")?.attributes.type).toBe("html");
    expect(child(entry, "content")?.text).toContain("<strong>bold</strong> &lt;script&gt;");
    expect(child(entry, "title")?.text).toContain("Hello & <welcome>");
  });

  it("follows the whole site without a page", async () => {
    await createSite("feed-site");
    await postComment("feed-site", { body: "first page" });
    await postComment("feed-site", { body: "second page", page: "/post/two" });
    const response = await call("/api/sites/feed-site/feed.atom", { origin: null });
    expect(checkAtom(await response.text())).toHaveLength(2);
  });

  it("is valid for a site without comments", async () => {
    await createSite("feed-empty");
    const response = await call("/api/sites/feed-empty/feed.atom", { origin: null });
    expect(checkAtom(await response.text())).toHaveLength(0);
  });

  it("answers 404 for an unknown site or page, and 400 for a bad page", async () => {
    await createSite("feed-404");
    expect((await call("/api/sites/nope/feed.atom", { origin: null })).status).toBe(404);
    expect((await call("/api/sites/feed-404/feed.atom?page=/none", { origin: null })).status).toBe(404);
    const bad = await call(`/api/sites/feed-404/feed.atom?page=${"x".repeat(600)}`, { origin: null });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.fields?.[0]?.field).toBe("page");
  });
});

describe("POST /api/sites/:site/preview", () => {
  it("renders a draft as a posted comment would be, safely", async () => {
    await createSite("preview");
    const response = await call("/api/sites/preview/preview", { body: { body: "*hi* <img src=x onerror=alert(1)>" } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as PreviewBody).bodyHtml).toBe(
      "<p><em>hi</em> &lt;img src=x onerror=alert(1)&gt;</p>",
    );
  });

  it("names the field when the draft is empty or too long, and refuses other origins", async () => {
    await createSite("preview-bad");
    const empty = await call("/api/sites/preview-bad/preview", { body: { body: " " } });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as ErrorBody).error.fields?.[0]?.field).toBe("body");
    const long = await call("/api/sites/preview-bad/preview", { body: { body: "x".repeat(10_001) } });
    expect(long.status).toBe(400);
    const foreign = await call("/api/sites/preview-bad/preview", {
      body: { body: "hi" },
      origin: "https://evil.example",
    });
    expect(foreign.status).toBe(403);
    expect((await call("/api/sites/nope/preview", { body: { body: "hi" } })).status).toBe(404);
  });
});
