import { type ReactionKind, type ThreadSort, threadSorts } from "../../../common/vocabulary";
import type { PageReactions } from "../../../worker/api/schemas";
import { css, html, LitElement, nothing, reactionParts, t, tokens } from "./shared";

/** What each order is called in the menu. */
const sortLabels: Record<ThreadSort, string> = {
  oldest: "Oldest first",
  newest: "Newest first",
  top: "Most reactions",
};

/**
 * The bar above a thread's comments: reactions to the page (with a row of faces of the people who
 * liked or reposted it on their own sites), the order of the comments, and the button that shows
 * new comments which arrived live (write/live.ts).
 *
 * Properties: `counts`, `mine` (the page's reactions), `sort`, `closed` (no reacting), `fresh` (how
 * many new comments wait).
 * Events: `chorus-sort` (detail: the chosen order), `chorus-show-new`, `chorus-react` from the reactions.
 * Parts: `page-reactions`, `elsewhere`, `reply-elsewhere`, `sort`, `show-new`, and those of the reactions.
 */
export class ChorusToolbar extends LitElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_space);
        justify-content: space-between;
        align-items: center;
        margin-bottom: var(--_space);
      }
      .show-new {
        flex-basis: 100%;
        font: inherit;
        color: var(--_accent-text);
        background: var(--_accent);
        border: 0;
        border-radius: var(--_radius);
        padding: 0.5rem 1rem;
        cursor: pointer;
      }
      .elsewhere {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin: 0;
        color: var(--_muted);
        font-size: 0.875em;
      }
      .faces {
        display: flex;
      }
      .faces a {
        display: grid;
        place-items: center;
        width: 1.5rem;
        height: 1.5rem;
        margin-inline-end: -0.35rem;
        border-radius: 50%;
        border: 2px solid var(--_background);
        overflow: hidden;
        background: var(--_border);
        color: var(--_text);
        text-decoration: none;
        font-size: 0.75rem;
      }
      .faces img {
        width: 100%;
        height: 100%;
        object-fit: cover;
      }
      select {
        font: inherit;
        color: var(--_text);
        background: var(--_background);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
    `,
  ];

  static override properties = {
    counts: { attribute: false },
    mine: { attribute: false },
    sort: { attribute: false },
    closed: { type: Boolean },
    fresh: { attribute: false },
  };

  /** The page's reactions so far, by kind, and the likes and reposts from other sites. */
  declare counts: PageReactions;
  /** The reader's reaction to the page, if any. */
  declare mine: ReactionKind | null;
  /** The order the comments are shown in. */
  declare sort: ThreadSort;
  /** A closed thread takes no reactions. */
  declare closed: boolean;
  /** How many new comments arrived and wait to be shown. */
  declare fresh: number;

  constructor() {
    super();
    this.counts = {};
    this.mine = null;
    this.sort = "oldest";
    this.closed = false;
    this.fresh = 0;
  }

  override render() {
    return html`<chorus-reactions
        part="page-reactions"
        exportparts=${reactionParts}
        .counts=${this.counts}
        .mine=${this.mine}
        ?disabled=${this.closed}
        label=${t("Reactions to this page")}
      ></chorus-reactions
      >${this.renderElsewhere()}
      <label class="muted"
        >${t("Sort by")}
        <select part="sort" @change=${this.onSort}>
          ${threadSorts.map((sort) => html`<option value=${sort} ?selected=${sort === this.sort}>${t(sortLabels[sort])}</option>`)}
        </select></label
      >${
        this.fresh > 0
          ? html`<button part="show-new" class="show-new" type="button" @click=${this.onShowNew}>
            ${t("Show new comments ({n})", { n: this.fresh })}
          </button>`
          : nothing
      }`;
  }

  /** The faces of the people who liked or reposted the page on their own sites, each linking there. */
  private renderElsewhere() {
    const elsewhere = this.counts.elsewhere;
    if (!elsewhere) return nothing;
    const reply = elsewhere.fediverse
      ? html`<a part="reply-elsewhere" href=${elsewhere.fediverse} rel="nofollow ugc noopener" target="_blank"
          >${t("Reply on Mastodon")}</a
        >`
      : nothing;
    if (elsewhere.people.length === 0) return html`<p part="elsewhere" class="elsewhere">${reply}</p>`;
    return html`<p part="elsewhere" class="elsewhere">
      <span class="faces"
        >${elsewhere.people.map(
          (person) =>
            html`<a href=${person.url} rel="nofollow ugc noopener" target="_blank" title=${person.name}
              >${
                person.photo
                  ? html`<img src=${person.photo} alt=${person.name} loading="lazy" referrerpolicy="no-referrer" />`
                  : html`<span aria-label=${person.name}>${[...person.name][0]?.toUpperCase() ?? "?"}</span>`
              }</a
            >`,
        )}</span
      >${t("On other sites")}: ♥ ${elsewhere.likes} · ↻ ${elsewhere.reposts} ${reply}
    </p>`;
  }

  private onShowNew() {
    this.dispatchEvent(new CustomEvent("chorus-show-new"));
  }

  private onSort(event: Event) {
    const detail = (event.target as HTMLSelectElement).value as ThreadSort;
    this.dispatchEvent(new CustomEvent("chorus-sort", { detail }));
  }
}
