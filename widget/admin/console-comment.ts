import { css, html, LitElement, nothing } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { signInProviderBrands } from "../../common/provider-brands";
import type { ReportReason } from "../../common/vocabulary";
import {
  type AdminApi,
  type BanKind,
  type CommentAction,
  describeError,
  type ModeratedComment,
  RequestError,
} from "./admin-api";
import { announce, consoleStyles, formatDate } from "./styles";

/** How long a deleted comment can be restored. */
const restoreDays = 30;

/** How each report reason reads in the console. */
const reportLabels: Record<ReportReason, string> = {
  spam: "spam",
  abuse: "abuse",
  off_topic: "off topic",
  other: "other",
};

const statusLabels: Record<ModeratedComment["status"], string> = {
  published: "Published",
  pending: "Held",
  spam: "Spam",
  deleted: "Deleted",
};

/** How a signed-in author signed in, as moderators read it. */
const providerNames: Record<string, string> = {
  ...signInProviderBrands,
  sso: "the site's own accounts",
  email: "an emailed link",
  oidc: "the site's OpenID provider",
};

const actionLabels: Record<CommentAction, string> = {
  approve: "Approve",
  spam: "Spam",
  not_spam: "Not spam",
  delete: "Delete",
  restore: "Restore",
  purge: "Purge",
  pin: "Pin",
  unpin: "Unpin",
};

/** The actions that make sense for a comment in each status, in the order the buttons show. */
export function actionsFor(comment: ModeratedComment): CommentAction[] {
  switch (comment.status) {
    case "pending":
      return ["approve", "spam", "delete"];
    case "spam":
      return ["not_spam", "delete", "purge"];
    case "published":
      // Approving a reported comment keeps it and overrules its reports.
      return [...(comment.reports ? (["approve"] as const) : []), "spam", "delete", comment.pinned ? "unpin" : "pin"];
    case "deleted":
      return ["restore", "purge"];
  }
}

/** The first characters of an IP hash: enough to tell authors apart at a glance. */
export function shortHash(hash: string): string {
  return `${hash.slice(0, 10)}…`;
}

function signed(score: number): string {
  return `${score > 0 ? "+" : ""}${score.toFixed(1)}`;
}

/** Only http(s) addresses become links; anything else stays text. */
function safeUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The host of an address, for a reply from elsewhere ("from dana.example"). */
function hostOf(url: string): string {
  return URL.parse(url)?.hostname ?? url;
}

/**
 * One comment as a moderator sees it: author with private details, page, date, status, the
 * rendered body, why it got its verdict, and its actions. Actions that move the comment between
 * queues go up as events; bans, trust, thread state and staff replies are sent from here.
 *
 * `bodyHtml` comes from the server's renderer (worker/render), which escapes every character of the
 * author's text and emits only a fixed set of tags; no other field is ever inserted as HTML.
 *
 * Properties: `comment`, `selected`, `api`, `site`.
 * Events: `chorus-act` (detail: {action, ids}), `chorus-select` (detail: {id, selected}),
 * `chorus-filter` (detail: filters to show in All), `chorus-replied` (detail: ModeratedComment),
 * `chorus-status`.
 * Parts: `comment`, `header`, `body`, `reasons`, `actions`.
 */
