/**
 * Comment HTML from other systems (Disqus messages, WordPress comments) to Chorus text: the Markdown
 * subset that `worker/render/markdown.ts` renders. Kept: paragraphs, line breaks, strong and
 * emphasis, inline code, preformatted blocks, block quotes, lists, and links to http and https
 * addresses. Everything else is dropped as markup and kept as text (a `<span>`'s words stay, an
 * `<img>` or a `<script>` leaves nothing). Character references are decoded.
 *
 * The result is only ever source text: the importer renders it with `renderMarkdown`, which escapes
 * every character, so nothing here has to be trusted for safety, only for fidelity.
 */
import { type DefaultTreeAdapterMap, parseFragment } from "parse5";

type ParentNode = DefaultTreeAdapterMap["parentNode"];
type TextNode = DefaultTreeAdapterMap["textNode"];

export interface HtmlConversionOptions {
  /**
   * WordPress stores comments as typed, with HTML allowed: a blank line separates paragraphs and a
   * newline is a line break (wpautop). Disqus stores real HTML, where newlines are spaces.
   */
  newlinesAreBreaks?: boolean;
}

interface ElementNode {
  tag: string;
  attributes: Map<string, string>;
  children: HtmlNode[];
}
type HtmlNode = ElementNode | string;

/** Elements whose content is never text a reader saw. */
const droppedElements = new Set([
  "script",
  "style",
  "template",
  "iframe",
  "object",
  "noscript",
  "svg",
  "math",
  "head",
  "title",
  "select",
  "textarea",
  "button",
]);
const blockElements = new Set([
  "p",
  "div",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "ul",
  "ol",
  "li",
  "blockquote",
  "pre",
  "hr",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "td",
  "th",
  "caption",
  "section",
  "article",
  "aside",
  "header",
  "footer",
  "nav",
  "main",
  "figure",
  "figcaption",
  "address",
  "dl",
  "dt",
  "dd",
  "details",
  "summary",
  "center",
]);
const strongElements = new Set(["b", "strong"]);
const emphasisElements = new Set(["i", "em", "cite", "dfn"]);
const codeElements = new Set(["code", "kbd", "samp", "tt", "var"]);
const maxNesting = 64;

/**
 * The HTML as a tree, parsed by parse5 (the WHATWG algorithm browsers use, so tags close where a
 * browser would close them and character references decode as a browser decodes them), with control
 * characters a reference produced removed again, and at most `maxNesting` elements deep: deeper
 * elements give their content to the element at that depth. Built without recursion.
 */
function parseHtml(html: string): ElementNode {
  const root: ElementNode = { tag: "#root", attributes: new Map(), children: [] };
  const work: { from: ParentNode; to: ElementNode; depth: number }[] = [
    { from: parseFragment(html), to: root, depth: 0 },
  ];
  for (let next = work.pop(); next !== undefined; next = work.pop()) {
    const { from, to, depth } = next;
    for (const child of from.childNodes) {
      if (child.nodeName === "#text") {
        to.children.push(cleanText((child as TextNode).value));
      } else if ("tagName" in child) {
        if (depth >= maxNesting) {
          work.push({ from: child, to, depth });
          continue;
        }
        const attributes = new Map(child.attrs.map((attribute) => [attribute.name, cleanText(attribute.value)]));
        const element: ElementNode = { tag: child.tagName, attributes, children: [] };
        to.children.push(element);
        work.push({ from: child, to: element, depth: depth + 1 });
      }
    }
  }
  return root;
}

type Style = "strong" | "emphasis";
type Inline =
  | { kind: "text"; text: string }
  | { kind: "break" }
  | { kind: "open" | "close"; style: Style }
  | { kind: "code"; text: string }
  | { kind: "link"; href: string; label: Inline[] };

type Block =
  | { kind: "paragraph"; inline: Inline[] }
  | { kind: "code"; text: string }
  | { kind: "quote"; blocks: Block[] }
  | { kind: "list"; ordered: boolean; items: Inline[][] };

