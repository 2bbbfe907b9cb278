/**
 * Atom 1.0 feeds (RFC 4287) of published comments. Every piece of text and every attribute goes
 * through `escapeXml`, which also drops the characters XML 1.0 cannot carry at all.
 */

export interface FeedEntry {
  id: number;
  authorName: string;
  bodyHtml: string;
  createdAt: number;
  editedAt: number | null;
  /** The address of the page the comment is on. */
  pageUrl: string;
  pageTitle: string | null;
}

export interface Feed {
  /** The feed's own address (its id and rel="self" link). */
  selfUrl: string;
  /** The page (or site) the feed follows. */
  alternateUrl: string;
  title: string;
  /** When nothing newer is known: the thread's or site's creation time. */
  fallbackUpdated: number;
  entries: FeedEntry[];
}

/** Whether XML 1.0 can carry a character at all (tab, newlines, and the ranges of its `Char` production). */
function isXmlCharacter(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    code >= 0x10000
  );
}

/** Escapes text for XML content and attribute values, removing characters XML forbids (and lone surrogates). */
export function escapeXml(text: string): string {
  return [...text]
    .filter(isXmlCharacter)
    .join("")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

const iso = (time: number) => new Date(time).toISOString();

/** A comment's permalink: its page's address with `#comment-ID`. */
export function commentUrl(entry: Pick<FeedEntry, "id" | "pageUrl">): string {
  return `${entry.pageUrl.split("#")[0]}#comment-${entry.id}`;
}

/** Renders a feed as an Atom 1.0 document. */
export function renderAtom(feed: Feed): string {
  const updated = Math.max(feed.fallbackUpdated, ...feed.entries.map((entry) => entry.editedAt ?? entry.createdAt));
  const entries = feed.entries.map((entry) => {
    const url = escapeXml(commentUrl(entry));
    const title = `${entry.authorName} on ${entry.pageTitle ?? entry.pageUrl}`;
    return `  <entry>
    <id>${url}</id>
    <title>${escapeXml(title)}</title>
    <link rel="alternate" type="text/html" href="${url}"/>
    <author><name>${escapeXml(entry.authorName)}</name></author>
    <published>${iso(entry.createdAt)}</published>
    <updated>${iso(entry.editedAt ?? entry.createdAt)}</updated>
    <content type="html">${escapeXml(entry.bodyHtml)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(feed.selfUrl)}</id>
  <title>${escapeXml(feed.title)}</title>
  <updated>${iso(updated)}</updated>
  <author><name>Chorus</name></author>
  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(feed.alternateUrl)}"/>
  <generator>Chorus</generator>
${entries.join("\n")}
</feed>
`;
}
