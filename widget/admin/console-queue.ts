import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { repeat } from "lit/directives/repeat.js";
import {
  type AdminApi,
  type CommentAction,
  type CommentFilters,
  type CommentList,
  type DuplicateCluster,
  describeError,
  type ModeratedComment,
  type Queue,
} from "./admin-api";
import type { ConsoleComment } from "./console-comment";
import { announce, consoleStyles, plural } from "./styles";

export const queueTabs: { queue: Queue; label: string }[] = [
  { queue: "held", label: "Held" },
  { queue: "reported", label: "Reported" },
  { queue: "spam", label: "Spam" },
  { queue: "duplicates", label: "Duplicates" },
  { queue: "all", label: "All" },
  { queue: "deleted", label: "Deleted" },
];

/** The bulk actions each queue offers for a selection. */
const bulkActions: Record<Queue, CommentAction[]> = {
  held: ["approve", "spam", "delete"],
  reported: ["approve", "spam", "delete"],
  spam: ["not_spam", "delete", "purge"],
  duplicates: [],
  deleted: ["restore", "purge"],
  all: ["approve", "spam", "not_spam", "delete", "restore", "purge", "pin", "unpin"],
};

/** The actions after which a comment leaves each queue; the others change it in place. */
const leavesQueue: Record<Queue, CommentAction[]> = {
  held: ["approve", "spam", "not_spam", "delete", "purge"],
  reported: ["approve", "spam", "not_spam", "delete", "purge"],
  spam: ["approve", "not_spam", "delete", "purge"],
  duplicates: ["approve", "spam", "not_spam", "delete", "purge"],
  deleted: ["restore", "purge"],
  all: ["purge"],
};

const buttonLabels: Record<CommentAction, string> = {
  approve: "Approve",
  spam: "Mark spam",
  not_spam: "Not spam",
  delete: "Delete",
  restore: "Restore",
  purge: "Purge",
  pin: "Pin",
  unpin: "Unpin",
};

const pastTense: Record<CommentAction, string> = {
  approve: "approved",
  spam: "marked as spam",
  not_spam: "marked as not spam",
  delete: "deleted",
  restore: "restored",
  purge: "purged",
  pin: "pinned",
  unpin: "unpinned",
};

const shortcuts: [string, string][] = [
  ["j", "Next comment"],
  ["k", "Previous comment"],
  ["x", "Select or deselect the comment"],
  ["a", "Approve the selection, or the comment"],
  ["s", "Mark the selection, or the comment, as spam"],
  ["d", "Delete the selection, or the comment"],
  ["?", "Show this list"],
];

/** Whether a key press is someone typing, which must never trigger a shortcut. */
function isTyping(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0];
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) {
    return true;
  }
  return (
    target instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit", "reset"].includes(target.type)
  );
}

/**
 * The moderation queues of one site as tabs (Held, Reported, Spam, Duplicates, All with search, Deleted), with
 * a badge of waiting comments on each, selection and bulk actions, and keyboard shortcuts
 * (j/k move, x selects, a/s/d approve, spam, delete; ? lists them).
 *
 * Properties: `api`, `site`, `queue`.
 * Events: `chorus-navigate` (detail: {view}) to switch tab, `chorus-status`.
 * Parts: `tabs`, `search`, `toolbar`, `list`, `more`.
 */
