/**
 * An optional second opinion from Akismet (off unless a site has an Akismet key). Builds the
 * `comment-check` request, sends it with the `fetch` it is handed and reads the answer; the Worker
 * decides when to call it and passes the verdict to `assessComment` as `akismet`. Any failure is
 * reported, never thrown, so a slow or broken Akismet can only mean "no opinion".
 * API: https://akismet.com/developers/detailed-docs/comment-check/
 */

/** The site's Akismet account. */
export interface AkismetConfig {
  /** The API key (a secret). */
  apiKey: string;
  /** The front page of the site the key is registered for. */
  blogUrl: string;
  /** Marks requests as tests, so they do not train Akismet. */
  isTest?: boolean;
  /** An Akismet-compatible comment-check address instead of Akismet's own. */
  endpoint?: string;
}

/** What Akismet is told about a comment; the more, the better it judges. */
export interface AkismetComment {
  /** The poster's IP address (required by Akismet). */
  userIp: string;
  userAgent?: string;
  referrer?: string;
  /** The address of the page commented on. */
  permalink?: string;
  authorName: string;
  authorEmail?: string | null;
  authorWebsite?: string | null;
  body: string;
  /** Whether the comment replies to another one. */
  isReply?: boolean;
  /** When it was posted, in ms since the epoch. */
  postedAt?: number;
  /** Languages of the site, such as `en` or `en, fr`. */
  siteLanguages?: string;
}

/** Akismet's verdict on a comment; `discard` is its "blatant spam, do not even keep it". */
export type AkismetVerdict = "ham" | "spam" | "discard";

/** Akismet's answer, or why there is none. */
export type AkismetResult = { ok: true; verdict: AkismetVerdict } | { ok: false; error: string };

/** Akismet's comment-check endpoint. */
export const AKISMET_COMMENT_CHECK_URL = "https://rest.akismet.com/1.1/comment-check";

const USER_AGENT = "Chorus/0.1 | Chorus-Akismet/1";

/** The `comment-check` request for a comment. */
export function buildAkismetRequest(config: AkismetConfig, comment: AkismetComment): Request {
  const form = new URLSearchParams({
    api_key: config.apiKey,
    blog: config.blogUrl,
    user_ip: comment.userIp,
    comment_type: comment.isReply ? "reply" : "comment",
    comment_author: comment.authorName,
    comment_content: comment.body,
    blog_charset: "UTF-8",
  });
  const optional: Array<[string, string | null | undefined]> = [
    ["user_agent", comment.userAgent],
    ["referrer", comment.referrer],
    ["permalink", comment.permalink],
    ["comment_author_email", comment.authorEmail],
    ["comment_author_url", comment.authorWebsite],
    ["comment_date_gmt", comment.postedAt === undefined ? undefined : new Date(comment.postedAt).toISOString()],
    ["blog_lang", comment.siteLanguages],
    ["is_test", config.isTest ? "1" : undefined],
  ];
  for (const [name, value] of optional) if (value) form.set(name, value);
  return new Request(config.endpoint ?? AKISMET_COMMENT_CHECK_URL, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8", "User-Agent": USER_AGENT },
    body: form.toString(),
  });
}

/**
 * Reads Akismet's answer: `true` is spam (`discard` when it adds the "discard" pro tip for blatant
 * spam), `false` is ham; anything else is an error, explained by its debug header when present.
 */
export async function parseAkismetResponse(response: Response): Promise<AkismetResult> {
  const body = (await response.text()).trim();
  if (response.ok && body === "true") {
    const discard = response.headers.get("X-akismet-pro-tip")?.toLowerCase() === "discard";
    return { ok: true, verdict: discard ? "discard" : "spam" };
  }
  if (response.ok && body === "false") return { ok: true, verdict: "ham" };
  const help = response.headers.get("X-akismet-debug-help") ?? response.headers.get("X-akismet-alert-msg");
  return { ok: false, error: `Akismet answered ${response.status} "${body.slice(0, 100)}"${help ? `: ${help}` : ""}` };
}

/** Asks Akismet about a comment with the given `fetch`. Never throws. */
export async function checkWithAkismet(
  fetcher: (request: Request) => Promise<Response>,
  config: AkismetConfig,
  comment: AkismetComment,
): Promise<AkismetResult> {
  try {
    return await parseAkismetResponse(await fetcher(buildAkismetRequest(config, comment)));
  } catch (error) {
    return { ok: false, error: `Akismet unreachable: ${error instanceof Error ? error.message : String(error)}` };
  }
}
