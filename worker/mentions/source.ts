/**
 * Reading a Webmention's source as the W3C Recommendation asks a receiver to verify it: fetched
 * safely (http(s) only and re-checked at every hop, at most 5 redirects, 1 MB, 10 s, HTML only),
 * accepted only if it links to the target exactly (`HTMLRewriter`), and read for what it says of
 * itself in microformats2 (`microformats-parser`): its author, their photo and site, when it was
 * published, its content or summary, and whether it is a reply, like, repost or mention.
 */
import { mf2 } from "microformats-parser";
import { addressProblem } from "./address";

const maxRedirects = 5;
const maxBytes = 1024 * 1024;
const timeoutMs = 10_000;

export type MentionKind = "reply" | "like" | "repost" | "mention";

/** What a verified source says. */
export interface MentionContent {
  kind: MentionKind;
  authorName: string;
  authorUrl: string | null;
  authorPhoto: string | null;
  published: string | null;
  /** The reply's text (content, else summary, else name), at most 1,000 characters. */
  text: string;
  /** The final address of the source, after redirects. */
  url: string;
}

/** What reading the source came to. */
export type SourceReading =
  | { outcome: "verified"; content: MentionContent }
  /** 410 Gone, or it no longer links to the target: a mention of it is removed. */
  | { outcome: "gone"; reason: string }
  | { outcome: "rejected"; reason: string };

/** Fetches `source`, following at most 5 redirects, each to an address it may fetch. */
async function fetchSafely(source: string, allowPrivate: boolean, fetcher: typeof fetch) {
  let address = source;
  for (let hop = 0; hop <= maxRedirects; hop++) {
    const problem = addressProblem(address, allowPrivate);
    if (problem) return { rejected: `the source ${hop > 0 ? "redirects to an address that " : ""}${problem}` };
    const response = await fetcher(address, {
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: { Accept: "text/html", "User-Agent": "Chorus-Webmention/1 (+https://www.w3.org/TR/webmention/)" },
    });
    const location = response.headers.get("Location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      address = new URL(location, address).href;
      continue;
    }
    return { response, address };
  }
  return { rejected: `the source redirects more than ${maxRedirects} times` };
}

