import { LitElement } from "lit";
import { normalizePagePath } from "../../common/vocabulary";
import type { ChorusApi } from "./api";
import { apiFor, embedDefaults } from "./config";
import { pickLanguage, t, useLanguage } from "./i18n";

/** Count requests waiting for the end of the current task, per API client, so a listing page makes one request. */
const queued = new Map<string, { client: ChorusApi; waiting: Map<string, ChorusCount[]> }>();
const maxPagesPerRequest = 50;

function enqueue(client: ChorusApi, page: string, element: ChorusCount) {
  const key = `${client.base} ${client.site}`;
  let batch = queued.get(key);
  if (!batch) {
    batch = { client, waiting: new Map() };
    queued.set(key, batch);
    queueMicrotask(() => flush(key));
  }
  batch.waiting.set(page, [...(batch.waiting.get(page) ?? []), element]);
}

async function flush(key: string) {
  const batch = queued.get(key);
  queued.delete(key);
  if (!batch) return;
  const pages = [...batch.waiting.keys()];
  for (let start = 0; start < pages.length; start += maxPagesPerRequest) {
    const slice = pages.slice(start, start + maxPagesPerRequest);
    try {
      const [{ counts }] = await Promise.all([
        batch.client.counts(slice),
        useLanguage(batch.client.base, pickLanguage(embedDefaults.lang)),
      ]);
      for (const page of slice) for (const element of batch.waiting.get(page) ?? []) element.show(counts[page] ?? 0);
    } catch {
      for (const page of slice) for (const element of batch.waiting.get(page) ?? []) element.show(null);
    }
  }
}

/**
 * The number of comments on a page, for listing pages: `<chorus-count page="/post/x"></chorus-count>`.
 * All counts on a page are fetched with one request. Renders plain text in light DOM, so it takes
 * the host page's styles; until the count arrives it keeps whatever the author put inside it.
 *
 * Attributes: `page` (required), `site` and `api` (default to the embed script's).
 */
export class ChorusCount extends LitElement {
  static override properties = { page: {}, site: {}, api: {} };

  /** The page whose comments are counted, as a path or URL. */
  declare page: string;
  declare site: string;
  declare api: string;

  protected override createRenderRoot() {
    return this;
  }

  override connectedCallback() {
    super.connectedCallback();
    const client = apiFor(this);
    if (client && this.page) enqueue(client, normalizePagePath(this.page, "all"), this);
  }

  /** Shows a count, or nothing when counts could not be loaded. */
  show(count: number | null) {
    this.textContent = count === null ? "" : t("{n} comments", { n: count });
  }

  protected override render() {
    return undefined;
  }
}
