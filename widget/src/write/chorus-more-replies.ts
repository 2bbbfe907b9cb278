import type { PublicComment } from "../../../worker/api/schemas";
import { controls } from "./controls";
import { html, LitElement, t, tokens } from "./shared";

/**
 * "Show more replies" under a top-level comment whose replies the server sends page by page
 * (`comment.moreReplies`). Pressing it asks the thread's writer to read on, by the
 * `chorus-more-replies` event (bubbling out of the comment, detail: the comment).
 *
 * Properties: `comment`. Parts: `more-replies`.
 */
export class ChorusMoreReplies extends LitElement {
  static override styles = [tokens, controls];

  static override properties = { comment: { attribute: false } };

  declare comment: PublicComment;

  override render() {
    return html`<button part="more-replies" class="link-button" type="button" @click=${this.onClick}>
      ${t("Show more replies")}
    </button>`;
  }

  private onClick() {
    this.dispatchEvent(new CustomEvent("chorus-more-replies", { bubbles: true, composed: true, detail: this.comment }));
  }
}
