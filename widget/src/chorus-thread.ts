import { css, html, LitElement, nothing } from "lit";
import type { ReactionKind } from "../../common/vocabulary";
import { normalizePagePath } from "../../common/vocabulary";
import type { PostedComment, PublicComment, ReactionCounts, ThreadSort } from "../../worker/api/schemas";
import { type ChorusApi, storage } from "./api";
import type { Editor } from "./chorus-comment";
import type { CommentDraft, Poster } from "./chorus-form";
import { apiFor, currentPagePath, currentPageUrl, embedDefaults } from "./config";
import { pickLanguage, t, useLanguage } from "./i18n";
import { forgetOwn, ownComment, rememberOwn, rememberPosted } from "./own";
import { rendered, take } from "./render-budget";
import { commentParts, formParts, reactionParts, tokens } from "./styles/tokens";

const sortKey = "chorus:sort";
const sorts: [ThreadSort, string][] = [
  ["oldest", "Oldest first"],
  ["newest", "Newest first"],
  ["top", "Most reactions"],
];

/** The reader's remembered sort order, or oldest first. */
function savedSort(): ThreadSort {
  const saved = storage("localStorage")?.getItem(sortKey);
  return sorts.some(([sort]) => sort === saved) ? (saved as ThreadSort) : "oldest";
}

/** Returns `comments` with comment `id` replaced by `change(it)` (or removed, if it returns null), copying only the path to it. */
function updated(
  comments: PublicComment[],
  id: number,
  change: (comment: PublicComment) => PublicComment | null,
): PublicComment[] {
  return comments.flatMap((comment) => {
    if (comment.id === id) return change(comment) ?? [];
    return comment.replies.length > 0 ? [{ ...comment, replies: updated(comment.replies, id, change) }] : [comment];
  });
}

/** Returns `comments` with `reply` added under `parentId`, copying only the path to it so Lit re-renders it. */
function withReply(comments: PublicComment[], parentId: number, reply: PublicComment): PublicComment[] {
  return comments.map((comment) =>
    comment.id === parentId
      ? { ...comment, replies: [...comment.replies, reply] }
      : comment.replies.length > 0
        ? { ...comment, replies: withReply(comment.replies, parentId, reply) }
        : comment,
  );
}

function contains(comments: PublicComment[], id: number): boolean {
  return comments.some((comment) => comment.id === id || contains(comment.replies, id));
}

/**
 * The conversation of one page: the comment count, the form, the comments with their replies, and
 * "Show more comments" for the next page. Owns loading and posting for that page.
 *
 * Attributes: `site`, `api` (the Chorus origin), `page` (defaults to the canonical path), `theme`
 * (`light`, `dark`, or unset for the reader's preference).
 * Events: `chorus-posted` (detail: PostedComment) after the reader posts.
 * Parts: `thread`, `heading`, `count`, `toolbar`, `sort`, `page-reactions`, `closed`, `list`, `more`,
 * `status`, plus those of the comment, reactions and form elements. Custom properties: see
 * styles/tokens.ts and the README. Opening the page at `#comment-ID` scrolls to that comment.
 */
