import { describe, expect, it } from "vitest";
import { RecordReader, type XmlElement, XmlSyntaxError, type XmlToken, XmlTokenizer } from "../../importers/xml";
import billionLaughs from "../fixtures/import/billion-laughs.xml?raw";
import externalEntity from "../fixtures/import/external-entity.xml?raw";

/** Tokens of a document fed in `chunks` pieces (or whole), with adjacent text pieces joined. */
function tokenize(xml: string, split?: (xml: string) => string[]): XmlToken[] {
  const tokens: XmlToken[] = [];
  const tokenizer = new XmlTokenizer((token) => {
    const last = tokens.at(-1);
    if (token.kind === "text" && last?.kind === "text" && last.cdata === token.cdata) last.text += token.text;
    else tokens.push(token.kind === "text" ? { ...token } : token);
  });
  for (const piece of split ? split(xml) : [xml]) tokenizer.write(piece);
  tokenizer.end();
  return tokens;
}

function syntaxError(xml: string): XmlSyntaxError {
  try {
    tokenize(xml);
  } catch (error) {
    if (error instanceof XmlSyntaxError) return error;
    throw error;
  }
  throw new Error("expected a syntax error");
}

const simplify = (tokens: XmlToken[]) =>
  tokens.map((token) =>
    token.kind === "open"
      ? `<${token.name}${[...token.attributes].map(([name, value]) => ` ${name}=${JSON.stringify(value)}`).join("")}>`
      : token.kind === "close"
        ? `</${token.name}>`
        : `${token.cdata ? "cdata" : "text"}:${token.text}`,
  );

const sample = `<?xml version="1.0" encoding="utf-8"?>
<!-- a comment before the root -->
<disqus xmlns:dsq="http://disqus.com/disqus-internals">
  <post dsq:id="1&#48;" kind='a &amp; b &lt;c&gt; &quot;q&quot; &apos;s&apos;'>
    <message><![CDATA[<p>Hello & <b>world</b> 🎉]]></message>
    <name>Zo&#xEB; &#x1F600; caf&#233; 日本語 🎉</name>
    <empty/>
  </post>
</disqus>`;

