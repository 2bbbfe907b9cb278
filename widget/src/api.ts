/**
 * Where the reader's widget speaks HTTP: the Chorus API client. The reads that paint a thread are its
 * methods; the writing half (write/writer.ts) sends its posts, edits and previews through `request`.
 */

import type { Counts, ErrorBody, FieldError, ThreadPage, ThreadSort } from "../../worker/api/schemas";

/** A failed API call: the server's error code and sentence, and the fields it named. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

const readerKeyName = "chorus:reader";

/** A random key, URL-safe; used for idempotency keys and the per-browser reader key. */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
}

export function storage(kind: "localStorage" | "sessionStorage"): Storage | null {
  try {
    return window[kind];
  } catch {
    return null;
  }
}

/** Calls the API of one site on one Chorus deployment. */
export class ChorusApi {
  constructor(
    readonly base: string,
    readonly site: string,
  ) {}

  /** A page of the thread for `page` (empty when nobody has commented on it yet). */
  thread(page: string, cursor?: string | null, sort: ThreadSort = "oldest"): Promise<ThreadPage> {
    const query = new URLSearchParams({ page });
    if (sort !== "oldest") query.set("sort", sort);
    if (cursor) query.set("cursor", cursor);
    return this.request<ThreadPage>(`thread?${query}`, {}, this.wrote(page));
  }

  counts(pages: string[]): Promise<Counts> {
    const query = new URLSearchParams();
    for (const page of pages) query.append("page", page);
    return this.request<Counts>(`counts?${query}`);
  }

  /**
   * Calls `path` under the site's API; `asReader` sends the reader's key, made on the first write.
   * Reads send it only for a page this browser wrote on (`wrote`): other reads are the same for
   * everyone, and the server answers them from its cache. Resolves with the answer's body, or
   * rejects with a `RequestError`.
   */
  async request<T>(path: string, init: RequestInit = {}, asReader = false): Promise<T> {
    const headers = new Headers(init.headers);
    if (init.body) headers.set("Content-Type", "application/json");
    if (asReader) headers.set("X-Chorus-Reader", this.readerKey());
    const bookmarkName = `chorus:bookmark:${this.site}`;
    const bookmark = storage("sessionStorage")?.getItem(bookmarkName);
    if (bookmark && !init.body) headers.set("X-Chorus-Bookmark", bookmark);
    const response = await fetch(`${this.base}/api/sites/${encodeURIComponent(this.site)}/${path}`, {
      ...init,
      headers,
    });
    const latest = response.headers.get("X-Chorus-Bookmark");
    if (latest) storage("sessionStorage")?.setItem(bookmarkName, latest);
    const body = (await response.json().catch(() => null)) as T | ErrorBody | null;
    if (!response.ok) {
      const error = (body as ErrorBody | null)?.error;
      throw new RequestError(
        response.status,
        error?.code ?? "http_error",
        error?.message ?? response.statusText,
        error?.fields,
      );
    }
    return body as T;
  }

  /** Whether this browser posted or reacted on `page`: only then do its reads of it need the reader's key. */
  wrote(page: string): boolean {
    return !!storage("localStorage")?.getItem(`chorus:wrote:${this.site}`)?.split("\n").includes(page);
  }

  /** The reader's per-browser key, made on their first write, so they see their held comments on the pages they wrote on. */
  readerKey(): string {
    const store = storage("localStorage");
    let key = store?.getItem(readerKeyName);
    if (!key) {
      key = randomKey();
      store?.setItem(readerKeyName, key);
    }
    return key;
  }
}