class Converter {
  constructor(private readonly newlinesAreBreaks: boolean) {}

  blocks(nodes: readonly HtmlNode[]): Block[] {
    const blocks: Block[] = [];
    let paragraph: Inline[] = [];
    const flush = () => {
      if (paragraph.length > 0) blocks.push({ kind: "paragraph", inline: paragraph });
      paragraph = [];
    };
    for (const node of nodes) {
      if (typeof node === "string") {
        if (!this.newlinesAreBreaks) {
          paragraph.push({ kind: "text", text: node });
          continue;
        }
        node.split(/\r?\n[ \t]*\r?\n\s*/).forEach((part, index) => {
          if (index > 0) flush();
          paragraph.push(...this.textWithBreaks(part));
        });
        continue;
      }
      const { tag } = node;
      if (droppedElements.has(tag)) continue;
      if (tag === "blockquote") {
        flush();
        blocks.push({ kind: "quote", blocks: this.blocks(node.children) });
      } else if (tag === "ul" || tag === "ol") {
        flush();
        const items = this.listItems(node);
        if (items.length > 0) blocks.push({ kind: "list", ordered: tag === "ol", items });
      } else if (tag === "pre") {
        flush();
        const text = textContent(node)
          .replace(/^\r?\n/, "")
          .replace(/\s+$/, "");
        if (text.trim() !== "") blocks.push({ kind: "code", text });
      } else if (blockElements.has(tag)) {
        flush();
        blocks.push(...this.blocks(node.children));
      } else {
        paragraph.push(...this.inline(node));
      }
    }
    flush();
    return blocks;
  }

  private textWithBreaks(text: string): Inline[] {
    const out: Inline[] = [];
    text.split(/\r?\n/).forEach((line, index) => {
      if (index > 0) out.push({ kind: "break" });
      out.push({ kind: "text", text: line });
    });
    return out;
  }

  private listItems(list: ElementNode): Inline[][] {
    const items: Inline[][] = [];
    for (const child of list.children) {
      if (typeof child === "string") continue;
      const item = child.tag === "li" ? this.inlineChildren(child.children) : this.inline(child);
      if (item.length > 0) items.push(item);
    }
    return items;
  }

  private inlineChildren(nodes: readonly HtmlNode[]): Inline[] {
    return nodes.flatMap((node) =>
      typeof node === "string"
        ? this.newlinesAreBreaks
          ? this.textWithBreaks(node)
          : [{ kind: "text", text: node } as const]
        : this.inline(node),
    );
  }

  /** An element inside a paragraph or a list item; blocks found there become line breaks. */
  private inline(node: ElementNode): Inline[] {
    const { tag } = node;
    if (droppedElements.has(tag)) return [];
    if (tag === "br") return [{ kind: "break" }];
    if (strongElements.has(tag) || emphasisElements.has(tag)) {
      const style: Style = strongElements.has(tag) ? "strong" : "emphasis";
      return [{ kind: "open", style }, ...this.inlineChildren(node.children), { kind: "close", style }];
    }
    if (codeElements.has(tag)) return [{ kind: "code", text: textContent(node) }];
    if (tag === "a") {
      const label = this.inlineChildren(node.children);
      const href = linkTarget(node.attributes.get("href"));
      return href === null ? label : [{ kind: "link", href, label }];
    }
    if (tag === "ul" || tag === "ol") {
      return this.listItems(node).flatMap((item, index) => [
        { kind: "break" } as const,
        { kind: "text", text: tag === "ol" ? `${index + 1}. ` : "- " } as const,
        ...item,
      ]);
    }
    if (blockElements.has(tag)) return [{ kind: "break" }, ...this.inlineChildren(node.children), { kind: "break" }];
    return this.inlineChildren(node.children);
  }
}

