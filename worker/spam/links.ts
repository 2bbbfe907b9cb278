/**
 * Finds the links in a comment body: plain addresses, `www.` and bare domains, addresses obfuscated as
 * `example . com` or `example dot com`, BBCode `[url=...]` and HTML `<a href=...>` markup, and e-mail
 * addresses. Works on text already passed through `normalizeText`, in time linear in its length:
 * markup is matched with bounded patterns, then each whitespace-separated chunk is looked at alone.
 */

/** What `scanLinks` found in a body. */
export interface LinkScan {
  /** Host name of every link, without `www.`, in order of kind then appearance (repeats kept). */
  hosts: string[];
  /** Links written as BBCode (`[url]`, `[url=...]`). */
  bbcodeLinks: number;
  /** Links written as HTML anchors (`<a href=...>`). */
  htmlLinks: number;
  /** Addresses disguised with spaces or words around the dot (`example . com`, `example dot com`). */
  obfuscatedLinks: number;
  /** E-mail addresses in the body. */
  emails: number;
  /** Links carrying a referral or affiliate parameter (`?ref=`, `&aff=`), or through a URL shortener. */
  trackedLinks: number;
  /** The body with every link, link markup and e-mail address replaced by a space. */
  textWithoutLinks: string;
}

/** Top-level domains that mark a bare `word.tld` as an address; omits those that are common words (me, it, to). */
const BARE_DOMAIN_TLDS =
  "com|net|org|info|biz|io|ru|tv|co|uk|fr|pl|br|xyz|online|site|top|club|shop|store|app|tk|ly|gl|su|ua|cc|eu";

const BBCODE = /\[(\/?)url(?:=([^\]\s]{1,500}))?\]/g;
/** The start of an HTML anchor's opening tag. */
const ANCHOR_START = /<a\s/g;
/** An anchor's address, looked for inside one opening tag (never across tags). */
const ANCHOR_HREF = /href\s*=\s*["']?([^"'\s>]{1,500})/;
/** How far an anchor's opening tag, and its text before `</a>`, may reach. */
const LONGEST_TAG = 1_000;
const OBFUSCATED =
  /(?<![a-z0-9-])([a-z0-9-]{2,63})(?:\s+\.\s*|\s*\.\s+|\s*[([]dot[)\]]\s*|\s+dot\s+)(com|net|org|info|biz|ru)(?![a-z0-9])/g;
const CHUNK = /[^\s<>"'[\]]+/g;
/** A chunk longer than this is only looked at up to here: no address is that long. */
const LONGEST_CHUNK = 500;

const SCHEME = /https?:\/\//;
const EMAIL = /^[a-z0-9._%+-]{1,64}@(?:[a-z0-9-]{1,63}\.){1,8}[a-z]{2,24}$/;
const HOST_WITH_TLD = /^(?:[a-z0-9-]{1,63}\.){1,8}([a-z]{2,24})$/;
const KNOWN_TLD = new RegExp(`^(?:${BARE_DOMAIN_TLDS})$`);
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}/]+$/gu;

const REFERRAL_PARAMETER = /[?&](?:ref|refid|referral|referrer|aff|affiliate|partner|r)=/;
/** Link shorteners, which hide where a link goes. */
const SHORTENERS = new Set(
  "bit.ly goo.gl ow.ly tinyurl.com t.co is.gd buff.ly adf.ly shorte.st cutt.ly rebrand.ly tiny.cc bit.do rb.gy t.ly v.gd".split(
    " ",
  ),
);

const SECOND_LEVEL_LABELS = new Set(["co", "com", "org", "net", "ac", "gov", "edu"]);

/**
 * Where readers cite from: code hosts and Q&A sites, encyclopaedias, standards bodies, official
 * documentation, governments and universities. A link there is a source, not the author's own page.
 */
const REFERENCE_HOST =
  /(?:^|\.)(?:github\.com|gitlab\.com|bitbucket\.org|stackoverflow\.com|stackexchange\.com|superuser\.com|serverfault\.com|wikipedia\.org|wikimedia\.org|archive\.org|mozilla\.org|w3\.org|whatwg\.org|ietf\.org|rfc-editor\.org|python\.org|nodejs\.org|npmjs\.com|rust-lang\.org|go\.dev|docker\.com|kubernetes\.io|readthedocs\.io|docs\.aws\.amazon\.com|learn\.microsoft\.com|developer\.apple\.com|developer\.android\.com|docs\.oracle\.com|cloud\.google\.com|react\.dev|typescriptlang\.org|kotlinlang\.org|postgresql\.org|php\.net|arxiv\.org|doi\.org|gov|gov\.[a-z]{2}|edu|ac\.[a-z]{2})$/;

/** Whether a link's host is a place readers cite from (`REFERENCE_HOST`). */
export function isReferenceHost(host: string): boolean {
  return REFERENCE_HOST.test(host);
}

