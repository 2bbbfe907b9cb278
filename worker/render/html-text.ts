/**
 * HTML someone else wrote (a Mastodon status's content) as plain text: parsed by parse5 as a
 * browser parses it (character references decoded as a browser decodes them), its text kept,
 * paragraphs separated by a blank line and line breaks kept; every tag and attribute dropped.
 */
import { type DefaultTreeAdapterMap, parseFragment } from "parse5";

type Node = DefaultTreeAdapterMap["node"];

/** Elements whose content is never text a reader wrote. */
const skipped = new Set(["script", "style", "template"]);

export function htmlToText(html: string): string {
  const parts: string[] = [];
  const pending: Node[] = [...parseFragment(html).childNodes].reverse();
  while (pending.length > 0) {
    const node = pending.pop() as Node;
    if (node.nodeName === "#text") {
      parts.push((node as DefaultTreeAdapterMap["textNode"]).value);
    } else if (node.nodeName === "br") {
      parts.push("\n");
    } else if ("childNodes" in node && !skipped.has(node.nodeName)) {
      if (node.nodeName === "p" && parts.length > 0) parts.push("\n\n");
      pending.push(...[...node.childNodes].reverse());
    }
  }
  return parts
    .join("")
    .replace(/[ \t]+/g, " ")
    .replace(/ ?\n ?/g, "\n")
    .trim();
}
