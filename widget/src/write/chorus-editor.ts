import { fieldLimits } from "../../../common/vocabulary";
import type { Editor } from "../chorus-comment";
import { controls } from "./controls";
import { css, html, LitElement, RequestError, t, tokens } from "./shared";

/**
 * Edits the reader's own comment in place: its text as they typed it, Save and Cancel.
 *
 * Properties: `commentId`, `editor` (the thread's, which sends the edit and updates the thread).
 * Events: `chorus-edited` once saved, `chorus-cancel` (both bubble and are composed).
 * Parts: `edit-button` (Save), `textarea`.
 */
export class ChorusEditor extends LitElement {
  static override styles = [
    tokens,
    controls,
    css`
      textarea {
        font: inherit;
        color: var(--_text);
        background: var(--_background);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 0.5rem;
        width: 100%;
        box-sizing: border-box;
        min-height: 5rem;
      }
    `,
  ];

  static override properties = {
    commentId: { attribute: false },
    editor: { attribute: false },
    problem: { state: true },
  };

  /** The id of the comment being edited. */
  declare commentId: number;
  /** Sends the edit; passed down from the thread. */
  declare editor: Editor | undefined;
  declare problem: string;

  constructor() {
    super();
    this.commentId = 0;
    this.problem = "";
  }

  override render() {
    return html`<form @submit=${this.onSave}>
      <label class="muted">${t("Edit your comment")}
        <textarea part="textarea" name="body" required maxlength=${fieldLimits.body}
          .value=${this.editor?.editable(this.commentId) ?? ""}></textarea>
      </label>
      <div part="actions">
        <button part="edit-button" class="link-button" type="submit">${t("Save")}</button>
        <button class="link-button" type="button" @click=${this.onCancel}>${t("Cancel")}</button>
        <span class="error" role="alert">${this.problem}</span>
      </div>
    </form>`;
  }

  private async onSave(event: SubmitEvent) {
    event.preventDefault();
    const body = String(new FormData(event.target as HTMLFormElement).get("body") ?? "").trim();
    if (!body) {
      this.problem = t("Please write a comment.");
      return;
    }
    try {
      await this.editor?.edit(this.commentId, body);
      this.problem = "";
      this.dispatchEvent(new CustomEvent("chorus-edited", { bubbles: true, composed: true }));
    } catch (error) {
      this.problem = error instanceof RequestError ? error.message : t("Could not reach the server.");
    }
  }

  private onCancel() {
    this.dispatchEvent(new CustomEvent("chorus-cancel", { bubbles: true, composed: true }));
  }
}