export class ConsoleQueue extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      [role="tablist"] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        border-bottom: 1px solid var(--_border);
        margin-bottom: var(--_space);
      }
      [role="tab"] {
        border: 1px solid transparent;
        border-bottom: 0;
        border-radius: var(--_radius) var(--_radius) 0 0;
        background: none;
        padding: 0.4rem 0.9rem;
        margin-bottom: -1px;
      }
      [role="tab"][aria-selected="true"] {
        border-color: var(--_border);
        background: var(--chorus-page, Canvas);
        font-weight: 600;
      }
      .count {
        margin-left: 0.35rem;
        border-radius: 999px;
        padding: 0 0.45rem;
        font-size: 0.75rem;
        background: var(--_surface);
        border: 1px solid var(--_border);
      }
      .count.waiting {
        background: var(--_accent);
        color: var(--_accent-text);
        border-color: var(--_accent);
      }
      form.search {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
        gap: 0.5rem var(--_space);
        align-items: end;
        margin-bottom: var(--_space);
      }
      form.search label {
        display: grid;
        gap: 0.2rem;
      }
      .toolbar {
        position: sticky;
        top: 0;
        z-index: 3;
        background: var(--chorus-page, Canvas);
        padding: 0.5rem 0;
        margin-bottom: 0.5rem;
      }
      .list {
        display: grid;
        gap: var(--_space);
      }
      .empty {
        color: var(--_muted);
        padding: calc(var(--_space) * 2) 0;
      }
      dialog {
        color: var(--_text);
        background: var(--chorus-page, Canvas);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      dialog table {
        border-collapse: collapse;
      }
      dialog td,
      dialog th {
        padding: 0.2rem 0.75rem 0.2rem 0;
        text-align: left;
      }
      kbd {
        font-family: var(--_code-font);
        border: 1px solid var(--_border);
        border-radius: 4px;
        padding: 0 0.35rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    site: {},
    queue: {},
    comments: { state: true },
    clusters: { state: true },
    nextCursor: { state: true },
    sizes: { state: true },
    filters: { state: true },
    selected: { state: true },
    focusedId: { state: true },
    loading: { state: true },
    busy: { state: true },
    error: { state: true },
  };

  /** The console's API client. */
  declare api: AdminApi;
  /** The site whose queues are shown. */
  declare site: string;
  /** The tab shown. */
  declare queue: Queue;
  declare comments: ModeratedComment[];
  declare clusters: DuplicateCluster[];
  declare nextCursor: string | null;
  declare sizes: CommentList["queueSizes"] | null;
  declare filters: CommentFilters;
  declare selected: ReadonlySet<number>;
  declare focusedId: number | null;
  declare loading: boolean;
  declare busy: boolean;
  declare error: string;

  /** Counts loads, so an answer that arrives after a newer request is dropped. */
  private loadNumber = 0;
  private readonly onKeydown = (event: KeyboardEvent) => this.handleShortcut(event);

  constructor() {
    super();
    this.site = "";
    this.queue = "held";
    this.comments = [];
    this.clusters = [];
    this.nextCursor = null;
    this.sizes = null;
    this.filters = {};
    this.selected = new Set();
    this.focusedId = null;
    this.loading = false;
    this.busy = false;
    this.error = "";
  }

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener("keydown", this.onKeydown);
  }

  override disconnectedCallback() {
    window.removeEventListener("keydown", this.onKeydown);
    super.disconnectedCallback();
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("site")) this.sizes = null;
    if ((changed.has("site") || changed.has("queue") || changed.has("filters")) && this.api && this.site) {
      void this.load();
    }
  }

  override render() {
    return html`${this.renderTabs()}
      <div role="tabpanel" id="panel" aria-labelledby="tab-${this.queue}" aria-busy=${this.loading ? "true" : "false"}>
        ${this.queue === "all" ? this.renderSearch() : nothing}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${this.queue === "duplicates" ? this.renderClusters() : this.renderComments()}
      </div>
      ${this.renderHelp()}`;
  }

  private renderTabs() {
    return html`<div part="tabs" role="tablist" aria-label="Queues" @keydown=${this.onTabKeydown}>
      ${queueTabs.map(({ queue, label }) => {
        const size =
          queue === "held" || queue === "reported" || queue === "spam" || queue === "duplicates"
            ? this.sizes?.[queue]
            : undefined;
        const current = queue === this.queue;
        return html`<button role="tab" type="button" id="tab-${queue}" data-queue=${queue} aria-controls="panel"
          aria-selected=${current ? "true" : "false"} tabindex=${current ? 0 : -1} @click=${() => this.navigate(queue)}>
          ${label}${
            size === undefined
              ? nothing
              : html`<span class="count ${size > 0 ? "waiting" : ""}" aria-label="(${plural(size, "waiting")})">${size}</span>`
          }
        </button>`;
      })}
    </div>`;
  }

  private renderSearch() {
    const { filters } = this;
    return html`<form part="search" class="search" role="search" aria-label="Search comments" @submit=${this.onSearch}>
      <label>Text or author name <input name="q" type="search" .value=${filters.q ?? ""} maxlength="200" /></label>
      <label>Author email <input name="email" type="text" .value=${filters.email ?? ""} /></label>
      <label>IP hash <input name="ipHash" type="text" .value=${filters.ipHash ?? ""} class="mono" /></label>
      <label>Page <input name="page" type="text" .value=${filters.page ?? ""} placeholder="/post/x" /></label>
      <label>From <input name="from" type="date" .value=${filters.from ?? ""} /></label>
      <label>To <input name="to" type="date" .value=${filters.to ?? ""} /></label>
      <div class="row">
        <button class="primary" type="submit">Search</button>
        <button type="button" @click=${this.onClearSearch}>Clear</button>
      </div>
    </form>`;
  }

  private renderComments() {
    const { comments } = this;
    const actions = bulkActions[this.queue];
    const selectedCount = comments.filter((comment) => this.selected.has(comment.id)).length;
    const allSelected = comments.length > 0 && selectedCount === comments.length;
    return html`<div part="toolbar" class="toolbar row">
        <label class="row">
          <input type="checkbox" class="select-all" .checked=${allSelected}
            .indeterminate=${selectedCount > 0 && !allSelected} ?disabled=${comments.length === 0}
            @change=${this.onSelectAll} />
          Select all on page
        </label>
        <span class="muted selection" aria-live="polite">${selectedCount > 0 ? `${selectedCount} selected` : ""}</span>
        ${actions.map(
          (action) => html`<button type="button" class=${action === "purge" ? "danger" : ""} data-bulk=${action}
            ?disabled=${selectedCount === 0 || this.busy} @click=${() => this.act(action, this.selectedIds())}
            >${buttonLabels[action]}${selectedCount > 0 ? ` (${selectedCount})` : ""}</button>`,
        )}
        <button type="button" class="help" aria-haspopup="dialog" @click=${this.openHelp}>Shortcuts <kbd>?</kbd></button>
      </div>
      ${
        comments.length === 0 && !this.loading
          ? html`<p class="empty">${this.emptyText()}</p>`
          : html`<div part="list" class="list" @focusin=${this.onFocusIn} @chorus-act=${this.onAct}
            @chorus-select=${this.onSelect} @chorus-filter=${this.onFilter} @chorus-replied=${this.onReplied}>
            ${repeat(
              comments,
              (comment) => comment.id,
              (comment) => html`<console-comment data-id=${comment.id} .comment=${comment} .api=${this.api}
                .site=${this.site} ?selected=${this.selected.has(comment.id)}
                tabindex=${comment.id === (this.focusedId ?? comments[0]?.id) ? 0 : -1}></console-comment>`,
            )}
          </div>`
      }
      ${
        this.nextCursor
          ? html`<p><button part="more" class="more" type="button" ?disabled=${this.loading} @click=${this.onMore}>Load more</button></p>`
          : nothing
      }`;
  }

  private renderClusters() {
    if (this.clusters.length === 0 && !this.loading) {
      return html`<p class="empty">No duplicates waiting.</p>`;
    }
    return html`<div part="list" class="list" @chorus-resolve=${this.onResolve}>
      ${repeat(
        this.clusters,
        (cluster) => cluster.original.id,
        (cluster) => html`<console-cluster .cluster=${cluster} ?busy=${this.busy}></console-cluster>`,
      )}
    </div>`;
  }

  private renderHelp() {
    return html`<dialog class="shortcuts" aria-labelledby="shortcuts-title" @click=${this.onDialogClick}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          ${shortcuts.map(([key, what]) => html`<tr><th><kbd>${key}</kbd></th><td>${what}</td></tr>`)}
        </tbody>
      </table>
      <p class="muted">Shortcuts do nothing while you type in a field.</p>
      <form method="dialog"><button type="submit" class="close">Close</button></form>
    </dialog>`;
  }

  private emptyText(): string {
    if (this.loading) return "Loading…";
    switch (this.queue) {
      case "held":
        return "No comments are waiting for a moderator.";
      case "reported":
        return "No reader has reported a comment.";
      case "spam":
        return "The spam queue is empty.";
      case "deleted":
        return "No deleted comments.";
      default:
        return "No comments match.";
    }
  }

  /** Loads the current tab from its first page. */
  async load(): Promise<void> {
    const number = ++this.loadNumber;
    this.loading = true;
    this.error = "";
    const { site, queue } = this;
    try {
      if (queue === "duplicates") {
        const [{ clusters }, list] = await Promise.all([
          this.api.duplicates(site),
          this.api.comments(site, "held", {}, null, 1),
        ]);
        if (number !== this.loadNumber) return;
        this.clusters = clusters;
        this.sizes = list.queueSizes;
        this.comments = [];
        this.nextCursor = null;
      } else {
        const list = await this.api.comments(site, queue, queue === "all" ? this.filters : {});
        if (number !== this.loadNumber) return;
        this.comments = list.comments;
        this.nextCursor = list.nextCursor;
        this.sizes = list.queueSizes;
        this.clusters = [];
      }
      this.selected = new Set();
      this.focusedId = null;
    } catch (error) {
      if (number !== this.loadNumber) return;
      this.error = describeError(error);
      this.comments = [];
      this.clusters = [];
      this.nextCursor = null;
    } finally {
      if (number === this.loadNumber) this.loading = false;
    }
  }

  /**
   * Sends `action` for `ids`; once the server confirms, takes the comments out of this queue (or
   * updates them in place in All) and says what happened in the live region.
   */
  async act(action: CommentAction, ids: number[]): Promise<void> {
    if (ids.length === 0 || this.busy) return;
    if (
      action === "purge" &&
      !window.confirm(`Purge ${plural(ids.length, "comment")} for good? This cannot be undone.`)
    ) {
      return;
    }
    this.busy = true;
    const focusIndex = this.comments.findIndex((comment) => comment.id === this.focusedId);
    try {
      const result = await this.api.act(this.site, action, ids);
      const acted = new Set(ids);
      if (leavesQueue[this.queue].includes(action)) {
        this.comments = this.comments.filter((comment) => !acted.has(comment.id));
      } else if (action === "restore") {
        void this.load();
      } else {
        this.comments = this.comments.map((comment) => (acted.has(comment.id) ? changed(comment, action) : comment));
      }
      this.selected = new Set([...this.selected].filter((id) => !acted.has(id)));
      announce(this, `${plural(result.changed.length, "comment")} ${pastTense[action]}`);
      await this.keepFocus(focusIndex);
      void this.refreshSizes();
    } catch (error) {
      announce(this, `Could not ${buttonLabels[action].toLowerCase()}: ${describeError(error)}`, true);
    } finally {
      this.busy = false;
    }
  }

  private selectedIds(): number[] {
    return this.comments.filter((comment) => this.selected.has(comment.id)).map((comment) => comment.id);
  }

  private commentElements(): ConsoleComment[] {
    return [...this.renderRoot.querySelectorAll<ConsoleComment>("console-comment")];
  }

  /** Focuses the comment at `index`, or the last one, if a comment had focus before the list changed. */
  private async keepFocus(index: number) {
    if (index < 0) return;
    await this.updateComplete;
    const next = this.comments[Math.min(index, this.comments.length - 1)];
    this.focusedId = next?.id ?? null;
    if (next) await this.focusComment(next.id);
  }

  private async focusComment(id: number) {
    this.focusedId = id;
    await this.updateComplete;
    const element = this.commentElements().find((candidate) => candidate.comment.id === id);
    element?.focus();
    element?.scrollIntoView({ block: "nearest" });
  }

  private async refreshSizes() {
    try {
      this.sizes = (await this.api.comments(this.site, "held", {}, null, 1)).queueSizes;
    } catch {
      // The badges stay as they were; the next load corrects them.
    }
  }

  private navigate(view: Queue) {
    this.dispatchEvent(new CustomEvent("chorus-navigate", { detail: { view }, bubbles: true, composed: true }));
  }

  private handleShortcut(event: KeyboardEvent) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
    const dialog = this.renderRoot.querySelector("dialog");
    if (dialog?.open) return;
    if (event.key === "?") {
      event.preventDefault();
      this.openHelp();
      return;
    }
    if (this.queue === "duplicates" || !["j", "k", "x", "a", "s", "d"].includes(event.key)) return;
    event.preventDefault();
    const index = this.comments.findIndex((comment) => comment.id === this.focusedId);
    const focused = index >= 0 ? this.comments[index] : undefined;
    switch (event.key) {
      case "j":
      case "k": {
        const next =
          index < 0 ? 0 : Math.max(0, Math.min(this.comments.length - 1, index + (event.key === "j" ? 1 : -1)));
        const target = this.comments[next];
        if (target) void this.focusComment(target.id);
        return;
      }
      case "x":
        if (focused) this.toggle(focused.id, !this.selected.has(focused.id));
        else announce(this, "Move to a comment with j first");
        return;
      default: {
        const action: CommentAction = event.key === "a" ? "approve" : event.key === "s" ? "spam" : "delete";
        const ids = this.selected.size > 0 ? this.selectedIds() : focused ? [focused.id] : [];
        if (ids.length === 0) announce(this, "Move to a comment with j, or select some with x, first");
        else void this.act(action, ids);
      }
    }
  }

  private toggle(id: number, selected: boolean) {
    const next = new Set(this.selected);
    if (selected) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  private openHelp() {
    this.renderRoot.querySelector("dialog")?.showModal();
  }

  private onDialogClick(event: MouseEvent) {
    // A click on the backdrop lands on the dialog itself.
    if (event.target === event.currentTarget) (event.currentTarget as HTMLDialogElement).close();
  }

  private onTabKeydown(event: KeyboardEvent) {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const index = queueTabs.findIndex((tab) => tab.queue === this.queue);
    const next = queueTabs[(index + (event.key === "ArrowRight" ? 1 : -1) + queueTabs.length) % queueTabs.length];
    if (!next) return;
    this.navigate(next.queue);
    void this.updateComplete.then(() =>
      (this.renderRoot.querySelector(`#tab-${next.queue}`) as HTMLElement | null)?.focus(),
    );
  }

  private onFocusIn(event: FocusEvent) {
    const element = event
      .composedPath()
      .find((node): node is ConsoleComment => node instanceof Element && node.localName === "console-comment");
    if (element) this.focusedId = element.comment.id;
  }

  private onAct(event: CustomEvent<{ action: CommentAction; ids: number[] }>) {
    void this.act(event.detail.action, event.detail.ids);
  }

  private onSelect(event: CustomEvent<{ id: number; selected: boolean }>) {
    this.toggle(event.detail.id, event.detail.selected);
  }

  private onSelectAll(event: Event) {
    const checked = (event.target as HTMLInputElement).checked;
    this.selected = checked ? new Set(this.comments.map((comment) => comment.id)) : new Set();
  }

  private onFilter(event: CustomEvent<CommentFilters>) {
    this.filters = { ...event.detail };
    this.navigate("all");
  }

  private onReplied(event: CustomEvent<ModeratedComment>) {
    if (this.queue === "all") this.comments = [event.detail, ...this.comments];
  }

  private onSearch(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const filters: CommentFilters = {};
    for (const name of ["q", "email", "ipHash", "page", "from", "to"] as const) {
      const value = String(data.get(name) ?? "").trim();
      if (value) filters[name] = name === "ipHash" ? value.toLowerCase() : value;
    }
    this.filters = filters;
  }

  private onClearSearch() {
    this.filters = {};
  }

  private async onMore() {
    const number = this.loadNumber;
    this.loading = true;
    try {
      const list = await this.api.comments(
        this.site,
        this.queue,
        this.queue === "all" ? this.filters : {},
        this.nextCursor,
      );
      if (number !== this.loadNumber) return;
      const known = new Set(this.comments.map((comment) => comment.id));
      this.comments = [...this.comments, ...list.comments.filter((comment) => !known.has(comment.id))];
      this.nextCursor = list.nextCursor;
      this.sizes = list.queueSizes;
    } catch (error) {
      announce(this, describeError(error), true);
    } finally {
      if (number === this.loadNumber) this.loading = false;
    }
  }

  private async onResolve(event: CustomEvent<{ originalId: number; copyIds: number[] }>) {
    if (this.busy) return;
    const { originalId, copyIds } = event.detail;
    this.busy = true;
    try {
      const result = await this.api.resolveDuplicates(this.site, originalId);
      this.clusters = this.clusters.filter((cluster) => cluster.original.id !== originalId);
      announce(
        this,
        `Kept #${originalId}, removed ${plural(result.changed.length || copyIds.length, "copy", "copies")}`,
      );
      void this.refreshSizes();
    } catch (error) {
      announce(this, `Could not resolve the duplicates: ${describeError(error)}`, true);
    } finally {
      this.busy = false;
    }
  }
}

/** A comment as it is after `action`, for lists that keep it in place. */
function changed(comment: ModeratedComment, action: CommentAction): ModeratedComment {
  switch (action) {
    case "approve":
    case "not_spam":
      return { ...comment, status: "published" };
    case "spam":
      return { ...comment, status: "spam" };
    case "delete":
      return { ...comment, status: "deleted", deletedAt: new Date().toISOString() };
    case "pin":
      return { ...comment, pinned: true };
    case "unpin":
      return { ...comment, pinned: false };
    default:
      return comment;
  }
}
