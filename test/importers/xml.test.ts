import { describe, expect, it } from "vitest";
import { RecordReader, type XmlElement, XmlSyntaxError } from "../../importers/xml";
import billionLaughs from "../fixtures/import/billion-laughs.xml?raw";
import externalEntity from "../fixtures/import/external-entity.xml?raw";

/** The records (the root's children) of a document fed in the pieces `split` makes (or whole). */
function records(xml: string, split?: (xml: string) => string[]): XmlElement[] {
  const found: XmlElement[] = [];
  const reader = new RecordReader({
    isRecord: (_name, ancestors) => ancestors.length === 1,
    onRecord: (element) => found.push(element),
  });
  for (const piece of split ? split(xml) : [xml]) reader.write(piece);
  reader.end();
  return found;
}

function syntaxError(xml: string): XmlSyntaxError {
  try {
    records(xml);
  } catch (error) {
    if (error instanceof XmlSyntaxError) return error;
    throw error;
  }
  throw new Error("expected a syntax error");
}

/** A record as plain data: name, attributes, text and children, without positions. */
const shape = (element: XmlElement): unknown => ({
  name: element.name,
  attributes: Object.fromEntries(element.attributes),
  text: element.text,
  children: element.children.map(shape),
});

const sample = `<?xml version="1.0" encoding="utf-8"?>
<!-- a comment before the root -->
<disqus xmlns:dsq="http://disqus.com/disqus-internals">
  <post dsq:id="1&#48;" kind='a &amp; b &lt;c&gt; &quot;q&quot; &apos;s&apos;'>
    <message><![CDATA[<p>Hello & <b>world</b> 🎉]]></message>
    <name>Zo&#xEB; &#x1F600; caf&#233; 日本語 🎉</name>
    <empty/>
  </post>
</disqus>`;

describe("RecordReader", () => {
  it("hands over each record element as a small tree, one at a time, with where it starts", () => {
    const roots: string[] = [];
    const found: XmlElement[] = [];
    const reader = new RecordReader({
      isRecord: (name, ancestors) => ancestors.length === 1 && name === "post",
      onRecord: (element) => found.push(element),
      onRoot: (name) => roots.push(name),
    });
    reader.write(sample);
    reader.end();
    expect(roots).toEqual(["disqus"]);
    expect(found).toHaveLength(1);
    const [post] = found;
    expect(post?.attributes.get("dsq:id")).toBe("10");
    expect(post?.attributes.get("kind")).toBe(`a & b <c> "q" 's'`);
    expect(post?.children.map((element) => element.name)).toEqual(["message", "name", "empty"]);
    expect(post?.children[0]?.text).toBe("<p>Hello & <b>world</b> 🎉");
    expect(post?.children[1]?.text).toBe("Zoë 😀 café 日本語 🎉");
    expect(post?.line).toBe(4);
  });

  it("gives the same records whatever the chunks the input arrives in", () => {
    const whole = records(sample).map(shape);
    const characters = (xml: string) => [...xml];
    const sevens = (xml: string) => xml.match(/[\s\S]{1,7}/g) ?? [];
    expect(records(sample, characters).map(shape)).toEqual(whole);
    expect(records(sample, sevens).map(shape)).toEqual(whole);
  });

  it("refuses a DOCTYPE that declares entities (billion laughs) before expanding anything", () => {
    const found: XmlElement[] = [];
    const reader = new RecordReader({ isRecord: () => true, onRecord: (element) => found.push(element) });
    expect(() => reader.write(billionLaughs)).toThrow(/declares entities/);
    expect(found).toEqual([]);
  });

  it("refuses external entities and external DTDs, and never resolves them", () => {
    expect(syntaxError(externalEntity).reason).toMatch(/declares entities/);
    expect(syntaxError('<!DOCTYPE rss SYSTEM "http://evil.example/x.dtd"><rss/>').reason).toMatch(/external DTD/);
    expect(syntaxError('<!DOCTYPE rss PUBLIC "-//x" "file:///etc/passwd"><rss/>').reason).toMatch(/external DTD/);
    expect(syntaxError("<!DOCTYPE rss [ <!ATTLIST rss a CDATA 'x'> ]><rss/>").reason).toMatch(/internal subset/);
    expect(records("<!DOCTYPE rss><rss><item/></rss>")).toHaveLength(1);
  });

  it("refuses undefined entities and references to characters XML does not allow, with where they stand", () => {
    const error = syntaxError("<a>\n  caf&eacute; &nbsp;</a>");
    expect(error.reason).toMatch(/undefined entity/);
    expect(error.line).toBe(2);
    expect(syntaxError('<a b="&foo;"/>').reason).toMatch(/undefined entity/);
    expect(syntaxError("<a>&#0;</a>").reason).toMatch(/character entity/);
    expect(syntaxError("<a>&#xD800;</a>").reason).toMatch(/character entity/);
    expect(() => records("<a>AT&T</a>")).toThrow(XmlSyntaxError);
  });

  it("reports malformed and truncated documents", () => {
    expect(syntaxError("<a><b></a>").reason).toMatch(/close tag/);
    expect(syntaxError("<a></a><b/>").reason).toMatch(/one root/);
    expect(syntaxError("text<a/>").reason).toMatch(/outside of root/);
    expect(syntaxError('<a x="1" x="2"/>').reason).toMatch(/duplicate attribute/);
    expect(syntaxError("<a x=1/>").reason).toMatch(/unquoted attribute/);
    expect(syntaxError("").reason).toMatch(/root element/);
    const truncated = syntaxError("<disqus>\n  <post>\n    <message><![CDATA[cut off");
    expect([truncated.reason, truncated.line]).toEqual(["unclosed tag: message", 3]);
    expect(syntaxError("<disqus>\n  <post>\n    <message>half").reason).toMatch(/unclosed tag: message/);
    expect(syntaxError("<disqus><post dsq:id=").reason).toMatch(/unclosed tag/);
    expect(() => records("<a>]]>\u0001</a>")).toThrow(XmlSyntaxError);
  });

  it("refuses elements nested deeper than any export does", () => {
    const deep = `${"<a>".repeat(600)}${"</a>".repeat(600)}`;
    expect(syntaxError(deep).reason).toMatch(/nested deeper than 512/);
  });
});