export class ChorusThread extends LitElement {
  static override styles = [
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
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_space);
        justify-content: space-between;
        align-items: center;
        margin-bottom: var(--_space);
      }
      select {
        font: inherit;
        color: var(--_text);
        background: var(--_background);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
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
    state: { state: true },
    comments: { state: true },
    commentCount: { state: true },
    closed: { state: true },
    nextCursor: { state: true },
    announcement: { state: true },
    sort: { state: true },
    pageReactions: { state: true },
    myPageReaction: { state: true },
  };

  /** The site id, as created with `npm run site`. */
  declare site: string;
  /** The Chorus deployment's origin, such as https://comments.example. */
  declare api: string;
  /** The page's identity; defaults to the canonical URL's path. */
  declare page: string;
  /** `light` or `dark`; unset follows the reader's preference. */
  declare theme: string | undefined;
  declare state: "loading" | "ready" | "error";
  declare comments: PublicComment[];
  declare commentCount: number;
  declare closed: boolean;
  declare nextCursor: string | null;
  declare announcement: string;
  declare sort: ThreadSort;
  declare pageReactions: ReactionCounts;
  declare myPageReaction: ReactionKind | null;
  private client: ChorusApi | null = null;
  /** How many top-level comments are rendered so far (long threads render in chunks, see render-budget.ts). */
  private shown = 0;
  /** The comment `#comment-ID` in the address points at, until it has been shown. */
  private target = Number(/^#comment-(\d+)$/.exec(location.hash)?.[1] ?? 0);

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
    window.addEventListener("hashchange", this.onHashChange);
    this.load();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener("hashchange", this.onHashChange);
  }

  private get pagePath(): string {
    return this.page ? normalizePagePath(this.page) : currentPagePath();
  }

  private async load(cursor?: string) {
    this.client = apiFor(this);
    this.poster.draftKey = `${this.client?.site}:${this.pagePath}`;
    if (!this.client) {
      this.state = "error";
      return;
    }
    try {
      const [page] = await Promise.all([
        this.client.thread(this.pagePath, cursor, this.sort),
        useLanguage(this.client.base, pickLanguage(this.lang || embedDefaults.lang)),
      ]);
      if (!cursor) this.shown = 0;
      this.comments = cursor ? [...this.comments, ...(page?.comments ?? [])] : (page?.comments ?? []);
      this.commentCount = page?.thread.commentCount ?? 0;
      this.closed = page?.thread.closed ?? false;
      this.nextCursor = page?.nextCursor ?? null;
      this.pageReactions = page?.thread.reactions ?? {};
      this.myPageReaction = page?.thread.myReaction ?? null;
      this.state = "ready";
      if (this.target) this.showTarget();
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

  /**
   * Scrolls to and highlights the comment the address points at, loading further pages until it is
   * found (or there are none left).
   */
  private async showTarget() {
    // The comments render in chunks after the thread; a frame after the last, all are laid out.
    await this.updateComplete;
    await rendered();
    await new Promise(requestAnimationFrame);
    const found = this.find(this.renderRoot, `#comment-${this.target}`);
    if (found) {
      this.target = 0;
      found.classList.add("highlight");
      found.scrollIntoView({ block: "center" });
      found.setAttribute("tabindex", "-1");
      found.focus({ preventScroll: true });
    } else if (this.nextCursor) {
      this.load(this.nextCursor);
    }
  }

  /** Finds an element in this thread's comments, which sit in nested shadow roots. */
  private find(root: HTMLElement | DocumentFragment | ShadowRoot, selector: string): HTMLElement | null {
    return this.findAll(root, selector)[0] ?? null;
  }

  private findAll(root: HTMLElement | DocumentFragment | ShadowRoot, selector: string): HTMLElement[] {
    return [
      ...root.querySelectorAll<HTMLElement>(selector),
      ...[...root.querySelectorAll("chorus-comment")].flatMap((element) =>
        element.shadowRoot ? this.findAll(element.shadowRoot, selector) : [],
      ),
    ];
  }

  private renderBody() {
    if (this.state === "loading") return html`<p class="muted">${t("Loading comments…")}</p>`;
    if (this.state === "error") {
      return html`<p class="muted">${t("Comments could not be loaded.")}
        <button type="button" class="more" @click=${() => this.load()}>${t("Try again")}</button></p>`;
    }
    return html`<div part="toolbar" class="toolbar">
        <chorus-reactions
          part="page-reactions"
          exportparts=${reactionParts}
          .counts=${this.pageReactions}
          .mine=${this.myPageReaction}
          ?disabled=${this.closed}
          label=${t("Reactions to this page")}
        ></chorus-reactions>
        <label class="muted"
          >${t("Sort by")}
          <select part="sort" @change=${this.onSort}>
            ${sorts.map(([sort, label]) => html`<option value=${sort} ?selected=${sort === this.sort}>${t(label)}</option>`)}
          </select></label
        >
      </div>
      ${
        this.closed
          ? html`<p part="closed" class="closed">${t("Comments are closed.")}</p>`
          : html`<chorus-form exportparts=${formParts} .poster=${this.poster}></chorus-form>`
      }
      <div part="list" class="list">
        ${this.renderedComments().map(
          (comment) =>
            html`<chorus-comment
              exportparts=${commentParts}
              .comment=${comment}
              .poster=${this.poster}
              .editor=${this.editor}
              ?closed=${this.closed}
            ></chorus-comment>`,
        )}
      </div>
      ${
        this.nextCursor
          ? html`<button part="more" class="more" type="button" @click=${() => this.load(this.nextCursor ?? undefined)}>
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

  /** How this thread's forms get their tokens and post: for this page, adding what is stored to the thread. */
  private poster: Poster = {
    draftKey: "",
    preview: async (body) => {
      if (!this.client) throw new Error("Chorus is not configured: set the site and api attributes");
      return (await this.client.preview(body)).bodyHtml;
    },
    prepare: () => {
      if (!this.client) throw new Error("Chorus is not configured: set the site and api attributes");
      return this.client.form(this.pagePath);
    },
    submit: (draft) => this.submit(draft),
  };

  /** How comments edit and delete the reader's own comments. */
  private editor: Editor = {
    editable: (id) => (this.client && ownComment(this.client.site, id)?.body) ?? null,
    edit: async (id, body) => {
      const own = this.client && ownComment(this.client.site, id);
      if (!this.client || !own) return;
      const edited = await this.client.edit(id, own.secret, body);
      rememberOwn(this.client.site, id, { ...own, body });
      this.comments = updated(this.comments, id, (comment) => ({
        ...comment,
        ...edited.comment,
        replies: comment.replies,
        reactions: comment.reactions,
        myReaction: comment.myReaction,
      }));
      this.commentCount = edited.commentCount;
      this.announcement = t("Your comment was edited.");
    },
    remove: async (id) => {
      const own = this.client && ownComment(this.client.site, id);
      if (!this.client || !own) return;
      const { commentCount } = await this.client.remove(id, own.secret);
      forgetOwn(this.client.site, id);
      this.comments = updated(this.comments, id, (comment) =>
        comment.replies.length > 0 ? { ...comment, status: "removed", authorName: "", bodyHtml: "" } : null,
      );
      this.commentCount = commentCount;
      this.announcement = t("Your comment was deleted.");
    },
  };

  private onHashChange = () => {
    this.target = Number(/^#comment-(\d+)$/.exec(location.hash)?.[1] ?? 0);
    for (const old of this.findAll(this.renderRoot, ".highlight")) old.classList.remove("highlight");
    if (this.target) this.showTarget();
  };

  private onSort(event: Event) {
    this.sort = (event.target as HTMLSelectElement).value as ThreadSort;
    try {
      storage("localStorage")?.setItem(sortKey, this.sort);
    } catch {
      // Storage may be disabled: the choice lasts for this page view only.
    }
    this.load();
  }

  private async onReact(event: CustomEvent<{ commentId?: number; kind: ReactionKind | null }>) {
    event.stopPropagation();
    if (!this.client) return;
    const { commentId, kind } = event.detail;
    try {
      const result = await this.client.react(this.pagePath, commentId, kind);
      if (commentId === undefined) {
        this.pageReactions = result.reactions;
        this.myPageReaction = result.myReaction;
      } else {
        this.comments = updated(this.comments, commentId, (comment) => ({
          ...comment,
          reactions: result.reactions,
          myReaction: result.myReaction,
        }));
      }
    } catch {
      this.announcement = t("Your reaction could not be saved.");
    }
  }

  private async submit(draft: CommentDraft): Promise<PostedComment> {
    if (!this.client) throw new Error("Chorus is not configured: set the site and api attributes");
    const posted = await this.client.post({
      ...draft,
      page: this.pagePath,
      pageTitle: document.title,
      pageUrl: currentPageUrl(),
    });
    const { comment } = posted;
    rememberPosted(this.client.site, posted, draft.body);
    if (!contains(this.comments, comment.id)) {
      this.comments =
        comment.parentId === null
          ? this.sort === "newest"
            ? [comment, ...this.comments]
            : [...this.comments, comment]
          : withReply(this.comments, comment.parentId, comment);
    }
    this.commentCount = posted.commentCount;
    this.announcement =
      comment.status === "pending"
        ? t("Your comment was received and is awaiting moderation.")
        : t("Your comment was posted.");
    return posted;
  }
}
