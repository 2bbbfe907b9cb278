import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import type { ReactionKind } from "../../common/vocabulary";
import { normalizePagePath, threadSorts } from "../../common/vocabulary";
import type { PageReactions, PublicComment, ThreadSort } from "../../worker/api/schemas";
import { type ChorusApi, storage } from "./api";
import { apiFor, currentPagePath, embedDefaults } from "./config";
import { direction, pickLanguage, t, useLanguage } from "./i18n";
import { loadScript } from "./load-script";
import { take } from "./render-budget";
import { commentParts, formParts, palette, tokens } from "./styles/tokens";
import type { Reaction, WritableThread, Writer } from "./write/writer";

const sortKey = "chorus:sort";

/** The reader's remembered sort order, or oldest first. */
function savedSort(): ThreadSort {
  const saved = storage("localStorage")?.getItem(sortKey);
  return threadSorts.find((sort) => sort === saved) ?? "oldest";
}

/**
 * The conversation of one page: the comment count, the form, the comments with their replies, and
 * "Show more comments" for the next page. Owns loading for that page, and the state that posting,
 * editing and reacting change; how they are done is the writing half's (write/writer.ts), which a
 * thread loads once its comments are on screen, with the form, the actions and the toolbar.
 *
 * Attributes: `site`, `api` (the Chorus origin), `page` (defaults to the canonical path), `theme`
 * (`light`, `dark`, or unset / `auto` to match the host page's background).
 * `loading` (`lazy`: read when near the screen).
 * Events (for the host page, docs/embedding.md): `chorus-ready` and `chorus-count-changed` (detail:
 * `{ commentCount }`), `chorus-posted` (detail: PostedComment) after the reader posts.
 * Methods: `refresh()`.
 * Parts: `thread`, `heading`, `count`, `toolbar`, `sort`, `page-reactions`, `closed`, `list`, `more`,
 * `status`, plus those of the comment, reactions and form elements. Custom properties: see
 * styles/tokens.ts and the README. Opening the page at `#comment-ID` scrolls to that comment.
 */
export class ChorusThread extends LitElement implements WritableThread {
  static override styles = [
    palette,
    tokens,
    css`
      .heading {
        font-size: 1.25em;
        margin: 0 0 var(--_space);
      }
      .list {
        margin-top: calc(var(--_space) * 2);
      }
      .list > chorus-comment + chorus-comment {
        border-top: 1px solid var(--_border);
      }
      .more {
        margin-top: var(--_space);
        background: var(--_surface);
        color: var(--_text);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 0.5rem 1rem;
      }
      .closed {
        padding: var(--_space);
        background: var(--_surface);
        border-radius: var(--_radius);
      }
      chorus-toolbar {
        min-height: 1.75rem;
      }
      .status {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
      }
    `,
  ];

  static override properties = {
    site: { reflect: true },
    api: {},
    page: {},
    theme: { reflect: true },
    loading: {},
    dark: { type: Boolean, reflect: true },
    state: { state: true },
    comments: { state: true },
    commentCount: { state: true },
    closed: { state: true },
    nextCursor: { state: true },
    announcement: { state: true },
    sort: { state: true },
    pageReactions: { state: true },
    myPageReaction: { state: true },
    writer: { state: true },
  };

  /** The site id, as created with `npm run site`. */
  declare site: string;
  /** The Chorus deployment's origin, such as https://comments.example. */
  declare api: string;
  /** The page's identity; defaults to the canonical URL's path. */
  declare page: string;
  /** `light` or `dark`; unset (or `auto`) follows the host page's background. */
  declare theme: string | undefined;
  /** Whether the dark palette is on: `theme`, or the page's background when it is auto. */
  declare dark: boolean;
  /** `lazy` reads the thread only when it comes near the screen; unset reads it at once. */
  declare loading: string | undefined;
  declare state: "loading" | "ready" | "error";
  declare comments: PublicComment[];
  declare commentCount: number;
  declare closed: boolean;
  declare nextCursor: string | null;
  declare announcement: string;
  declare sort: ThreadSort;
  declare pageReactions: PageReactions;
  declare myPageReaction: ReactionKind | null;
  /** How forms post, comments are edited and readers react: the writing half's (write.js), once it has loaded. */
  declare writer: Writer | undefined;
  /** The API client for this thread's site, once it is known. */
  client: ChorusApi | null = null;
  /** Where the thread's changes stand, once it has loaded (live updates catch up from it). */
  declare revision: number;
  /** How many top-level comments are rendered so far (long threads render in chunks, see render-budget.ts). */
  private shown = 0;

  constructor() {
    super();
    this.site = "";
    this.api = "";
    this.page = "";
    this.state = "loading";
    this.comments = [];
    this.commentCount = 0;
    this.closed = false;
    this.nextCursor = null;
    this.announcement = "";
    this.sort = savedSort();
    this.pageReactions = {};
    this.myPageReaction = null;
  }

  override connectedCallback() {
    super.connectedCallback();
    this.matchPage();
    if (this.loading !== "lazy") return void this.load();
    // Lazy: the thread is read when it comes near the screen.
    new IntersectionObserver(
      ([entry], near) => {
        if (!entry?.isIntersecting) return;
        near.disconnect();
        this.load();
      },
      { rootMargin: "800px" },
    ).observe(this);
  }

  /** Reads the thread again from its first page, for a page whose identity changed (`refresh()` from the host page). */
  refresh(): Promise<void> {
    return this.load();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (this.hasUpdated && changed.has("page")) this.load();
  }

