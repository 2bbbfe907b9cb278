import { css, html, LitElement, nothing } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import type { PublicComment } from "../../worker/api/schemas";
import type { Poster } from "./chorus-form";
import { tokens } from "./styles/tokens";

/** Replies deeper than this are not indented further; they still sit under their parent. */
const maxIndentDepth = 4;

/**
 * One comment with its replies, and an inline reply form on demand.
 *
 * `bodyHtml` comes from the server's renderer (worker/render), which escapes every character of the
 * reader's text and emits only a fixed set of tags, so it is safe to insert as HTML.
 *
 * Properties: `comment`, `depth`, `poster`, `closed` (no reply buttons).
 * Events: `chorus-posted` bubbles up from a reply form.
 * Parts: `comment`, `header`, `author`, `time`, `body`, `badge` (and `staff-badge`), `actions`, `reply-button`,
 * `replies`.
 */
export class ChorusComment extends LitElement {
  static override styles = [
    tokens,
    css`
      article {
        padding: var(--_space) 0;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: baseline;
      }
      .author {
        font-weight: 600;
        color: var(--_text);
      }
      a.author {
        color: var(--_accent);
      }
      .badge {
        font-size: 0.75em;
        border: 1px solid var(--_border);
        border-radius: 999px;
        padding: 0 0.5rem;
        color: var(--_muted);
      }
      .badge.staff {
        border-color: var(--_accent);
        color: var(--_accent);
      }
      .body {
        overflow-wrap: anywhere;
      }
      .body :is(p, ul, ol, blockquote, pre) {
        margin: 0.5rem 0;
      }
      .body blockquote {
        border-left: 3px solid var(--_border);
        padding-left: var(--_space);
        color: var(--_muted);
      }
      .body code,
      .body pre {
        font-family: var(--_code-font);
        background: var(--_surface);
        border-radius: calc(var(--_radius) / 2);
      }
      .body code {
        padding: 0 0.25em;
      }
      .body pre {
        padding: var(--_space);
        overflow-x: auto;
      }
      .body a {
        color: var(--_accent);
      }
      .removed {
        font-style: italic;
        color: var(--_muted);
      }
      .reply-button {
        background: none;
        border: 0;
        padding: 0;
        color: var(--_accent);
        font-size: 0.875em;
      }
      .replies.indented {
        border-left: 2px solid var(--_border);
        padding-left: var(--_indent);
      }
      .replies:empty {
        display: none;
      }
    `,
  ];

  static override properties = {
    comment: { attribute: false },
    depth: { type: Number },
    poster: { attribute: false },
    closed: { type: Boolean },
    replying: { state: true },
  };

  /** The comment and its replies, as the API returns them. */
  declare comment: PublicComment;
  /** How deep this comment sits in its thread; 0 for a top-level comment. */
  declare depth: number;
  /** Prepares and sends replies; passed down from the thread. */
  declare poster: Poster | undefined;
  /** Whether the thread is closed, which hides the reply buttons. */
  declare closed: boolean;
  declare replying: boolean;

  constructor() {
    super();
    this.depth = 0;
    this.closed = false;
    this.replying = false;
  }

  override render() {
    const { comment } = this;
    return html`<article part="comment" id="comment-${comment.id}" aria-label="Comment by ${comment.authorName || "a removed author"}">
        ${
          comment.status === "removed"
            ? html`<p class="removed">This comment was removed.</p>`
            : html`${this.renderHeader()}
              <div part="body" class="body">${unsafeHTML(comment.bodyHtml)}</div>
              ${this.renderActions()}`
        }
      </article>
      <div part="replies" class="replies ${this.depth < maxIndentDepth ? "indented" : ""}">
        ${comment.replies.map(
          (reply) =>
            html`<chorus-comment
              .comment=${reply}
              .depth=${this.depth + 1}
              .poster=${this.poster}
              ?closed=${this.closed}
            ></chorus-comment>`,
        )}
      </div>`;
  }

  private renderHeader() {
    const { comment } = this;
    const created = new Date(comment.createdAt);
    return html`<header part="header">
      ${
        comment.authorWebsite && /^https?:\/\//i.test(comment.authorWebsite)
          ? html`<a part="author" class="author" href=${comment.authorWebsite} rel="nofollow ugc noopener" target="_blank"
            >${comment.authorName}</a
          >`
          : html`<span part="author" class="author">${comment.authorName}</span>`
      }
      <time part="time" class="muted" datetime=${comment.createdAt} title=${created.toLocaleString()}
        >${created.toLocaleDateString(undefined, { dateStyle: "medium" })}</time
      >
      ${comment.badge ? html`<span part="badge staff-badge" class="badge staff">${comment.badge}</span>` : nothing}
      ${comment.pinned ? html`<span part="badge" class="badge">Pinned</span>` : nothing}
      ${comment.status === "pending" ? html`<span part="badge" class="badge">Awaiting moderation</span>` : nothing}
    </header>`;
  }

  private renderActions() {
    if (this.closed) return nothing;
    if (this.replying) {
      return html`<chorus-form
        compact
        .parentId=${this.comment.id}
        .poster=${this.poster}
        @chorus-posted=${this.onReplyPosted}
        @chorus-cancel=${this.onCancel}
      ></chorus-form>`;
    }
    return html`<div part="actions">
      <button part="reply-button" class="reply-button" type="button" @click=${this.onReply}
        aria-label="Reply to ${this.comment.authorName}">Reply</button>
    </div>`;
  }

  private onReply() {
    this.replying = true;
  }

  private onReplyPosted() {
    this.replying = false;
  }

  private onCancel(event: Event) {
    event.stopPropagation();
    this.replying = false;
  }
}