/** The body as text, or null past `maxBytes`. */
async function readLimited(response: Response): Promise<string | null> {
  const declared = Number(response.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes) {
    await response.body?.cancel();
    return null;
  }
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** What a page says without microformats: every address it links to or embeds, its title, and the paragraph that links to `target`. */
interface PlainPage {
  links: Set<string>;
  title: string;
  linkingParagraph: string;
}

/** Reads the page's links (resolved against `base`), title and linking paragraph with HTMLRewriter. */
async function readPlain(html: string, base: string, target: string): Promise<PlainPage> {
  const page: PlainPage = { links: new Set(), title: "", linkingParagraph: "" };
  const paragraphs: string[] = [];
  let linking = -1;
  const resolve = (value: string | null) => (value === null ? null : (URL.parse(value.trim(), base)?.href ?? null));
  const collect = (attribute: string) => ({
    element(element: Element) {
      const url = resolve(element.getAttribute(attribute));
      if (url) page.links.add(url);
    },
  });
  await new HTMLRewriter()
    .on("a[href]", {
      element(element) {
        const url = resolve(element.getAttribute("href"));
        if (!url) return;
        page.links.add(url);
        if (url === target && linking < 0 && paragraphs.length > 0) linking = paragraphs.length - 1;
      },
    })
    .on("link[href]", collect("href"))
    .on("area[href]", collect("href"))
    .on("img[src]", collect("src"))
    .on("video[src]", collect("src"))
    .on("audio[src]", collect("src"))
    .on("source[src]", collect("src"))
    .on("title", {
      text(chunk) {
        page.title += chunk.text;
      },
    })
    .on("p", {
      element() {
        paragraphs.push("");
      },
      text(chunk) {
        paragraphs[paragraphs.length - 1] += chunk.text;
      },
    })
    .transform(new Response(html))
    .text();
  page.linkingParagraph = linking >= 0 ? (paragraphs[linking] ?? "") : "";
  return page;
}

type Mf2Item = { type?: string[]; properties?: Record<string, unknown[]>; children?: Mf2Item[]; value?: unknown };

function firstEntry(items: Mf2Item[]): Mf2Item | undefined {
  for (const item of items) {
    if (item.type?.includes("h-entry")) return item;
    const nested = firstEntry(item.children ?? []);
    if (nested) return nested;
  }
  return undefined;
}

/** A property's values as text: plain strings, an embedded item's `value`, `{html, value}`'s value, `{value, alt}`'s value. */
function texts(values: unknown[] | undefined): string[] {
  return (values ?? []).flatMap((value) => {
    if (typeof value === "string") return [value];
    if (value && typeof value === "object" && "value" in value && typeof value.value === "string") return [value.value];
    return [];
  });
}

function urlsOf(values: unknown[] | undefined, base: string): string[] {
  return (values ?? []).flatMap((value) => {
    const item = value as Mf2Item;
    const candidates = typeof value === "string" ? [value] : [...texts(item.properties?.url), ...texts([value])];
    return candidates.flatMap((candidate) => {
      const url = URL.parse(candidate, base);
      return url ? [url.href] : [];
    });
  });
}

function httpUrl(value: string | undefined, base: string): string | null {
  const url = value ? URL.parse(value, base) : null;
  return url && (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
}

/**
 * What the page's first h-entry says; without one (or without text in it), a mention by the page's
 * host, in the words of the paragraph that links to the target, else the page's title.
 */
function readEntry(html: string, base: string, target: string, plain: PlainPage): MentionContent {
  const entry = firstEntry(mf2(html, { baseUrl: base }).items as Mf2Item[]);
  const host = new URL(base).hostname;
  const properties = entry?.properties ?? {};
  const kind: MentionKind = urlsOf(properties["in-reply-to"], base).includes(target)
    ? "reply"
    : urlsOf(properties["like-of"], base).includes(target)
      ? "like"
      : urlsOf(properties["repost-of"], base).includes(target)
        ? "repost"
        : "mention";
  const author = (properties.author ?? [])[0];
  const card = author && typeof author === "object" ? ((author as Mf2Item).properties ?? {}) : {};
  const authorName = (texts(card.name)[0] ?? (typeof author === "string" ? author : "") ?? "").trim() || host;
  const text = (
    texts(properties.content)[0] ??
    texts(properties.summary)[0] ??
    texts(properties.name)[0] ??
    (plain.linkingParagraph || plain.title)
  )
    .replace(/\s+/g, " ")
    .trim();
  return {
    kind,
    authorName: authorName.slice(0, 100),
    authorUrl: httpUrl(texts(card.url)[0], base),
    authorPhoto: httpUrl(texts(card.photo)[0], base),
    published: texts(properties.published)[0] ?? null,
    text: text.length > 1000 ? `${text.slice(0, 999)}…` : text,
    url: base,
  };
}

/**
 * Reads `source` and verifies it mentions `target`. Network failures throw (the queue retries);
 * every answer is an outcome.
 */
export async function readSource(
  source: string,
  target: string,
  options: { allowPrivate: boolean; fetcher?: typeof fetch },
): Promise<SourceReading> {
  const fetched = await fetchSafely(source, options.allowPrivate, options.fetcher ?? fetch);
  if ("rejected" in fetched) return { outcome: "rejected", reason: fetched.rejected ?? "" };
  const { response, address } = fetched;
  if (response.status === 410) {
    await response.body?.cancel();
    return { outcome: "gone", reason: "the source answered 410 Gone" };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { outcome: "rejected", reason: `the source answered ${response.status}` };
  }
  const type = (response.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "text/html" && type !== "application/xhtml+xml") {
    await response.body?.cancel();
    return { outcome: "rejected", reason: `the source is ${type || "untyped"}, not HTML` };
  }
  const html = await readLimited(response);
  if (html === null) return { outcome: "rejected", reason: "the source is larger than 1 MB" };
  const plain = await readPlain(html, address, new URL(target).href);
  if (!plain.links.has(new URL(target).href)) {
    return { outcome: "gone", reason: "the source does not link to the target" };
  }
  return { outcome: "verified", content: readEntry(html, address, new URL(target).href, plain) };
}