function textContent(node: HtmlNode): string {
  if (typeof node === "string") return node;
  if (droppedElements.has(node.tag)) return "";
  if (node.tag === "br") return "\n";
  return node.children.map(textContent).join("");
}

/**
 * The address a link may keep: http or https only, with Disqus's click-tracking redirect
 * (`disq.us/url?url=…:hash`) unwrapped. Null for anything else (javascript:, data:, relative ...).
 */
export function linkTarget(href: string | undefined): string | null {
  if (href === undefined) return null;
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return null;
  }
  if (url.hostname === "disq.us" && url.searchParams.has("url")) {
    const wrapped = (url.searchParams.get("url") ?? "").replace(/:[A-Za-z0-9_-]{8,}$/, "");
    return linkTarget(wrapped);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const address = url.href.replaceAll("(", "%28").replaceAll(")", "%29");
  return address.length <= 2000 ? address : null;
}

function codeSpan(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, " ");
  if (flat.trim() === "") return flat;
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(longest + 1);
  const padded = flat.startsWith("`") || flat.endsWith("`") ? ` ${flat} ` : flat;
  return `${fence}${padded}${fence}`;
}

/** Stands for an emphasis marker until its closing end is known (control characters never reach here). */
const emphasisPlaceholder = "\u0001";

/**
 * Writes inline content. Markers are written lazily, next to the words they enclose: a style opens
 * just before its first word and closes just after its last (spaces stay outside), and adjacent
 * runs of one style merge. Styles are closed around links and code spans, which the renderer cuts
 * out before it applies emphasis. Emphasis is written `_x_` where it touches a strong marker, so
 * `***` never forms.
 */
function writeInline(inline: readonly Inline[], newlinesAreBreaks: boolean): string {
  const depth = { strong: 0, emphasis: 0 };
  const written: Style[] = [];
  let out = "";
  const close = (count: number) => {
    const trailing = /\s*$/.exec(out)?.[0] ?? "";
    out = out.slice(0, out.length - trailing.length);
    for (let index = 0; index < count; index++) {
      const style = written.pop();
      if (style === "strong") {
        out += "**";
      } else if (style === "emphasis") {
        const open = out.lastIndexOf(emphasisPlaceholder);
        const closesStrong = written.at(-1) === "strong" && index + 1 < count;
        const touchesStrong = out[open - 1] === "*" || out.endsWith("*") || closesStrong;
        const marker = touchesStrong ? "_" : "*";
        out = `${out.slice(0, open)}${marker}${out.slice(open + 1)}${marker}`;
      }
    }
    out += trailing;
  };
  const sync = () => {
    let kept = 0;
    while (kept < written.length && depth[written[kept] ?? "strong"] > 0) kept++;
    if (kept < written.length) close(written.length - kept);
    for (const style of ["strong", "emphasis"] as const) {
      if (depth[style] > 0 && !written.includes(style)) {
        out += style === "strong" ? "**" : emphasisPlaceholder;
        written.push(style);
      }
    }
  };
  for (const item of inline) {
    switch (item.kind) {
      case "text": {
        const text = item.text.replace(newlinesAreBreaks ? /[ \t\r\f]+/g : /[ \t\r\n\f]+/g, " ");
        if (text.trim() === "") {
          out += text;
        } else {
          const leading = /^\s*/.exec(text)?.[0] ?? "";
          out += leading;
          sync();
          out += text.slice(leading.length);
        }
        break;
      }
      case "break":
        out += "\n";
        break;
      case "open":
        depth[item.style]++;
        break;
      case "close":
        depth[item.style] = Math.max(0, depth[item.style] - 1);
        break;
      case "code":
      case "link": {
        close(written.length);
        const styles = (["strong", "emphasis"] as const).filter((style) => depth[style] > 0);
        out += item.kind === "code" ? codeSpan(item.text) : writeLink(item, styles, newlinesAreBreaks);
        break;
      }
    }
  }
  close(written.length);
  return out;
}

