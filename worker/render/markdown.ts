/**
 * Comment text to safe HTML: a small Markdown subset (paragraphs, line breaks, emphasis, strong,
 * inline code, fenced code blocks, block quotes, lists, links and bare URLs).
 *
 * Safe by construction: every character of the input reaches the output through `escapeHtml`, and
 * the only tags ever written are the fixed ones below, so raw HTML in a comment is shown as text.
 * Links are limited to http, https and mailto, and carry `rel="nofollow ugc noopener"`.
 */

const allowedLinkProtocols = new Set(["http:", "https:", "mailto:"]);
const maxQuoteDepth = 3;

/** Escapes the five characters that matter in HTML text and attribute values. */
function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Renders a comment body (already trimmed, `\n` line endings) to HTML built from allowed tags only. */
export function renderMarkdown(source: string): string {
  return renderBlocks(source.split("\n"), 0);
}

function renderBlocks(lines: string[], quoteDepth: number): string {
  const out: string[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? "";
    if (line.trim() === "") {
      index++;
      continue;
    }
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      const code: string[] = [];
      index++;
      while (index < lines.length && !(lines[index] ?? "").trim().startsWith(fence[1] ?? "```")) {
        code.push(lines[index] ?? "");
        index++;
      }
      index++;
      out.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`);
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = [];
      while (index < lines.length && /^\s*>/.test(lines[index] ?? "")) {
        quoted.push((lines[index] ?? "").replace(/^\s*> ?/, ""));
        index++;
      }
      out.push(
        quoteDepth < maxQuoteDepth
          ? `<blockquote>${renderBlocks(quoted, quoteDepth + 1)}</blockquote>`
          : renderParagraph(quoted),
      );
      continue;
    }
    const listKind = listItemKind(line);
    if (listKind) {
      const items: string[][] = [];
      while (index < lines.length) {
        const current = lines[index] ?? "";
        if (listItemKind(current) === listKind) {
          items.push([current.replace(listMarker[listKind], "")]);
        } else if (current.trim() !== "" && /^\s{2,}/.test(current) && items.length > 0) {
          items[items.length - 1]?.push(current.trim());
        } else {
          break;
        }
        index++;
      }
      const tag = listKind === "ordered" ? "ol" : "ul";
      out.push(`<${tag}>${items.map((item) => `<li>${renderInline(item.join("\n"))}</li>`).join("")}</${tag}>`);
      continue;
    }
    const paragraph: string[] = [];
    while (index < lines.length) {
      const current = lines[index] ?? "";
      if (current.trim() === "" || /^\s*(```|~~~|>)/.test(current) || listItemKind(current)) break;
      paragraph.push(current);
      index++;
    }
    out.push(renderParagraph(paragraph));
  }
  return out.join("");
}

const listMarker = { ordered: /^\s*\d{1,9}[.)]\s+/, unordered: /^\s*[-*+]\s+/ } as const;

function listItemKind(line: string): keyof typeof listMarker | null {
  if (listMarker.unordered.test(line)) return "unordered";
  if (listMarker.ordered.test(line)) return "ordered";
  return null;
}

function renderParagraph(lines: string[]): string {
  return `<p>${renderInline(lines.map((line) => line.trim()).join("\n"))}</p>`;
}

/**
 * Inline spans. Code spans and links are cut out first so that emphasis markers inside them are
 * left alone; everything else is escaped before emphasis is applied, so markers can never form tags.
 */
function renderInline(text: string): string {
  const pattern =
    /(`+)([\s\S]*?[^`])\1(?!`)|\[([^[\]\n]{1,500})\]\(\s*([^()\s]{1,2000})\s*\)|\b((?:https?:\/\/|www\.)[^\s<>"']{1,2000})/g;
  let out = "";
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    out += renderEmphasis(text.slice(last, match.index));
    last = match.index + match[0].length;
    const [whole, , code, label, target, bare] = match;
    if (code !== undefined) {
      out += `<code>${escapeHtml(code.trim() === "" ? code : code.replace(/^ (.*) $/s, "$1"))}</code>`;
    } else if (label !== undefined && target !== undefined) {
      out += link(target, renderEmphasis(label)) ?? renderEmphasis(whole);
    } else if (bare !== undefined) {
      const trailing = /[.,;:!?)]+$/.exec(bare)?.[0] ?? "";
      const address = bare.slice(0, bare.length - trailing.length);
      const href = address.startsWith("www.") ? `https://${address}` : address;
      out += (link(href, escapeHtml(address)) ?? escapeHtml(address)) + escapeHtml(trailing);
    }
  }
  out += renderEmphasis(text.slice(last));
  return out;
}

function link(target: string, labelHtml: string): string | null {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  if (!allowedLinkProtocols.has(url.protocol)) return null;
  return `<a href="${escapeHtml(url.href)}" rel="nofollow ugc noopener" target="_blank">${labelHtml}</a>`;
}

function renderEmphasis(text: string): string {
  return strong(strong(escapeHtml(text), "**"), "__")
    .replace(/\*(?=\S)([^*]*?\S)\*/g, "<em>$1</em>")
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}_])/gu, "$1<em>$2</em>")
    .replaceAll("\n", "<br>");
}

const whiteSpace = /\s/;

/**
 * Wraps text between a pair of `marker`s (`**` or `__`) in `<strong>`: an opening marker is followed
 * by a non-space, the first later marker after a non-space closes it. One pass, so a body full of
 * markers that never close costs no more than any other (a lazy regex would rescan the rest of the
 * text from every opener).
 */
function strong(html: string, marker: string): string {
  let out = "";
  let copiedUpTo = 0;
  let opener = -1;
  for (let at = html.indexOf(marker); at !== -1; ) {
    const before = html[at - 1] ?? " ";
    if (opener !== -1 && at >= opener + marker.length + 1 && !whiteSpace.test(before)) {
      out += `${html.slice(copiedUpTo, opener)}<strong>${html.slice(opener + marker.length, at)}</strong>`;
      copiedUpTo = at + marker.length;
      opener = -1;
      at = html.indexOf(marker, copiedUpTo);
      continue;
    }
    const after = html[at + marker.length];
    if (opener === -1 && after !== undefined && !whiteSpace.test(after)) opener = at;
    at = html.indexOf(marker, at + 1);
  }
  return out + html.slice(copiedUpTo);
}
