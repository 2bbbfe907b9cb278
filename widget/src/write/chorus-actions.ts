import { signInProviderBrands } from "../../../common/provider-brands";
import type { ReportReason } from "../../../common/vocabulary";
import type { PublicComment } from "../../../worker/api/schemas";
import type { Editor } from "../chorus-comment";
import type { Poster } from "./chorus-form";
import { controls } from "./controls";
import { formParts, html, LitElement, nothing, RequestError, reactionParts, t, tokens } from "./shared";

const noReactions = {};

/** A small mark of how a signed-in author signed in (never with what address). */
function signedInMark(provider: string) {
  // Providers known by their brand's name say it; the site's own (SSO, its OpenID provider) say so.
  const brand = (signInProviderBrands as Record<string, string | undefined>)[provider];
  const said = brand
    ? t("Signed in with {provider}", { provider: brand })
    : provider === "email"
      ? t("Signed in by email")
      : t("Signed in with the site's account");
  return html`<span part="signed-in-with" class="muted">${said}</span>`;
}

/** The reasons a reader can give, as the form shows them. */
const reportChoices: [ReportReason, string][] = [
  ["spam", "Spam"],
  ["abuse", "Abuse"],
  ["off_topic", "Off topic"],
  ["other", "Other"],
];

/** What a comment's actions ask of the thread's writer to report it (the `chorus-report` event). */
export interface ReportRequest {
  commentId: number;
  reason: ReportReason;
  /** Called with whether the report was sent. */
  settle(sent: boolean): void;
}

/**
 * What a reader can do with a comment: react, reply (the form opens in place), edit or delete it if
 * this browser posted it, or else report it to the moderators.
 *
 * Properties: `comment`, `poster`, `editor` (the thread's).
 * Events: `chorus-edit` when the reader asks to edit (the comment shows the editor); `chorus-report`
 * (detail: ReportRequest) to send a report;
 * `chorus-posted` bubbles up from the reply form, `chorus-react` from the reactions.
 * Parts: `actions`, `reply-button`, `edit-button`, `delete-button`, `report` (its button and reasons),
 * `signed-in-with` (how a signed-in author signed in),
 * and those of the reactions and the form.
 */
export class ChorusActions extends LitElement {
  static override styles = [tokens, controls];

  static override properties = {
    comment: { attribute: false },
    poster: { attribute: false },
    editor: { attribute: false },
    replying: { state: true },
    reporting: { state: true },
    problem: { state: true },
  };

  /** The comment these actions are for. */
  declare comment: PublicComment;
  /** Prepares and sends replies; passed down from the thread. */
  declare poster: Poster | undefined;
  /** Edits and deletes the reader's own comments; passed down from the thread. */
  declare editor: Editor | undefined;
  declare replying: boolean;
  /** Whether the report form is open; "sent" once the report went. */
  declare reporting: boolean | "sent";
  declare problem: string;

  constructor() {
    super();
    this.replying = false;
    this.reporting = false;
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
            <button part="delete-button" class="link-button" type="button" @click=${this.onDelete}>${t("Delete")}</button>`
          : comment.status === "published"
            ? this.renderReport()
            : nothing
      }
      ${comment.signedInWith ? signedInMark(comment.signedInWith) : nothing}
      <span class="error" role="alert">${this.problem}</span>
    </div>`;
  }

  /** "Report", then a reason and "Send report", then thanks. */
  private renderReport() {
    if (this.reporting === "sent")
      return html`<span class="muted">${t("Thanks: the moderators will look at it.")}</span>`;
    if (!this.reporting) {
      return html`<button part="report" class="link-button" type="button" @click=${this.onReport}
        aria-label=${t("Report the comment by {name}", { name: this.comment.authorName })}>${t("Report")}</button>`;
    }
    return html`<select part="report" aria-label=${t("Why?")}>
        ${reportChoices.map(([reason, label]) => html`<option value=${reason}>${t(label)}</option>`)}
      </select>
      <button part="report" class="link-button" type="button" @click=${this.onSendReport}>${t("Send report")}</button>
      <button class="link-button" type="button" @click=${this.onReport}>${t("Cancel")}</button>`;
  }

  private onReport() {
    this.reporting = !this.reporting;
  }

  /** Asks the thread's writer to send the report (`chorus-report`), and says how it went. */
  private onSendReport() {
    const reason = this.renderRoot.querySelector("select")?.value as ReportReason;
    const detail: ReportRequest = {
      commentId: this.comment.id,
      reason,
      settle: (sent) => {
        this.reporting = sent ? "sent" : true;
        this.problem = sent ? "" : t("The report could not be sent.");
      },
    };
    this.dispatchEvent(new CustomEvent("chorus-report", { bubbles: true, composed: true, detail }));
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