function writeLink(link: Extract<Inline, { kind: "link" }>, styles: Style[], newlinesAreBreaks: boolean): string {
  const wrapped: Inline[] = [
    ...styles.map((style) => ({ kind: "open", style }) as const),
    ...link.label.map((item): Inline => (item.kind === "link" ? { kind: "text", text: plainText(item.label) } : item)),
    ...styles.toReversed().map((style) => ({ kind: "close", style }) as const),
  ];
  const label = writeInline(wrapped, newlinesAreBreaks)
    .replace(/\s*\n\s*/g, " ")
    .trim();
  const plain = plainText(link.label).trim();
  const bare = /^[^\s<>"']+$/.test(link.href);
  if (label === "" || plain === link.href || plain === link.href.replace(/\/$/, "")) {
    return bare ? link.href : `[${link.href.slice(0, 500)}](${link.href})`;
  }
  if (label.length > 500 || label.includes("]")) return `${label} (${link.href})`;
  return `[${label}](${link.href})`;
}

function plainText(inline: readonly Inline[]): string {
  return inline
    .map((item) =>
      item.kind === "text" || item.kind === "code"
        ? item.text
        : item.kind === "link"
          ? plainText(item.label)
          : item.kind === "break"
            ? " "
            : "",
    )
    .join("");
}

function fenceFor(text: string): string {
  const lines = text.split("\n").map((line) => line.trim());
  if (!lines.some((line) => line.startsWith("```"))) return "```";
  if (!lines.some((line) => line.startsWith("~~~"))) return "~~~";
  return "```";
}

function writeBlocks(blocks: readonly Block[], newlinesAreBreaks: boolean): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case "paragraph": {
        const text = writeInline(block.inline, newlinesAreBreaks)
          .split("\n")
          .map((line) => line.trim())
          .join("\n")
          .trim();
        if (text !== "") out.push(text);
        break;
      }
      case "code": {
        const fence = fenceFor(block.text);
        // A line that would end the fence early is shifted by a zero-width space.
        const body = block.text
          .split("\n")
          .map((line) => (line.trim().startsWith(fence) ? `\u200b${line}` : line))
          .join("\n");
        out.push(`${fence}\n${body}\n${fence}`);
        break;
      }
      case "quote": {
        const inner = writeBlocks(block.blocks, newlinesAreBreaks);
        if (inner !== "")
          out.push(
            inner
              .split("\n")
              .map((line) => (line === "" ? ">" : `> ${line}`))
              .join("\n"),
          );
        break;
      }
      case "list": {
        const items = block.items
          .map((item) =>
            writeInline(item, newlinesAreBreaks)
              .split("\n")
              .map((line) => line.trim())
              .filter(Boolean),
          )
          .filter((lines) => lines.length > 0)
          .map((lines, index) => {
            const [first, ...rest] = lines;
            const prefix = block.ordered ? `${index + 1}. ` : "- ";
            return [`${prefix}${first}`, ...rest.map((line) => `  ${line}`)].join("\n");
          });
        if (items.length > 0) out.push(items.join("\n"));
        break;
      }
    }
  }
  return out.join("\n\n");
}

/** Characters that are never text: C0 and C1 controls other than tab and newline, and noncharacters. */
const controlCharacters =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]/g;

/** Cleans text for storage: newlines as `\n`, no control characters. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(controlCharacters, "");
}

/** Converts a comment's HTML to the Markdown subset Chorus stores and renders. */
export function htmlToMarkdown(html: string, options: HtmlConversionOptions = {}): string {
  const newlinesAreBreaks = options.newlinesAreBreaks ?? false;
  const tree = parseHtml(cleanText(html));
  const converter = new Converter(newlinesAreBreaks);
  return cleanText(writeBlocks(converter.blocks(tree.children), newlinesAreBreaks))
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
