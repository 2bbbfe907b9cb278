import { describe, expect, it } from "vitest";
import { htmlToText } from "../../../worker/render/html-text";

describe("htmlToText (a Mastodon status's HTML as the text its author wrote)", () => {
  it("keeps paragraphs and line breaks, and decodes references as a browser does", () => {
    expect(
      htmlToText("<p>Loved this &amp; shared it.</p><p>Same here!<br>Second&nbsp;part &#x1F600; &eacute;t&eacute;</p>"),
    ).toBe("Loved this & shared it.\n\nSame here!\nSecond\u00a0part 😀 été");
  });

  it("drops every tag, attribute, script and style, and keeps a link's words", () => {
    expect(
      htmlToText(
        '<p><span class="h-card"><a href="https://x.example/@a" class="u-url mention">@<span>a</span></a></span> hi <img src=x onerror=alert(1)><script>alert(1)</script><style>p{}</style><a href="javascript:alert(1)">click</a></p>',
      ),
    ).toBe("@a hi click");
  });

  it("reads misnested and unclosed markup as a browser would, and an empty status as nothing", () => {
    expect(htmlToText("<p><b>bold <i>both</b> italic</i><p>next")).toBe("bold both italic\n\nnext");
    expect(htmlToText("")).toBe("");
  });
});