  protected override updated(changed: PropertyValues<this>) {
    if (changed.has("commentCount") && !changed.has("state") && this.state === "ready") {
      this.emit("chorus-count-changed", { commentCount: this.commentCount });
    }
  }

  /** Tells the host page something happened: events bubble out of the thread and its shadow root. */
  private emit(name: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /**
   * Takes the dark palette on a dark page: `theme`, or for auto the first opaque background behind
   * the thread (the browser's canvas when none: dark only when the page asks for a dark scheme and
   * the reader prefers it). Run before the first render, and again before the comments show (the
   * page's stylesheets may arrive after an async script).
   */
  private matchPage() {
    let node = this.parentElement;
    let [red, green, blue, alpha] = [0, 0, 0, 0];
    while (node && !(alpha > 0.5)) {
      [red = 0, green = 0, blue = 0, alpha = 1] =
        getComputedStyle(node)
          .backgroundColor.match(/[\d.]+/g)
          ?.map(Number) ?? [];
      node = node.parentElement;
    }
    this.dark =
      this.theme === "dark" ||
      (this.theme !== "light" &&
        (alpha > 0.5
          ? 2 * red + 7 * green + blue < 1280
          : getComputedStyle(document.documentElement).colorScheme.includes("dark") &&
            matchMedia("(prefers-color-scheme: dark)").matches));
  }

  /** The thread's page, normalised. */
  get pagePath(): string {
    return this.page ? normalizePagePath(this.page, "all") : currentPagePath();
  }

  async load(cursor?: string | null) {
    this.client = apiFor(this);
    if (!this.client) {
      this.state = "error";
      return;
    }
    try {
      const [page] = await Promise.all([
        this.client.thread(this.pagePath, cursor, this.sort),
        useLanguage(this.client.base, pickLanguage(this.lang || embedDefaults.lang)),
      ]);
      if (!cursor) {
        this.shown = 0;
        this.revision = page.thread.revision;
        this.matchPage();
        this.dir = direction();
      }
      this.comments = cursor ? [...this.comments, ...page.comments] : page.comments;
      this.commentCount = page.thread.commentCount;
      this.closed = page.thread.closed;
      this.nextCursor = page.nextCursor;
      this.pageReactions = page.thread.reactions ?? {};
      this.myPageReaction = page.thread.myReaction ?? null;
      this.state = "ready";
      this.loadWriting(this.client.base);
      this.emit("chorus-ready", { commentCount: this.commentCount });
    } catch {
      if (!cursor) this.state = "error";
      this.announcement = t("Comments could not be loaded.");
    }
  }

  override render() {
    return html`<section part="thread" aria-labelledby="chorus-heading" @chorus-react=${this.onReact}>
      <h2 part="heading" class="heading" id="chorus-heading">
        <span part="count">${this.renderCount()}</span>
      </h2>
      ${this.renderBody()}
      <div part="status" class="status" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }

  private renderCount() {
    if (this.state !== "ready") return t("Comments");
    return t("{n} comments", { n: this.commentCount });
  }

  private renderBody() {
    if (this.state === "loading") return html`<p class="muted">${t("Loading comments…")}</p>`;
    if (this.state === "error") {
      return html`<p class="muted">${t("Comments could not be loaded.")}
        <button type="button" class="more" @click=${() => this.load()}>${t("Try again")}</button></p>`;
    }
    return html`<chorus-toolbar
        part="toolbar"
        exportparts="page-reactions,sort,reactions,reaction"
        .counts=${this.pageReactions}
        .mine=${this.myPageReaction}
        .sort=${this.sort}
        ?closed=${this.closed}
        @chorus-sort=${this.onSort}
      ></chorus-toolbar>
      ${
        this.closed
          ? html`<p part="closed" class="closed">${t("Comments are closed.")}</p>`
          : html`<chorus-form exportparts=${formParts} .poster=${this.writer?.poster}></chorus-form>`
      }
      <div part="list" class="list">
        ${this.renderedComments().map(
          (comment) =>
            html`<chorus-comment
              exportparts=${commentParts}
              .comment=${comment}
              .poster=${this.writer?.poster}
              .editor=${this.writer?.editor}
              ?closed=${this.closed}
            ></chorus-comment>`,
        )}
      </div>
      ${
        this.nextCursor
          ? html`<button part="more" class="more" type="button" @click=${() => this.load(this.nextCursor)}>
            ${t("Show more comments")}
          </button>`
          : nothing
      }`;
  }

  /** The top-level comments rendered so far; the rest follow in later tasks. */
  private renderedComments() {
    this.shown += take(this.comments.length - this.shown, this.later);
    return this.comments.slice(0, this.shown);
  }

  private later = () => {
    this.requestUpdate();
    return this.updateComplete;
  };

  /** Loads the form and the editor (write.js) after the comments are on screen, and lets them write here. */
  private async loadWriting(base: string) {
    await loadScript(`${base}/write.js`);
    const writerFor = (globalThis as { chorusWriter?: (thread: WritableThread) => Writer }).chorusWriter;
    this.writer ??= writerFor?.(this);
  }

  private onSort(event: CustomEvent<ThreadSort>) {
    this.sort = event.detail;
    try {
      storage("localStorage")?.setItem(sortKey, this.sort);
    } catch {
      // Storage may be disabled: the choice lasts for this page view only.
    }
    this.load();
  }

  private onReact(event: CustomEvent<Reaction>) {
    event.stopPropagation();
    this.writer?.react(event.detail);
  }
}