describe("XmlTokenizer", () => {
  it("reads elements, attributes, text, CDATA and character references", () => {
    const tokens = simplify(tokenize(sample)).filter((token) => !/^text:\s*$/.test(token));
    expect(tokens).toEqual([
      '<disqus xmlns:dsq="http://disqus.com/disqus-internals">',
      `<post dsq:id="10" kind="a & b <c> \\"q\\" 's'">`,
      "<message>",
      "cdata:<p>Hello & <b>world</b> 🎉",
      "</message>",
      "<name>",
      "text:Zoë 😀 café 日本語 🎉",
      "</name>",
      "<empty>",
      "</empty>",
      "</post>",
      "</disqus>",
    ]);
  });

  it("gives the same tokens whatever the chunks the input arrives in", () => {
    const whole = simplify(tokenize(sample));
    for (let size = 1; size <= 13; size++) {
      const chunks = (xml: string) =>
        Array.from({ length: Math.ceil(xml.length / size) }, (_, index) => xml.slice(index * size, (index + 1) * size));
      expect(simplify(tokenize(sample, chunks))).toEqual(whole);
    }
    for (let cut = 1; cut < sample.length; cut++) {
      expect(simplify(tokenize(sample, (xml) => [xml.slice(0, cut), xml.slice(cut)]))).toEqual(whole);
    }
  });

  it("joins CDATA split into several sections, including a literal ]]>", () => {
    const tokens = tokenize("<m><![CDATA[one ]]><![CDATA[two]]]]><![CDATA[>]]></m>");
    expect(
      tokens
        .filter((token) => token.kind === "text")
        .map((token) => (token.kind === "text" ? token.text : ""))
        .join(""),
    ).toBe("one two]]>");
  });

  it("reports the line and column of each token", () => {
    const tokens = tokenize("<a>\n  <b x='1'>text</b>\n</a>");
    const b = tokens.find((token) => token.kind === "open" && token.name === "b");
    expect(b).toMatchObject({ line: 2, column: 3 });
    expect(tokens.at(-1)).toMatchObject({ kind: "close", name: "a", line: 3, column: 1 });
  });

  it("refuses a DOCTYPE that declares entities (billion laughs) before expanding anything", () => {
    const error = syntaxError(billionLaughs);
    expect(error.line).toBe(2);
    expect(error.reason).toMatch(/declares entities/);
  });

  it("refuses external entities and external DTDs, and never resolves them", () => {
    expect(syntaxError(externalEntity).reason).toMatch(/declares entities/);
    expect(syntaxError('<!DOCTYPE rss SYSTEM "http://evil.example/x.dtd"><rss/>').reason).toMatch(/external DTD/);
    expect(syntaxError('<!DOCTYPE rss PUBLIC "-//x" "file:///etc/passwd"><rss/>').reason).toMatch(/external DTD/);
    expect(syntaxError("<!DOCTYPE rss [ <!ATTLIST rss a CDATA 'x'> ]><rss/>").reason).toMatch(/internal subset/);
    expect(tokenize("<!DOCTYPE rss><rss/>")).toHaveLength(2);
  });

  it("refuses undefined entities, with where they stand", () => {
    const error = syntaxError("<a>\n  caf&eacute; &nbsp;</a>");
    expect(error.reason).toMatch(/undefined entity &eacute;/);
    expect([error.line, error.column]).toEqual([2, 6]);
    expect(syntaxError('<a b="&foo;"/>').reason).toMatch(/undefined entity &foo;/);
    expect(syntaxError("<a>AT&T</a>").reason).toMatch(/starts no entity reference/);
    expect(syntaxError("<a>&#0;</a>").reason).toMatch(/not a character XML allows/);
    expect(syntaxError("<a>&#xD800;</a>").reason).toMatch(/not a character XML allows/);
  });

  it("reports malformed and truncated documents", () => {
    expect(syntaxError("<a><b></a>").reason).toMatch(/<\/a> does not match <b> opened at line 1/);
    expect(syntaxError("<a></a><b/>").reason).toMatch(/one root element/);
    expect(syntaxError("text<a/>").reason).toMatch(/text before the root element/);
    expect(syntaxError('<a x="1" x="2"/>').reason).toMatch(/appears twice/);
    expect(syntaxError("<a x=1/>").reason).toMatch(/malformed attribute/);
    expect(syntaxError("").reason).toMatch(/no root element/);
    const truncated = syntaxError("<disqus>\n  <post>\n    <message><![CDATA[cut off");
    expect(truncated.reason).toMatch(/CDATA section: it is truncated/);
    const cut = syntaxError("<disqus>\n  <post>\n    <message>half");
    expect(cut.reason).toMatch(/ends inside <message> \(opened at line 3\)/);
    expect(syntaxError("<disqus><post dsq:id=").reason).toMatch(/tag is not closed/);
    expect(syntaxError("<a>]]>\u0001</a>").reason).toBeTruthy();
  });
});

describe("RecordReader", () => {
  it("hands over each record element as a small tree, one at a time", () => {
    const records: XmlElement[] = [];
    const roots: string[] = [];
    const reader = new RecordReader({
      isRecord: (name, ancestors) => ancestors.length === 1 && name === "post",
      onRecord: (element) => records.push(element),
      onRoot: (name) => roots.push(name),
    });
    reader.write(sample);
    reader.end();
    expect(roots).toEqual(["disqus"]);
    expect(records).toHaveLength(1);
    const [post] = records;
    expect(post?.attributes.get("dsq:id")).toBe("10");
    expect(post?.children.map((element) => element.name)).toEqual(["message", "name", "empty"]);
    expect(post?.children[0]?.text).toBe("<p>Hello & <b>world</b> 🎉");
    expect(post?.line).toBe(4);
  });
});
