import { describe, expect, it } from "vitest";
import { htmlToMarkdown, linkTarget } from "../../importers/html-to-markdown";
import { renderMarkdown } from "../../worker/render/markdown";

const allowedTags = new Set(["p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"]);

/** Converts and renders, as the importer does. */
const html = (source: string, newlinesAreBreaks = false) =>
  renderMarkdown(htmlToMarkdown(source, { newlinesAreBreaks }));

describe("htmlToMarkdown", () => {
  it("keeps paragraphs, line breaks, strong, emphasis and inline code", () => {
    const source =
      "<p>Hello <b>world</b>, <strong>strong</strong> and <i>it</i>, <em>em</em> <code>x &lt; y</code></p><p>two<br>lines</p>";
    expect(htmlToMarkdown(source)).toBe("Hello **world**, **strong** and *it*, *em* `x < y`\n\ntwo\nlines");
    expect(html(source)).toBe(
      "<p>Hello <strong>world</strong>, <strong>strong</strong> and <em>it</em>, <em>em</em> <code>x &lt; y</code></p><p>two<br>lines</p>",
    );
    // Runs of one style separated only by spaces read the same joined.
    expect(htmlToMarkdown("<i>one</i> <i>two</i>")).toBe("*one two*");
  });

  it("nests strong and emphasis without forming ***", () => {
    expect(html("<p><b><i>Edit:</i></b> fixed</p>")).toBe("<p><strong><em>Edit:</em></strong> fixed</p>");
    expect(html("<p><b>a <i>b</i></b> c</p>")).toBe("<p><strong>a <em>b</em></strong> c</p>");
    expect(html("<p><i>a<b>b</b></i></p>")).toBe("<p><em>a<strong>b</strong></em></p>");
    expect(htmlToMarkdown("<b> spaced </b>out")).toBe("**spaced** out");
    expect(htmlToMarkdown("<b>unclosed <i>tags")).toBe("**unclosed _tags_**");
    expect(htmlToMarkdown("<b></b><i> </i>empty")).toBe("empty");
  });

  it("turns http and https links into [text](url) and keeps only the text of others", () => {
    expect(htmlToMarkdown('<a href="https://example.com/a_(b)">the <b>docs</b></a>')).toBe(
      "[the **docs**](https://example.com/a_%28b%29)",
    );
    expect(htmlToMarkdown('<a href="https://example.com/x">https://example.com/x</a>')).toBe("https://example.com/x");
    for (const href of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "data:text/html,<b>x</b>",
      "/relative",
      "mailto:a@b.c",
      "vbscript:x",
    ]) {
      expect(htmlToMarkdown(`<a href="${href}">click</a>`)).toBe("click");
    }
    expect(html('<a href="  java&#x09;script:alert(1)">x</a>')).toBe("<p>x</p>");
  });

  it("unwraps Disqus's click-tracking links", () => {
    expect(linkTarget("https://disq.us/url?url=https%3A%2F%2Fexample.com%2Fpage%3AHk8N9dkHk2kNkQ&cuid=42")).toBe(
      "https://example.com/page",
    );
    expect(linkTarget("https://disq.us/url?url=javascript%3Aalert(1)%3AHk8N9dkHk2kNkQ")).toBeNull();
  });

  it("keeps quotes, lists and preformatted code", () => {
    expect(htmlToMarkdown("<blockquote><p>quoted</p><blockquote>deeper</blockquote></blockquote><p>after</p>")).toBe(
      "> quoted\n>\n> > deeper\n\nafter",
    );
    expect(html("<ul><li>one</li><li>two</li></ul><ol><li>a<li>b</ol>")).toBe(
      "<ul><li>one</li><li>two</li></ul><ol><li>a</li><li>b</li></ol>",
    );
    expect(html("<pre><code>if (a &lt; b) {\n  **not bold**\n}</code></pre>")).toBe(
      "<pre><code>if (a &lt; b) {\n  **not bold**\n}</code></pre>",
    );
    expect(html("<pre>```\ncode\n```</pre>")).toBe("<pre><code>```\ncode\n```</code></pre>");
    expect(htmlToMarkdown("<code>a`b</code>")).toBe("``a`b``");
  });

  it("decodes character references and drops every other tag, keeping its text", () => {
    expect(
      htmlToMarkdown("<p>Caf&eacute; &amp; cr&egrave;me &mdash; &#8220;quoted&#8221; &#x1F600; &#146;s &unknown;</p>"),
    ).toBe("Café & crème — “quoted” 😀 ’s &unknown;");
    // As browsers read them (the HTML standard, through the entities library): legacy names need no
    // semicolon in text, every named entity is known, and a link's address keeps `&copy=` as written.
    expect(htmlToMarkdown("<p>&copy 2020 &hearts; &NotEqualTilde;</p>")).toBe("© 2020 ♥ ≂̸");
    expect(htmlToMarkdown('<a href="https://example.com/?a=1&copy=2">x</a>')).toBe(
      "[x](https://example.com/?a=1&copy=2)",
    );
    expect(
      htmlToMarkdown('<div class="x"><span style="color:red">red</span> <font>text</font></div><h2>Title</h2>'),
    ).toBe("red text\n\nTitle");
    expect(
      htmlToMarkdown("<script>alert(1)</script><style>p{}</style><img src=x onerror=alert(1)>visible<!-- hidden -->"),
    ).toBe("visible");
  });

  it("reads WordPress comments, where newlines are breaks and blank lines paragraphs", () => {
    expect(htmlToMarkdown("Line one\nline two\n\nNew <em>paragraph</em>.", { newlinesAreBreaks: true })).toBe(
      "Line one\nline two\n\nNew *paragraph*.",
    );
    expect(htmlToMarkdown("Line one\nline two")).toBe("Line one line two");
  });

  it("reads tags as a browser does: misnested, unclosed, nested links, and 10,000 deep", () => {
    expect(htmlToMarkdown("<b><i>bold italic</b> italic</i> plain")).toBe("**_bold italic_** *italic* plain");
    expect(htmlToMarkdown("<ul><li>one<li>two</ul><p>after")).toBe("- one\n- two\n\nafter");
    expect(htmlToMarkdown("<a href='https://x.example/'>link <a href='https://y.example/'>inner</a></a>")).toBe(
      "[link](https://x.example/)[inner](https://y.example/)",
    );
    expect(htmlToMarkdown(`${"<div>".repeat(10_000)}deep${"</div>".repeat(10_000)}`)).toBe("deep");
    expect(htmlToMarkdown(`${"<b>".repeat(10_000)}x`)).toBe("**x**");
  });

  it("never lets hostile HTML through the renderer", () => {
    const hostile = [
      '<a href="javascript:alert(1)" onclick="x()">x</a>',
      "<img src=x onerror=alert(1)>",
      "<svg><script>alert(1)</script></svg>",
      '<iframe src="https://evil.example"></iframe>',
      "&lt;script&gt;alert(1)&lt;/script&gt;",
      '<p style="background:url(javascript:alert(1))">styled</p>',
      "<b><i><a href='https://ok.example'><script>x</script>link</a></i></b>",
      "<scr<script>ipt>alert(1)</script>",
      '"><img src=x onerror=alert(1)>',
    ];
    for (const source of hostile) {
      const rendered = html(source);
      const tags = [...rendered.matchAll(/<\/?([a-z0-9]+)/gi)].map((match) => (match[1] ?? "").toLowerCase());
      expect(
        tags.every((tag) => allowedTags.has(tag)),
        rendered,
      ).toBe(true);
      expect(rendered).not.toMatch(/<[a-z]+[^>]*\son\w+=/i);
      expect(rendered).not.toMatch(/href="(?!https?:)/);
    }
  });
});
