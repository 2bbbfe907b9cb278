import type { PublicComment } from "../../../worker/api/schemas";
import type { Editor } from "../chorus-comment";
import type { Poster } from "./chorus-form";
import { controls } from "./controls";
import { formParts, html, LitElement, nothing, RequestError, reactionParts, t, tokens } from "./shared";

const noReactions = {};

/**
 * What a reader can do with a comment: react, reply (the form opens in place), and edit or delete
 * it if this browser posted it.
 *
 * Properties: `comment`, `poster`, `editor` (the thread's).
 * Events: `chorus-edit` when the reader asks to edit (the comment shows the editor);
 * `chorus-posted` bubbles up from the reply form, `chorus-react` from the reactions.
 * Parts: `actions`, `reply-button`, `edit-button`, `delete-button`, and those of the reactions and the form.
 */
export class ChorusActions extends LitElement {
  static override styles = [tokens, controls];

  static override properties = {
    comment: { attribute: false },
    poster: { attribute: false },
    editor: { attribute: false },
    replying: { state: true },
    problem: { state: true },
  };

  /** The comment these actions are for. */
  declare comment: PublicComment;
  /** Prepares and sends replies; passed down from the thread. */
  declare poster: Poster | undefined;
  /** Edits and deletes the reader's own comments; passed down from the thread. */
  declare editor: Editor | undefined;
  declare replying: boolean;
  declare problem: string;

  constructor() {
    super();
    this.replying = false;
    this.problem = "";
  }

  override render() {
    const { comment } = this;
    if (this.replying) {
      return html`<chorus-form
        exportparts=${formParts}
        compact
        .parentId=${comment.id}
        .poster=${this.poster}
        @chorus-posted=${this.onReplyEnded}
        @chorus-cancel=${this.onReplyEnded}
      ></chorus-form>`;
    }
    const own = this.editor?.editable(comment.id) != null;
    return html`<div part="actions">
      ${
        comment.status === "published"
          ? html`<chorus-reactions
              exportparts=${reactionParts}
              .counts=${comment.reactions ?? noReactions}
              .mine=${comment.myReaction ?? null}
              .target=${comment.id}
              label=${t("Reactions to the comment by {name}", { name: comment.authorName })}
            ></chorus-reactions>`
          : nothing
      }
      <button part="reply-button" class="reply-button" type="button" @click=${this.onReply}
        aria-label=${t("Reply to {name}", { name: comment.authorName })}>${t("Reply")}</button>
      ${
        own
          ? html`<button part="edit-button" class="link-button" type="button" @click=${this.onEdit}>${t("Edit")}</button>
            <button part="delete-button" class="link-button" type="button" @click=${this.onDelete}>${t("Delete")}</button>
            <span class="error" role="alert">${this.problem}</span>`
          : nothing
      }
    </div>`;
  }

  private onReply() {
    this.replying = true;
  }

  private onReplyEnded(event: Event) {
    if (event.type === "chorus-cancel") event.stopPropagation();
    this.replying = false;
  }

  private onEdit() {
    this.dispatchEvent(new CustomEvent("chorus-edit"));
  }

  private async onDelete() {
    if (!confirm(t("Delete your comment?"))) return;
    try {
      await this.editor?.remove(this.comment.id);
    } catch (error) {
      this.problem = error instanceof RequestError ? error.message : t("Could not reach the server.");
    }
  }
}