export class ConsoleComment extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      :host {
        display: block;
        border-radius: var(--_radius);
      }
      :host(:focus) {
        outline: none;
      }
      :host(:focus) article {
        outline: 2px solid var(--_focus);
        outline-offset: 2px;
      }
      article {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.25rem var(--_space);
        padding: var(--_space);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      :host([selected]) article {
        background: var(--_surface);
        border-color: var(--_accent);
      }
      .select {
        padding-top: 0.2rem;
      }
      .main {
        min-width: 0;
        display: grid;
        gap: 0.5rem;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        align-items: baseline;
        font-size: 0.875rem;
      }
      .author {
        font-weight: 600;
        font-size: 1rem;
      }
      a {
        color: var(--_accent);
      }
      .status-pending {
        color: var(--_warning);
        border-color: currentColor;
      }
      .status-spam,
      .status-deleted {
        color: var(--_danger);
        border-color: currentColor;
      }
      .status-published {
        color: var(--_success);
        border-color: currentColor;
      }
      .body {
        overflow-wrap: anywhere;
      }
      .body :is(p, ul, ol, blockquote, pre) {
        margin: 0.25rem 0;
      }
      .body blockquote {
        border-left: 3px solid var(--_border);
        padding-left: var(--_space);
        color: var(--_muted);
      }
      .body pre,
      .body code {
        font-family: var(--_code-font);
        background: var(--_surface);
      }
      .verdict {
        font-size: 0.875rem;
        border-left: 3px solid var(--_border);
        padding-left: 0.5rem;
      }
      .verdict ul {
        margin: 0.25rem 0 0;
        padding-left: 1.25rem;
      }
      .score-up {
        color: var(--_danger);
      }
      .score-down {
        color: var(--_success);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: flex-start;
      }
      details {
        position: relative;
      }
      summary {
        list-style: none;
        cursor: pointer;
      }
      summary::-webkit-details-marker {
        display: none;
      }
      .menu {
        position: absolute;
        z-index: 2;
        display: grid;
        gap: 0.25rem;
        min-width: 16rem;
        margin-top: 0.25rem;
        padding: 0.5rem;
        background: var(--_surface);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        box-shadow: 0 4px 12px rgb(0 0 0 / 0.15);
      }
      .menu button {
        text-align: left;
        border: 0;
        background: none;
      }
      .menu button:hover {
        background: var(--_background);
        text-decoration: underline;
      }
      .reply {
        display: grid;
        gap: 0.5rem;
      }
      .reply textarea {
        min-height: 5rem;
        width: 100%;
      }
    `,
  ];

  static override properties = {
    comment: { attribute: false },
    selected: { type: Boolean, reflect: true },
    api: { attribute: false },
    site: {},
    selectable: { type: Boolean },
    replying: { state: true },
    correcting: { state: true },
    replyError: { state: true },
    busy: { state: true },
  };

  /** The comment, as the console API returns it. */
  declare comment: ModeratedComment;
  /** Whether the comment is part of the queue's selection. */
  declare selected: boolean;
  /** The console's API client, for bans, trust, threads and replies. */
  declare api: AdminApi;
  /** The site the comment belongs to. */
  declare site: string;
  /** Whether to show the selection checkbox. */
  declare selectable: boolean;
  declare replying: boolean;
  /** The form that corrects the thread's title and address is open. */
  declare correcting: boolean;
  declare replyError: string;
  declare busy: boolean;

  constructor() {
    super();
    this.selected = false;
    this.selectable = true;
    this.replying = false;
    this.correcting = false;
    this.replyError = "";
    this.busy = false;
  }

  override render() {
    const { comment } = this;
    const label = `Comment ${comment.id} by ${comment.authorName}`;
    return html`<article part="comment" aria-label=${label}>
      <div class="select">
        ${
          this.selectable
            ? html`<input type="checkbox" aria-label="Select comment ${comment.id} by ${comment.authorName}"
              .checked=${this.selected} @change=${this.onSelect} />`
            : nothing
        }
      </div>
      <div class="main">
        ${this.renderHeader()}
        <div part="body" class="body">${unsafeHTML(comment.bodyHtml)}</div>
        ${this.renderVerdict()} ${this.renderActions()} ${this.replying ? this.renderReplyForm() : nothing}
        ${this.correcting ? this.renderThreadForm() : nothing}
      </div>
    </article>`;
  }

  private renderHeader() {
    const { comment } = this;
    const website = comment.authorWebsite ? safeUrl(comment.authorWebsite) : null;
    return html`<header part="header">
      <span class="author">${comment.authorName}</span>
      ${comment.identity ? html`<span class="badge" data-identity>signed in with ${providerNames[comment.identity.provider] ?? comment.identity.provider}</span>` : nothing}
      ${comment.authorEmail ? html`<span class="email" title="Private: only moderators see it">${comment.authorEmail}</span>` : nothing}
      ${website ? html`<a class="website" href=${website} rel="nofollow ugc noopener noreferrer" target="_blank">${comment.authorWebsite}</a>` : nothing}
      ${
        comment.mentionSource
          ? html`<a class="source" href=${safeUrl(comment.mentionSource) ?? "#"} rel="nofollow ugc noopener noreferrer" target="_blank">from ${hostOf(comment.mentionSource)}</a>`
          : comment.ipHash
            ? html`<span class="ip" title="IP hash ${comment.ipHash}">IP <code>${shortHash(comment.ipHash)}</code></span>`
            : nothing
      }
      <span class="page" title=${comment.page}>on ${comment.pageTitle ?? comment.page}${comment.pageTitle ? html` <code>${comment.page}</code>` : nothing}</span>
      <time datetime=${comment.createdAt}>${formatDate(comment.createdAt)}</time>
      <span class="badge status status-${comment.status}">${statusLabels[comment.status]}</span>
      ${comment.pinned ? html`<span class="badge">Pinned</span>` : nothing}
      ${comment.staff ? html`<span class="badge">Staff</span>` : nothing}
      ${comment.parentId ? html`<span class="badge">Reply to #${comment.parentId}</span>` : nothing}
      ${
        comment.status === "deleted" && comment.deletedAt
          ? html`<span class="muted restorable">${this.restorableText(comment.deletedAt)}</span>`
          : nothing
      }
    </header>`;
  }

  /** Readers' open reports: how many for each reason, and what they weigh together against the site's threshold. */
  private renderReports(reports: NonNullable<ModeratedComment["reports"]>) {
    const reasons = Object.entries(reports.reasons).map(
      ([reason, count]) => `${reportLabels[reason as ReportReason] ?? reason} ×${count}`,
    );
    return html`<p class="reports"><span class="badge reported">Reported</span> ${reasons.join(", ")}
      <span class="detail">(weight ${Number(reports.weight.toFixed(2))})</span></p>`;
  }

  private renderVerdict() {
    const { comment } = this;
    if (comment.spamScore === null && comment.reasons.length === 0 && !comment.duplicate && !comment.reports) {
      return nothing;
    }
    return html`<section part="reasons" class="verdict" aria-label="Why comment ${comment.id} got its verdict">
      ${comment.reports ? this.renderReports(comment.reports) : nothing}
      ${comment.spamScore !== null ? html`<strong>Spam score ${comment.spamScore.toFixed(2)}</strong>` : nothing}
      ${
        comment.duplicate
          ? html` <span class="badge duplicate">${comment.duplicate.kind} copy of #${comment.duplicate.of},
              ${Math.round(comment.duplicate.similarity * 100)}% similar</span>`
          : nothing
      }
      ${
        comment.reasons.length > 0
          ? html`<ul class="reasons">
            ${comment.reasons.map(
              (reason) => html`<li>
                <code>${reason.check}</code>
                <span class=${reason.score > 0 ? "score-up" : reason.score < 0 ? "score-down" : ""}>${signed(reason.score)}</span>
                ${reason.detail ? html`<span class="detail">${reason.detail}</span>` : nothing}
                ${reason.holds ? html`<span class="badge">holds</span>` : nothing}
              </li>`,
            )}
          </ul>`
          : nothing
      }
    </section>`;
  }

  private renderActions() {
    const { comment } = this;
    const name = comment.authorName;
    const domain = comment.authorEmail?.split("@")[1];
    return html`<div part="actions" class="actions">
      ${actionsFor(comment).map(
        (action) => html`<button type="button" class=${action === "purge" ? "danger" : ""} data-action=${action}
          aria-label="${actionLabels[action]} comment ${comment.id} by ${name}" @click=${() => this.act(action)}
          >${actionLabels[action]}</button>`,
      )}
      ${
        comment.status === "deleted" || comment.status === "spam"
          ? nothing
          : html`<button type="button" data-action="reply" aria-expanded=${this.replying ? "true" : "false"}
            @click=${this.onToggleReply}>Reply as staff</button>`
      }
      <details class="more" @keydown=${this.onMenuKeydown}>
        <summary class="button" aria-label="More actions for comment ${comment.id}">More…</summary>
        <div class="menu">
          ${
            comment.authorEmail
              ? html`<button type="button" data-menu="ban-email" ?disabled=${this.busy}
                  @click=${() => this.ban("email", comment.authorEmail ?? "")}>Ban email ${comment.authorEmail}</button>
                ${domain ? html`<button type="button" data-menu="ban-domain" ?disabled=${this.busy} @click=${() => this.ban("email_domain", domain)}>Ban email domain ${domain}</button>` : nothing}
                <button type="button" data-menu="trust" ?disabled=${this.busy}
                  @click=${() => this.trust(comment.authorEmail ?? "")}>Trust ${comment.authorEmail}</button>
                <button type="button" data-menu="by-email" @click=${() => this.filter({ email: comment.authorEmail ?? "" })}>All comments by this email</button>`
              : nothing
          }
          ${
            comment.mentionSource && comment.ipHash
              ? html`<button type="button" data-menu="ban-source" ?disabled=${this.busy}
                  @click=${() => this.ban("ip_hash", comment.ipHash ?? "", `Replies from ${hostOf(comment.mentionSource ?? "")}`)}>Ban replies from ${hostOf(comment.mentionSource)}</button>`
              : comment.ipHash
                ? html`<button type="button" data-menu="ban-ip" ?disabled=${this.busy}
                  @click=${() => this.ban("ip_hash", comment.ipHash ?? "")}>Ban IP hash ${shortHash(comment.ipHash)}</button>
                <button type="button" data-menu="by-ip" @click=${() => this.filter({ ipHash: comment.ipHash ?? "" })}>All comments from this IP hash</button>`
                : nothing
          }
          ${
            comment.identity
              ? html`<button type="button" data-menu="ban-identity" ?disabled=${this.busy}
                  @click=${() => this.ban("identity", String(comment.identity?.id), `The account of ${comment.identity?.name}`)}>Ban the account ${comment.identity.name} (${providerNames[comment.identity.provider] ?? comment.identity.provider})</button>`
              : nothing
          }
          <button type="button" data-menu="close-thread" ?disabled=${this.busy} @click=${() => this.setThread(true)}>Close the thread on ${comment.page}</button>
          <button type="button" data-menu="reopen-thread" ?disabled=${this.busy} @click=${() => this.setThread(false)}>Reopen the thread on ${comment.page}</button>
          <button type="button" data-menu="require-sign-in" ?disabled=${this.busy} @click=${() => this.setSignIn(true)}>Only signed-in readers may comment on ${comment.page}</button>
          <button type="button" data-menu="guests-welcome" ?disabled=${this.busy} @click=${() => this.setSignIn(false)}>Let guests comment on ${comment.page} (as the site says)</button>
          <button type="button" data-menu="correct-thread" @click=${this.onToggleCorrect}>Correct the title, address and Mastodon post of ${comment.page}</button>
        </div>
      </details>
    </div>`;
  }

  private renderThreadForm() {
    const id = `thread-${this.comment.id}`;
    return html`<form class="reply" data-form="thread" @submit=${this.onCorrectThread}>
      <label for="${id}-title">Title of ${this.comment.page}</label>
      <input id="${id}-title" name="title" required maxlength="300" .value=${this.comment.pageTitle ?? ""}>
      <label for="${id}-url">Address (on one of the site's origins)</label>
      <input id="${id}-url" name="url" type="url" maxlength="1000" placeholder="https://blog.example${this.comment.page}">
      <label for="${id}-fediverse">Mastodon post whose replies show in this thread</label>
      <input id="${id}-fediverse" name="fediverse" type="url" maxlength="1000" placeholder="https://mastodon.example/@you/1122334455">
      <button type="submit" ?disabled=${this.busy}>Save</button>
    </form>`;
  }

  private renderReplyForm() {
    const id = `reply-${this.comment.id}`;
    return html`<form class="reply" @submit=${this.onReply}>
      <label for=${id}>Staff reply to ${this.comment.authorName}</label>
      <textarea id=${id} name="body" required maxlength="10000"></textarea>
      ${this.replyError ? html`<p class="error" role="alert">${this.replyError}</p>` : nothing}
      <div class="row">
        <button class="primary" type="submit" ?disabled=${this.busy}>Post reply</button>
        <button type="button" @click=${this.onToggleReply}>Cancel</button>
      </div>
    </form>`;
  }

  private restorableText(deletedAt: string): string {
    const until = new Date(new Date(deletedAt).getTime() + restoreDays * 24 * 60 * 60 * 1000);
    return until.getTime() > Date.now()
      ? `Restorable until ${until.toLocaleDateString(undefined, { dateStyle: "medium" })}`
      : "No longer restorable";
  }

  private act(action: CommentAction) {
    this.dispatchEvent(
      new CustomEvent("chorus-act", { detail: { action, ids: [this.comment.id] }, bubbles: true, composed: true }),
    );
  }

  private filter(filters: { email?: string; ipHash?: string }) {
    this.closeMenu();
    this.dispatchEvent(new CustomEvent("chorus-filter", { detail: filters, bubbles: true, composed: true }));
  }

  /** Bans by `kind`; `named` says what is banned when it is not what the kind says (a mention's site, by the hash of its host). */
  private async ban(kind: BanKind, value: string, named?: string) {
    const what = { email: "Email", email_domain: "Email domain", ip_hash: "IP hash", identity: "Account" }[kind];
    const shown = kind === "ip_hash" ? shortHash(value) : value;
    await this.run(() => this.api.ban(this.site, kind, value), `${named ?? `${what} ${shown}`} banned`);
  }

  private async trust(email: string) {
    await this.run(() => this.api.trust(this.site, email), `${email} is now trusted`);
  }

  private onToggleCorrect() {
    this.correcting = !this.correcting;
    this.closeMenu();
  }

  private async onCorrectThread(event: SubmitEvent) {
    event.preventDefault();
    const fields = new FormData(event.currentTarget as HTMLFormElement);
    const title = String(fields.get("title") ?? "").trim();
    const url = String(fields.get("url") ?? "").trim();
    const fediverse = String(fields.get("fediverse") ?? "").trim();
    const { page } = this.comment;
    await this.run(
      () =>
        this.api.changeThread(this.site, page, { title, ...(url ? { url } : {}), ...(fediverse ? { fediverse } : {}) }),
      `Thread on ${page} corrected`,
    );
    this.correcting = false;
  }

  private async setThread(closed: boolean) {
    const { page } = this.comment;
    await this.run(
      () => this.api.changeThread(this.site, page, { closed }),
      `Thread on ${page} ${closed ? "closed" : "reopened"}`,
    );
  }

  private async setSignIn(requireSignIn: boolean) {
    const { page } = this.comment;
    await this.run(
      () => this.api.changeThread(this.site, page, { requireSignIn }),
      requireSignIn
        ? `Only signed-in readers may comment on ${page}`
        : `Guests may comment on ${page}, as the site says`,
    );
  }

  private async run(call: () => Promise<unknown>, success: string) {
    this.busy = true;
    try {
      await call();
      announce(this, success);
      this.closeMenu();
    } catch (error) {
      announce(this, describeError(error), true);
    } finally {
      this.busy = false;
    }
  }

  private closeMenu() {
    const menu = this.renderRoot.querySelector("details");
    if (menu?.open) {
      menu.open = false;
      menu.querySelector("summary")?.focus();
    }
  }

  private onMenuKeydown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.stopPropagation();
      this.closeMenu();
    }
  }

  private onSelect(event: Event) {
    const selected = (event.target as HTMLInputElement).checked;
    this.dispatchEvent(
      new CustomEvent("chorus-select", { detail: { id: this.comment.id, selected }, bubbles: true, composed: true }),
    );
  }

  private async onToggleReply() {
    this.replying = !this.replying;
    this.replyError = "";
    if (this.replying) {
      await this.updateComplete;
      this.renderRoot.querySelector("textarea")?.focus();
    }
  }

  private async onReply(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const body = String(new FormData(form).get("body") ?? "").trim();
    if (!body) {
      this.replyError = "Write a reply first.";
      return;
    }
    this.busy = true;
    this.replyError = "";
    try {
      const { comment } = await this.api.staffReply(this.site, this.comment.id, body);
      this.replying = false;
      announce(this, `Reply to ${this.comment.authorName} posted`);
      this.dispatchEvent(new CustomEvent("chorus-replied", { detail: comment, bubbles: true, composed: true }));
    } catch (error) {
      this.replyError =
        error instanceof RequestError && error.fields.length > 0
          ? error.fields.map((field) => field.message).join("; ")
          : describeError(error);
    } finally {
      this.busy = false;
    }
  }
}
