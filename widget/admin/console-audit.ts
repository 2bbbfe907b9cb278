import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { type AdminApi, type AuditEntry, describeError } from "./admin-api";
import { announce, consoleStyles, formatDate } from "./styles";

/** `{"kind":"email","value":"a@b.c"}` as `kind: email, value: a@b.c`, shown as text. */
function describeDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");
}

/**
 * The site's audit log, for its owners: who did what to which comments, newest first.
 *
 * Properties: `api`, `site`.
 * Parts: `table`, `more`.
 */
export class ConsoleAudit extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.875rem;
      }
      caption {
        text-align: left;
        font-weight: 600;
        padding-bottom: 0.5rem;
      }
      th,
      td {
        text-align: left;
        vertical-align: top;
        padding: 0.4rem 0.75rem 0.4rem 0;
        border-bottom: 1px solid var(--_border);
      }
      td.detail {
        overflow-wrap: anywhere;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    site: {},
    entries: { state: true },
    nextCursor: { state: true },
    loading: { state: true },
    error: { state: true },
  };

  /** The console's API client. */
  declare api: AdminApi;
  /** The site whose log is shown. */
  declare site: string;
  declare entries: AuditEntry[];
  declare nextCursor: string | null;
  declare loading: boolean;
  declare error: string;

  constructor() {
    super();
    this.site = "";
    this.entries = [];
    this.nextCursor = null;
    this.loading = false;
    this.error = "";
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("site") && this.site && this.api) {
      this.entries = [];
      this.nextCursor = null;
      void this.load();
    }
  }

  override render() {
    return html`${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="scroll">
        <table part="table" aria-busy=${this.loading ? "true" : "false"}>
          <caption>Audit log</caption>
          <thead>
            <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Comments</th><th scope="col">Detail</th></tr>
          </thead>
          <tbody>
            ${this.entries.map(
              (entry) => html`<tr>
                <td><time datetime=${entry.createdAt}>${formatDate(entry.createdAt)}</time></td>
                <td>${entry.moderator ?? html`<span class="muted">a removed moderator</span>`}</td>
                <td><code>${entry.action}</code></td>
                <td>${entry.commentIds.map((id) => `#${id}`).join(", ")}</td>
                <td class="detail">${describeDetail(entry.detail)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.entries.length === 0 && !this.loading && !this.error ? html`<p class="muted">Nothing has been done yet.</p>` : nothing}
      ${
        this.nextCursor
          ? html`<p><button part="more" type="button" ?disabled=${this.loading} @click=${this.load}>Load older entries</button></p>`
          : nothing
      }`;
  }

  private async load() {
    const site = this.site;
    this.loading = true;
    this.error = "";
    try {
      const page = await this.api.audit(site, this.nextCursor);
      if (site !== this.site) return;
      this.entries = [...this.entries, ...page.entries];
      this.nextCursor = page.nextCursor;
    } catch (error) {
      if (site !== this.site) return;
      if (this.entries.length > 0) announce(this, describeError(error), true);
      else this.error = describeError(error);
    } finally {
      this.loading = false;
    }
  }
}
