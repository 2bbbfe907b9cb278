import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../worker/render/markdown";

const allowedTags = new Set(["p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "a"]);

/** Every tag name the output contains; the renderer must never write any other. */
function tagsIn(html: string): string[] {
  return [...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((match) => (match[1] ?? "").toLowerCase());
}

describe("renderMarkdown", () => {
  it("renders paragraphs, line breaks, emphasis, strong and inline code", () => {
    expect(renderMarkdown("one *two* **three** `four`\nnext line\n\nsecond paragraph")).toBe(
      "<p>one <em>two</em> <strong>three</strong> <code>four</code><br>next line</p><p>second paragraph</p>",
    );
  });

  it("renders quotes, lists and fenced code", () => {
    expect(renderMarkdown("> quoted\n> still\n\n- a\n- b\n\n1. x\n2. y\n\n```\n<b>*raw*</b>\n```")).toBe(
      "<blockquote><p>quoted<br>still</p></blockquote><ul><li>a</li><li>b</li></ul><ol><li>x</li><li>y</li></ol>" +
        "<pre><code>&lt;b&gt;*raw*&lt;/b&gt;</code></pre>",
    );
  });

  it("links http and https with nofollow ugc noopener, and bare URLs too", () => {
    expect(renderMarkdown("[site](https://a.example/x?y=1&z=2) and https://b.example/path.")).toBe(
      '<p><a href="https://a.example/x?y=1&amp;z=2" rel="nofollow ugc noopener" target="_blank">site</a> and ' +
        '<a href="https://b.example/path" rel="nofollow ugc noopener" target="_blank">https://b.example/path</a>.</p>',
    );
  });

  it.each([
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    '[x](https://a.example/"onmouseover="alert(1))',
    "**<iframe src=//evil>**",
    "`</code><script>x</script>`",
    "> <svg onload=alert(1)>",
    "- <a href=javascript:alert(1)>x</a>",
    "https://a.example/<script>",
    '*"><img src=x onerror=alert(1)>*',
  ])("never emits markup from hostile input %j", (input) => {
    const html = renderMarkdown(input);
    expect(tagsIn(html).every((tag) => allowedTags.has(tag))).toBe(true);
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).not.toMatch(/href="(?!https?:|mailto:)/i);
  });

  it("shows raw HTML as text", () => {
    expect(renderMarkdown("<b>bold?</b>")).toBe("<p>&lt;b&gt;bold?&lt;/b&gt;</p>");
  });

  it("leaves markers inside code and URLs alone", () => {
    expect(renderMarkdown("`a*b*c` https://a.example/_x_/")).toBe(
      '<p><code>a*b*c</code> <a href="https://a.example/_x_/" rel="nofollow ugc noopener" target="_blank">https://a.example/_x_/</a></p>',
    );
  });

  it("does not italicise snake_case words", () => {
    expect(renderMarkdown("use my_var_name here")).toBe("<p>use my_var_name here</p>");
  });

  it("handles a 10,000-character body of markers without catastrophic backtracking", () => {
    const started = performance.now();
    renderMarkdown("*_`[(".repeat(2_000));
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