/** Scans a normalised body for links. */
export function scanLinks(text: string): LinkScan {
  const scan: LinkScan = {
    hosts: [],
    bbcodeLinks: 0,
    htmlLinks: 0,
    obfuscatedLinks: 0,
    emails: 0,
    trackedLinks: 0,
    textWithoutLinks: "",
  };
  const addLink = (address: string) => {
    const host = hostOf(address);
    scan.hosts.push(host);
    if (REFERRAL_PARAMETER.test(address) || SHORTENERS.has(host)) scan.trackedLinks++;
  };
  const withoutBbcode = text.replace(BBCODE, (_tag, closing: string, address: string | undefined) => {
    if (closing !== "/") {
      scan.bbcodeLinks++;
      if (address !== undefined) addLink(address);
    }
    return " ";
  });
  const withoutAnchors = replaceAnchors(withoutBbcode, (address) => {
    scan.htmlLinks++;
    addLink(address);
  });
  const withoutMarkup = withoutAnchors.replace(OBFUSCATED, (_address, name: string, tld: string) => {
    scan.obfuscatedLinks++;
    scan.hosts.push(`${name}.${tld}`);
    return " ";
  });
  scan.textWithoutLinks = withoutMarkup.replace(CHUNK, (chunk) => {
    const kind = classifyChunk(chunk.slice(0, LONGEST_CHUNK));
    if (kind === undefined) return chunk;
    if (kind.email) scan.emails++;
    else addLink(kind.address);
    return " ";
  });
  return scan;
}

/**
 * Replaces each HTML anchor (`<a href=...>` with its text and `</a>` when they follow) by a space,
 * handing its address to `found`. Linear in the text: an opening tag ends at the first `>` after it,
 * found once for every tag together, and a start with no `>` near enough is passed over.
 */
function replaceAnchors(text: string, found: (address: string) => void): string {
  let out = "";
  let copiedUpTo = 0;
  let nextClose = -1;
  ANCHOR_START.lastIndex = 0;
  for (let start = ANCHOR_START.exec(text); start !== null; start = ANCHOR_START.exec(text)) {
    if (nextClose < start.index) nextClose = text.indexOf(">", start.index);
    if (nextClose === -1) break;
    if (nextClose - start.index > LONGEST_TAG) continue;
    const address = ANCHOR_HREF.exec(text.slice(start.index, nextClose))?.[1];
    if (address === undefined) continue;
    found(address);
    let end = nextClose + 1;
    const textEnd = text.indexOf("<", end);
    if (textEnd !== -1 && textEnd - end <= LONGEST_TAG && text.startsWith("</a>", textEnd)) end = textEnd + 4;
    out += `${text.slice(copiedUpTo, start.index)} `;
    copiedUpTo = end;
    ANCHOR_START.lastIndex = end;
  }
  return out + text.slice(copiedUpTo);
}

/** Whether a chunk of text is an address (given from its host on) or an e-mail address. */
function classifyChunk(chunk: string): { email: boolean; address: string } | undefined {
  if (!chunk.includes(".")) return undefined;
  const scheme = SCHEME.exec(chunk);
  if (scheme !== null) return { email: false, address: chunk.slice(scheme.index) };
  const trimmed = chunk.replace(EDGE_PUNCTUATION, "");
  if (EMAIL.test(trimmed)) return { email: true, address: trimmed };
  if (trimmed.startsWith("www.")) return { email: false, address: trimmed };
  const slash = trimmed.search(/[/?#]/);
  const host = slash === -1 ? trimmed : trimmed.slice(0, slash);
  const tld = HOST_WITH_TLD.exec(host)?.[1];
  if (tld === undefined) return undefined;
  // A bare `word.tld` is an address only for well-known TLDs; with a path, any TLD (`youtu.be/x`).
  const hasPath = slash !== -1 && trimmed.length > slash + 1;
  return hasPath || KNOWN_TLD.test(tld) ? { email: false, address: trimmed } : undefined;
}

/** The host name of an address written with or without a scheme, without `www.`: `https://www.a.b/x` → `a.b`. */
export function hostOf(address: string): string {
  const host = address
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]{0,20}:\/\//, "")
    .replace(/^[^@/]{0,200}@/, "")
    .split(/[/?#:]/, 1)[0];
  return (host ?? "").replace(/^www\./, "").replace(/\.$/, "");
}

/** The part of a host name its owner registered: `shop.example.co.uk` → `example.co.uk`. */
export function registrableDomain(host: string): string {
  const labels = host.split(".").filter((label) => label !== "");
  const keep = labels.length >= 3 && SECOND_LEVEL_LABELS.has(labels.at(-2) ?? "") && (labels.at(-1) ?? "").length === 2;
  return labels.slice(keep ? -3 : -2).join(".");
}
