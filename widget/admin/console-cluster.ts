import { css, html, LitElement, nothing } from "lit";
import type { DuplicateCluster, ModeratedComment } from "./admin-api";
import { shortHash } from "./console-comment";
import { type DiffPart, wordDiff } from "./diff";
import { consoleStyles, formatDate, plural } from "./styles";

/**
 * A cluster of duplicates: the original beside each copy, with the words the copy dropped marked
 * `<del>` on the original's side and the words it added marked `<ins>` on the copy's side. The diff
 * is of the plain text, rendered with Lit templates, so no author text is ever parsed as HTML.
 *
 * Properties: `cluster`, `busy`.
 * Events: `chorus-resolve` (detail: {originalId, copyIds}) for "Keep the original, remove the copies".
 * Parts: `cluster`, `pair`, `resolve`.
 */
export class ConsoleCluster extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      section {
        display: grid;
        gap: var(--_space);
        padding: var(--_space);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      h3 {
        margin: 0;
        font-size: 1rem;
      }
      .pair {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
        gap: var(--_space);
      }
      .side {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 0.5rem var(--_space);
        min-width: 0;
      }
      .side h4 {
        margin: 0 0 0.25rem;
        font-size: 0.875rem;
      }
      .meta {
        font-size: 0.8rem;
        color: var(--_muted);
        display: flex;
        flex-wrap: wrap;
        gap: 0 0.75rem;
        overflow-wrap: anywhere;
      }
      .text {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        margin: 0.5rem 0 0;
      }
      del {
        background: color-mix(in srgb, var(--_danger) 20%, transparent);
        text-decoration: line-through;
      }
      ins {
        background: color-mix(in srgb, var(--_success) 25%, transparent);
        text-decoration: underline;
      }
    `,
  ];

  static override properties = {
    cluster: { attribute: false },
    busy: { type: Boolean },
  };

  /** The original and its copies, as the console API returns them. */
  declare cluster: DuplicateCluster;
  /** Whether the cluster's action is being sent. */
  declare busy: boolean;

  constructor() {
    super();
    this.busy = false;
  }

  override render() {
    const { original, copies } = this.cluster;
    return html`<section part="cluster" aria-labelledby="title">
      <h3 id="title">${original.authorName}'s comment #${original.id} on ${original.pageTitle ?? original.page}, and ${plural(copies.length, "copy", "copies")}</h3>
      ${copies.map((copy) => this.renderPair(original, copy))}
      <div class="row">
        <button part="resolve" class="primary resolve" type="button" ?disabled=${this.busy} @click=${this.onResolve}>
          Keep the original, remove the copies
        </button>
      </div>
    </section>`;
  }

  private renderPair(original: ModeratedComment, copy: ModeratedComment) {
    const parts = wordDiff(original.body, copy.body);
    const duplicate = copy.duplicate;
    return html`<div part="pair" class="pair" data-copy=${copy.id}>
      <div class="side original">
        <h4>Original #${original.id}</h4>
        ${this.renderMeta(original)}
        <p class="text">${this.renderSide(parts, "delete")}</p>
      </div>
      <div class="side copy">
        <h4>
          Copy #${copy.id}${
            duplicate
              ? html` <span class="badge">${duplicate.kind}, ${Math.round(duplicate.similarity * 100)}% similar</span>`
              : nothing
          }
        </h4>
        ${this.renderMeta(copy)}
        <p class="text">${this.renderSide(parts, "insert")}</p>
      </div>
    </div>`;
  }

  private renderMeta(comment: ModeratedComment) {
    return html`<div class="meta">
      <span>${comment.authorName}</span>
      ${comment.authorEmail ? html`<span>${comment.authorEmail}</span>` : nothing}
      ${comment.ipHash ? html`<span title=${comment.ipHash}>IP <code>${shortHash(comment.ipHash)}</code></span>` : nothing}
      <time datetime=${comment.createdAt}>${formatDate(comment.createdAt)}</time>
      <span>${comment.status === "pending" ? "held" : comment.status}</span>
    </div>`;
  }

  /** One side of the diff: the shared words plus this side's own, marked. */
  private renderSide(parts: DiffPart[], own: "delete" | "insert") {
    const shown = parts.filter((part) => part.op === "same" || part.op === own);
    return shown.map((part, index) => {
      const space = index < shown.length - 1 ? " " : "";
      if (part.op === "same") return html`${part.text}${space}`;
      return own === "delete" ? html`<del>${part.text}</del>${space}` : html`<ins>${part.text}</ins>${space}`;
    });
  }

  private onResolve() {
    const { original, copies } = this.cluster;
    this.dispatchEvent(
      new CustomEvent("chorus-resolve", {
        detail: { originalId: original.id, copyIds: copies.map((copy) => copy.id) },
        bubbles: true,
        composed: true,
      }),
    );
  }
}
