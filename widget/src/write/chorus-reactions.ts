import type { ReactionKind } from "../../../common/vocabulary";
import type { ReactionCounts } from "../../../worker/api/schemas";
import { css, html, LitElement, t, tokens } from "./shared";

/** The fixed set of reactions, with what a screen reader says for each. */
export const reactionChoices: [ReactionKind, string, string][] = [
  ["like", "👍", "Like"],
  ["love", "❤️", "Love"],
  ["laugh", "😂", "Funny"],
  ["think", "🤔", "Thinking"],
];

/**
 * A row of reaction buttons with their counts; the reader's own reaction is pressed. Pressing it again
 * takes it back.
 *
 * Properties: `counts`, `mine`, `target` (the comment id, unset for the page), `disabled`, `label`.
 * Events: `chorus-react` (detail: `{ commentId, kind }`, `kind` null to take back).
 * Parts: `reactions`, `reaction`.
 */
export class ChorusReactions extends LitElement {
  static override styles = [
    tokens,
    css`
      div {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }
      button {
        font-size: 0.875em;
        color: var(--_text);
        background: var(--_background);
        border: 1px solid var(--_border);
        border-radius: 999px;
        padding: 0 0.5rem;
        min-height: 1.75rem;
      }
      button[aria-pressed="true"] {
        border-color: var(--_accent);
        background: var(--_surface);
      }
      button:focus-visible {
        outline: 2px solid var(--_accent);
      }
    `,
  ];

  static override properties = {
    counts: { attribute: false },
    mine: { attribute: false },
    target: { attribute: false },
    disabled: { type: Boolean },
    label: {},
  };

  /** Reactions given so far, by kind. */
  declare counts: ReactionCounts;
  /** The reaction this reader gave, if any. */
  declare mine: ReactionKind | null;
  /** The comment reacted to; unset for the page itself. */
  declare target: number | undefined;
  /** No reacting (a closed thread). */
  declare disabled: boolean;
  /** What the group is called for screen readers. */
  declare label: string;

  constructor() {
    super();
    this.counts = {};
    this.mine = null;
    this.disabled = false;
    this.label = "Reactions";
  }

  override render() {
    return html`<div part="reactions" role="group" aria-label=${this.label}>
      ${reactionChoices.map(([kind, emoji, name]) => {
        const count = this.counts[kind] ?? 0;
        return html`<button
          part="reaction"
          type="button"
          aria-pressed=${this.mine === kind ? "true" : "false"}
          aria-label="${t(name)}, ${count}"
          ?disabled=${this.disabled}
          @click=${() => this.react(kind)}
        >
          ${emoji}${count > 0 ? ` ${count}` : ""}
        </button>`;
      })}
    </div>`;
  }

  private react(kind: ReactionKind) {
    const detail = { commentId: this.target, kind: this.mine === kind ? null : kind };
    this.dispatchEvent(new CustomEvent("chorus-react", { detail, bubbles: true, composed: true }));
  }
}
