import { css, html, LitElement, nothing } from "lit";
import { normalizePagePath } from "../../worker/api/page";
import type { PostedComment, PublicComment } from "../../worker/api/schemas";
import type { ChorusApi } from "./api";
import type { CommentDraft, Poster } from "./chorus-form";
import { apiFor, currentPagePath, currentPageUrl } from "./config";
import { tokens } from "./styles/tokens";

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
 * Parts: `thread`, `heading`, `count`, `closed`, `list`, `more`, `status`, plus those of the
 * comment and form elements. Custom properties: see styles/tokens.ts and the README.
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
  private client: ChorusApi | null = null;

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
  }

  override connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  private get pagePath(): string {
    return this.page ? normalizePagePath(this.page) : currentPagePath();
  }

  private async load(cursor?: string) {
    this.client = apiFor(this);
    if (!this.client) {
      this.state = "error";
      return;
    }
    try {
      const page = await this.client.thread(this.pagePath, cursor);
      this.comments = cursor ? [...this.comments, ...(page?.comments ?? [])] : (page?.comments ?? []);
      this.commentCount = page?.thread.commentCount ?? 0;
      this.closed = page?.thread.closed ?? false;
      this.nextCursor = page?.nextCursor ?? null;
      this.state = "ready";
    } catch {
      if (!cursor) this.state = "error";
      this.announcement = "Comments could not be loaded.";
    }
  }

  override render() {
    return html`<section part="thread" aria-labelledby="chorus-heading">
      <h2 part="heading" class="heading" id="chorus-heading">
        <span part="count">${this.renderCount()}</span>
      </h2>
      ${this.renderBody()}
      <div part="status" class="status" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }

  private renderCount() {
    if (this.state !== "ready") return "Comments";
    return this.commentCount === 1 ? "1 comment" : `${this.commentCount} comments`;
  }

  private renderBody() {
    if (this.state === "loading") return html`<p class="muted">Loading comments…</p>`;
    if (this.state === "error") {
      return html`<p class="muted">Comments could not be loaded.
        <button type="button" class="more" @click=${() => this.load()}>Try again</button></p>`;
    }
    return html`${
      this.closed
        ? html`<p part="closed" class="closed">Comments are closed.</p>`
        : html`<chorus-form .poster=${this.poster}></chorus-form>`
    }
      <div part="list" class="list">
        ${this.comments.map(
          (comment) =>
            html`<chorus-comment .comment=${comment} .poster=${this.poster} ?closed=${this.closed}></chorus-comment>`,
        )}
      </div>
      ${
        this.nextCursor
          ? html`<button part="more" class="more" type="button" @click=${() => this.load(this.nextCursor ?? undefined)}>
            Show more comments
          </button>`
          : nothing
      }`;
  }

  /** How this thread's forms get their tokens and post: for this page, adding what is stored to the thread. */
  private poster: Poster = {
    prepare: () => {
      if (!this.client) throw new Error("Chorus is not configured: set the site and api attributes");
      return this.client.form(this.pagePath);
    },
    submit: (draft) => this.submit(draft),
  };

  private async submit(draft: CommentDraft): Promise<PostedComment> {
    if (!this.client) throw new Error("Chorus is not configured: set the site and api attributes");
    const posted = await this.client.post({
      ...draft,
      page: this.pagePath,
      pageTitle: document.title,
      pageUrl: currentPageUrl(),
    });
    const { comment } = posted;
    if (!contains(this.comments, comment.id)) {
      this.comments =
        comment.parentId === null ? [...this.comments, comment] : withReply(this.comments, comment.parentId, comment);
    }
    this.commentCount = posted.commentCount;
    this.announcement =
      comment.status === "pending"
        ? "Your comment was received and is awaiting moderation."
        : "Your comment was posted.";
    return posted;
  }
}
