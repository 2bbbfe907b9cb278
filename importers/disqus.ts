/**
 * Reads a Disqus export (`<disqus>` with `<thread dsq:id>` and `<post dsq:id>` records, as Disqus
 * Admin > Community > Export sends it) into an import source. Threads map to pages by their
 * `<link>`; posts keep their `<parent>`; `<isDeleted>`, `<isSpam>` and, where present,
 * `<isApproved>false</isApproved>` become the deleted, spam and pending statuses. Messages are HTML
 * and become Chorus text. Streams: `write` chunks of the file, then `end`.
 */
import { defaultPageParams } from "../common/vocabulary";
import { htmlToMarkdown } from "./html-to-markdown";
import {
  cleanEmail,
  cleanName,
  cleanTitle,
  emptySource,
  type ImportSource,
  pageUrl,
  parseDate,
  pathOf,
  type SourceLocation,
} from "./source";
import { child, childText, RecordReader, type XmlElement, XmlSyntaxError } from "./xml";

const flag = (element: XmlElement, name: string): boolean | undefined => {
  const text = childText(element, name)?.trim().toLowerCase();
  return text === undefined || text === "" ? undefined : text === "true" || text === "1";
};

export class DisqusReader {
  private readonly source = emptySource("disqus");
  private readonly records: RecordReader;
  private readonly threadKeys = new Set<string>();
  private readonly postKeys = new Set<string>();

  /** `pageParams`: the query parameters that identify a page on the site imported into. */
  constructor(private readonly pageParams: readonly string[] = defaultPageParams) {
    this.records = new RecordReader({
      isRecord: (name, ancestors) => ancestors.length === 1 && (name === "thread" || name === "post"),
      onRoot: (name, _attributes, at) => {
        if (name !== "disqus") {
          const hint = name === "rss" ? " (a WordPress export? import it as wordpress)" : "";
          throw new XmlSyntaxError(
            `not a Disqus export: the root element is <${name}>, not <disqus>${hint}`,
            at.line,
            at.column,
          );
        }
      },
      onRecord: (element) => (element.name === "thread" ? this.thread(element) : this.post(element)),
    });
  }

  write(chunk: string): void {
    this.records.write(chunk);
  }

  end(): ImportSource {
    this.records.end();
    return this.source;
  }

  private thread(element: XmlElement): void {
    const key = element.attributes.get("dsq:id")?.trim();
    const location: SourceLocation = { line: element.line, element: `<thread dsq:id="${key ?? ""}">` };
    if (!key) {
      this.source.problems.push({ location, message: "a <thread> without dsq:id cannot be referred to; ignored" });
      return;
    }
    if (this.threadKeys.has(key)) {
      this.source.problems.push({ location, message: `thread ${key} appears twice in the file`, threadKey: key });
      return;
    }
    this.threadKeys.add(key);
    const link = childText(element, "link");
    this.source.threads.push({
      key,
      path: pathOf(link, this.pageParams),
      title: cleanTitle(childText(element, "title")),
      url: pageUrl(link),
      closed: flag(element, "isClosed") ?? false,
      createdAt: parseDate(childText(element, "createdAt")),
      location,
    });
  }

  private post(element: XmlElement): void {
    const key = element.attributes.get("dsq:id")?.trim();
    const location: SourceLocation = { line: element.line, element: `<post dsq:id="${key ?? ""}">` };
    const threadKey = child(element, "thread")?.attributes.get("dsq:id")?.trim();
    if (!threadKey) {
      this.source.problems.push({ location, message: "the post names no <thread dsq:id>; it belongs to no page" });
      return;
    }
    const problem = (message: string): void => {
      this.source.problems.push({ location, message, threadKey });
    };
    if (!key) {
      problem("a <post> without dsq:id");
      return;
    }
    if (this.postKeys.has(key)) {
      problem(`post ${key} appears twice in the file`);
      return;
    }
    this.postKeys.add(key);
    const createdAt = parseDate(childText(element, "createdAt"));
    if (createdAt === null) {
      problem(`<createdAt> is missing or not a date: "${(childText(element, "createdAt") ?? "").slice(0, 40)}"`);
      return;
    }
    const author = child(element, "author");
    const status = flag(element, "isDeleted")
      ? "deleted"
      : flag(element, "isSpam")
        ? "spam"
        : flag(element, "isApproved") === false
          ? "pending"
          : "published";
    const parentKey = child(element, "parent")?.attributes.get("dsq:id")?.trim();
    this.source.comments.push({
      key,
      threadKey,
      parentKey: parentKey ? parentKey : null,
      idempotencyKey: `import:disqus:${key}`,
      authorName: cleanName(childText(author, "name") || childText(author, "username")),
      authorEmail: cleanEmail(childText(author, "email")),
      authorWebsite: null,
      body: htmlToMarkdown(childText(element, "message") ?? ""),
      status,
      createdAt,
      location,
    });
  }
}
