import { css, html, LitElement, nothing } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import type { PublicComment } from "../../worker/api/schemas";
import { identiconStyle } from "./avatar";
import { t, timeAgo } from "./i18n";
import { take } from "./render-budget";
import { actionParts, commentParts, tokens } from "./styles/tokens";
import type { Poster } from "./write/chorus-form";

/** How a comment asks its thread about, and changes, the reader's own comments. */
export interface Editor {
  /** The text of the reader's own comment `id` if they may still change it from this browser. */
  editable(id: number): string | null;
  edit(id: number, body: string): Promise<void>;
  remove(id: number): Promise<void>;
}

/** Replies deeper than this are not indented further; they still sit under their parent. */
const maxIndentDepth = 4;

/**
 * One comment with its replies. What a reader can do with it (react, reply, edit, delete) is the
 * `<chorus-actions>` of the writing half (write.js), which fills in once it has loaded.
 *
 * `bodyHtml` comes from the server's renderer (worker/render), which escapes every character of the
 * reader's text and emits only a fixed set of tags, so it is safe to insert as HTML.
 *
 * Properties: `comment`, `depth`, `poster`, `editor`, `closed` (no reply, reaction or edit buttons).
 * Events: `chorus-posted` bubbles up from a reply form, `chorus-react` from its reactions.
 * Shows `<chorus-editor>` in place of the text while its author edits it.
 * Parts: `comment`, `header`, `avatar`, `author`, `time`, `permalink`, `edited`, `body`, `badge` (and `staff-badge`),
 * `actions`, `reply-button`, `edit-button`, `delete-button`, `editor`, `reactions`, `reaction`, `replies`.
 */
export class ChorusComment extends LitElement {
  static override styles = [
    tokens,
    css`
      :host {
        content-visibility: auto;
        contain-intrinsic-size: auto 8rem;
      }
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
        border-inline-start: 3px solid var(--_border);
        padding-inline-start: var(--_space);
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
      .replies.indented {
        border-inline-start: 2px solid var(--_border);
        padding-inline-start: var(--_indent);
      }
      .avatar {
        align-self: center;
        width: 25px;
        height: 25px;
        border-radius: var(--_radius);
        background: var(--_surface);
        overflow: hidden;
      }
      .avatar span {
        display: block;
        width: 5px;
        height: 5px;
      }
      article.highlight {
        outline: 2px solid var(--_accent);
        outline-offset: -2px;
        border-radius: var(--_radius);
      }
      a.permalink {
        color: inherit;
      }
      a.permalink:not(:hover) {
        text-decoration: none;
      }
      chorus-actions {
        display: block;
        min-height: 1.75rem;
      }
    `,
  ];

  static override properties = {
    comment: { attribute: false },
    depth: { type: Number },
    poster: { attribute: false },
    editor: { attribute: false },
    closed: { type: Boolean },
    editing: { state: true },
  };

  /** The comment and its replies, as the API returns them. */
  declare comment: PublicComment;
  /** How deep this comment sits in its thread; 0 for a top-level comment. */
  declare depth: number;
  /** Prepares and sends replies; passed down from the thread. */
  declare poster: Poster | undefined;
  /** Edits and deletes the reader's own comments; passed down from the thread. */
  declare editor: Editor | undefined;
  /** Whether the thread is closed, which hides the reply buttons. */
  declare closed: boolean;
  declare editing: boolean;
  /** How many replies are rendered so far (long threads render in chunks, see render-budget.ts). */
  private shownReplies = 0;

  constructor() {
    super();
    this.depth = 0;
    this.closed = false;
    this.editing = false;
  }

  override render() {
    const { comment } = this;
    const { replies } = comment;
    this.shownReplies += take(replies.length - this.shownReplies, this.later);
    return html`<article part="comment" id="comment-${comment.id}" aria-label=${comment.authorName ? t("Comment by {name}", { name: comment.authorName }) : t("Removed comment")}>
        ${
          comment.status === "removed"
            ? html`<p class="removed">${t("This comment was removed.")}</p>`
            : html`${this.renderHeader()}
              ${
                this.editing
                  ? this.renderEditor()
                  : html`<div part="body" class="body" dir="auto">${unsafeHTML(comment.bodyHtml)}</div>`
              }
              ${this.renderActions()}`
        }
      </article>
      <div part="replies" class="replies ${this.depth < maxIndentDepth ? "indented" : ""}">
        ${replies.slice(0, this.shownReplies).map(
          (reply) =>
            html`<chorus-comment
              exportparts=${commentParts}
              .comment=${reply}
              .depth=${this.depth + 1}
              .poster=${this.poster}
              .editor=${this.editor}
              ?closed=${this.closed}
            ></chorus-comment>`,
        )}
        ${comment.moreReplies ? html`<chorus-more-replies exportparts="more-replies" .comment=${comment}></chorus-more-replies>` : nothing}
      </div>`;
  }

  private renderHeader() {
    const { comment } = this;
    const created = new Date(comment.createdAt);
    return html`<header part="header">
      ${
        comment.avatar
          ? html`<span part="avatar" class="avatar" aria-hidden="true"
              ><span style=${identiconStyle(comment.avatar)}></span
            ></span>`
          : nothing
      }
      ${
        comment.authorWebsite && /^https?:\/\//i.test(comment.authorWebsite)
          ? html`<a part="author" class="author" href=${comment.authorWebsite} rel="nofollow ugc noopener" target="_blank"
            >${comment.authorName}</a
          >`
          : html`<span part="author" class="author">${comment.authorName}</span>`
      }
      <a part="permalink" class="permalink muted" href="${location.href.split("#")[0]}#comment-${comment.id}"
        ><time part="time" datetime=${comment.createdAt}
          >${timeAgo(created)}</time
        ></a
      >
      ${comment.editedAt ? html`<span part="edited" class="muted">${t("(edited)")}</span>` : nothing}
      ${comment.badge ? html`<span part="badge staff-badge" class="badge staff">${comment.badge}</span>` : nothing}
      ${comment.pinned ? html`<span part="badge" class="badge">${t("Pinned")}</span>` : nothing}
      ${comment.status === "pending" ? html`<span part="badge" class="badge">${t("Awaiting moderation")}</span>` : nothing}
    </header>`;
  }

  private renderEditor() {
    return html`<chorus-editor
      part="editor"
      exportparts="edit-button,textarea"
      .commentId=${this.comment.id}
      .editor=${this.editor}
      @chorus-edited=${this.onEditEnded}
      @chorus-cancel=${this.onEditEnded}
    ></chorus-editor>`;
  }

  private renderActions() {
    if (this.closed || this.editing) return nothing;
    return html`<chorus-actions
      exportparts=${actionParts}
      .comment=${this.comment}
      .poster=${this.poster}
      .editor=${this.editor}
      @chorus-edit=${this.onEdit}
    ></chorus-actions>`;
  }

  private onEdit() {
    this.editing = true;
  }

  private onEditEnded(event: Event) {
    event.stopPropagation();
    this.editing = false;
  }

  /** Renders again, for the replies that did not fit in an earlier task. */
  private later = () => {
    this.requestUpdate();
    return this.updateComplete;
  };
}
