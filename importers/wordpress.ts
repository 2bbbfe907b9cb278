/**
 * Reads a WordPress export (WXR: Tools > Export, an RSS file with `wp:` elements) into an import
 * source. Each `<item>` is a page (its `<link>`), each `<wp:comment>` a comment with its
 * `wp:comment_parent`; `wp:comment_approved` 1, 0, spam and trash become published, pending, spam
 * and deleted. Comment text is what the commenter typed, with HTML allowed and newlines meaning
 * breaks, as WordPress shows it. Pingbacks and trackbacks become replies from elsewhere, as received
 * Webmentions are: their excerpt, a link to the page they came from, and `mention_source`; one
 * without a source address is left out (its replies move up to the nearest comment kept). Streams:
 * `write` chunks of the file, then `end`.
 */

import type { CommentStatus } from "../common/vocabulary";
import { defaultPageParams } from "../common/vocabulary";
import { htmlToMarkdown } from "./html-to-markdown";
import {
  cleanEmail,
  cleanName,
  cleanTitle,
  cleanWebsite,
  emptySource,
  type ImportSource,
  leaveOut,
  pageUrl,
  parseDate,
  pathOf,
  type SourceLocation,
} from "./source";
import { childText, RecordReader, type XmlElement, XmlSyntaxError } from "./xml";

const statuses: Readonly<Record<string, CommentStatus>> = {
  "1": "published",
  approve: "published",
  approved: "published",
  "0": "pending",
  hold: "pending",
  spam: "spam",
  trash: "deleted",
  "post-trashed": "deleted",
};

/** A pingback's or trackback's text as Chorus shows a reply from elsewhere: its excerpt, then where it is. */
function mentionBody(content: string, source: string): string {
  const excerpt = htmlToMarkdown(content, { newlinesAreBreaks: true }).trim() || "(no text)";
  const link = source.replaceAll("(", "%28").replaceAll(")", "%29");
  return `${excerpt}\n\n*Linked from [${new URL(source).hostname}](${link})*`;
}

export class WordPressReader {
  private readonly source = emptySource("wordpress");
  private readonly records: RecordReader;
  private readonly threadKeys = new Set<string>();
  private readonly commentKeys = new Set<string>();
  /** Pingbacks and trackbacks left out, and the comment each replied to. */
  private readonly leftOutParents = new Map<string, string | null>();

  /** `pageParams`: the query parameters that identify a page on the site imported into. */
  constructor(private readonly pageParams: readonly string[] = defaultPageParams) {
    this.records = new RecordReader({
      isRecord: (name, ancestors) => name === "item" && ancestors.length === 2 && ancestors[1] === "channel",
      onRoot: (name, _attributes, at) => {
        if (name !== "rss") {
          const hint = name === "disqus" ? " (a Disqus export? import it as disqus)" : "";
          throw new XmlSyntaxError(
            `not a WordPress export: the root element is <${name}>, not <rss>${hint}`,
            at.line,
            at.column,
          );
        }
      },
      onRecord: (element) => this.item(element),
    });
  }

  write(chunk: string): void {
    this.records.write(chunk);
  }

  end(): ImportSource {
    this.records.end();
    for (const comment of this.source.comments) {
      let parent = comment.parentKey;
      for (let hops = 0; parent !== null && this.leftOutParents.has(parent) && hops < 1000; hops++) {
        parent = this.leftOutParents.get(parent) ?? null;
      }
      comment.parentKey = parent;
    }
    return this.source;
  }

  private item(element: XmlElement): void {
    const comments = element.children.filter((candidate) => candidate.name === "wp:comment");
    const link = childText(element, "link");
    const key = (childText(element, "wp:post_id") ?? "").trim() || (childText(element, "guid") ?? link ?? "").trim();
    const location: SourceLocation = { line: element.line, element: `<item> (wp:post_id ${key || "missing"})` };
    if (comments.length === 0) return;
    if (key === "") {
      this.source.problems.push({ location, message: "an <item> with comments but no wp:post_id, guid or link" });
      return;
    }
    if (this.threadKeys.has(key)) {
      this.source.problems.push({ location, message: `post ${key} appears twice in the file`, threadKey: key });
      return;
    }
    this.threadKeys.add(key);
    this.source.threads.push({
      key,
      path: pathOf(link ?? childText(element, "guid"), this.pageParams),
      title: cleanTitle(childText(element, "title")),
      url: pageUrl(link ?? childText(element, "guid")),
      closed: (childText(element, "wp:comment_status") ?? "").trim() === "closed",
      createdAt: parseDate(childText(element, "wp:post_date_gmt")),
      location,
    });
    for (const comment of comments) this.comment(comment, key);
  }

  private comment(element: XmlElement, threadKey: string): void {
    const key = (childText(element, "wp:comment_id") ?? "").trim();
    const location: SourceLocation = {
      line: element.line,
      element: `<wp:comment> (wp:comment_id ${key || "missing"})`,
    };
    const problem = (message: string): void => {
      this.source.problems.push({ location, message, threadKey });
    };
    if (!/^[0-9]{1,20}$/.test(key)) {
      problem("wp:comment_id is missing or not a number");
      return;
    }
    if (this.commentKeys.has(key)) {
      problem(`comment ${key} appears twice in the file`);
      return;
    }
    this.commentKeys.add(key);
    const parent = (childText(element, "wp:comment_parent") ?? "0").trim();
    const parentKey = parent === "" || parent === "0" ? null : parent;
    const type = (childText(element, "wp:comment_type") ?? "").trim();
    const linkedFrom =
      type === "pingback" || type === "trackback" ? cleanWebsite(childText(element, "wp:comment_author_url")) : null;
    if ((type === "pingback" || type === "trackback") && linkedFrom === null) {
      this.leftOutParents.set(key, parentKey);
      leaveOut(this.source, "pingbacks and trackbacks without a source address");
      return;
    }
    const approved = (childText(element, "wp:comment_approved") ?? "").trim();
    const status = statuses[approved];
    if (status === undefined) {
      problem(`wp:comment_approved "${approved.slice(0, 20)}" is not 1, 0, spam or trash`);
      return;
    }
    const createdAt =
      parseDate(childText(element, "wp:comment_date_gmt")) ?? parseDate(childText(element, "wp:comment_date"));
    if (createdAt === null) {
      problem("wp:comment_date_gmt is missing or not a date");
      return;
    }
    this.source.comments.push({
      key,
      threadKey,
      parentKey,
      idempotencyKey: `import:wordpress:${key}`,
      authorName: cleanName(childText(element, "wp:comment_author")),
      authorEmail: cleanEmail(childText(element, "wp:comment_author_email")),
      authorWebsite: linkedFrom
        ? new URL(linkedFrom).origin
        : cleanWebsite(childText(element, "wp:comment_author_url")),
      body: linkedFrom
        ? mentionBody(childText(element, "wp:comment_content") ?? "", linkedFrom)
        : htmlToMarkdown(childText(element, "wp:comment_content") ?? "", { newlinesAreBreaks: true }),
      mentionSource: linkedFrom,
      status,
      createdAt,
      location,
    });
  }
}
