import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { type AdminApi, type Ban, type BanKind, describeError, RequestError, type TrustedAuthor } from "./admin-api";
import { announce, consoleStyles, formatDate } from "./styles";

const kindLabels: Record<BanKind, string> = {
  email: "Email",
  email_domain: "Email domain",
  ip_hash: "IP hash",
  identity: "Signed-in account (id)",
};

/**
 * The site's banned and trusted authors: lists with a remove button each, and forms to add more.
 *
 * Properties: `api`, `site`.
 * Events: `chorus-status`.
 * Parts: `bans`, `trusted`.
 */
export class ConsoleAuthors extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      section {
        margin-bottom: calc(var(--_space) * 2);
      }
      h2 {
        font-size: 1.1rem;
      }
      table {
        border-collapse: collapse;
        font-size: 0.875rem;
        margin-bottom: var(--_space);
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 0.75rem 0.3rem 0;
        border-bottom: 1px solid var(--_border);
        overflow-wrap: anywhere;
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
      }
      form label {
        display: grid;
        gap: 0.2rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    site: {},
    bans: { state: true },
    trusted: { state: true },
    error: { state: true },
  };

  /** The console's API client. */
  declare api: AdminApi;
  /** The site whose authors are shown. */
  declare site: string;
  declare bans: Ban[] | null;
  declare trusted: TrustedAuthor[] | null;
  declare error: string;

  constructor() {
    super();
    this.site = "";
    this.bans = null;
    this.trusted = null;
    this.error = "";
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("site") && this.site && this.api) void this.load();
  }

  override render() {
    return html`${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <section part="bans" aria-labelledby="bans-title">
        <h2 id="bans-title">Banned authors</h2>
        ${
          this.bans === null
            ? html`<p class="muted">Loading…</p>`
            : this.bans.length === 0
              ? html`<p class="muted">Nobody is banned.</p>`
              : html`<table class="bans">
                <thead><tr><th scope="col">Kind</th><th scope="col">Value</th><th scope="col">Since</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
                <tbody>
                  ${this.bans.map(
                    (ban) => html`<tr>
                      <td>${kindLabels[ban.kind]}</td>
                      <td class="mono">${ban.value}</td>
                      <td>${formatDate(ban.createdAt)}</td>
                      <td><button type="button" aria-label="Lift the ban on ${ban.value}" @click=${() => this.unban(ban)}>Lift ban</button></td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
        }
        <form @submit=${this.onBan} aria-label="Ban an author">
          <label>Kind
            <select name="kind">
              <option value="email">Email</option>
              <option value="email_domain">Email domain</option>
              <option value="ip_hash">IP hash</option>
            </select>
          </label>
          <label>Value <input name="value" type="text" required maxlength="254" /></label>
          <button type="submit">Ban</button>
        </form>
      </section>
      <section part="trusted" aria-labelledby="trusted-title">
        <h2 id="trusted-title">Trusted authors</h2>
        <p class="muted">Comments from trusted authors are never held (hard blocks still apply).</p>
        ${
          this.trusted === null
            ? html`<p class="muted">Loading…</p>`
            : this.trusted.length === 0
              ? html`<p class="muted">Nobody is trusted yet.</p>`
              : html`<table class="trusted">
                <thead><tr><th scope="col">Email</th><th scope="col">Since</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
                <tbody>
                  ${this.trusted.map(
                    (author) => html`<tr>
                      <td>${author.email}</td>
                      <td>${formatDate(author.createdAt)}</td>
                      <td><button type="button" aria-label="Stop trusting ${author.email}" @click=${() => this.untrust(author.email)}>Stop trusting</button></td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
        }
        <form @submit=${this.onTrust} aria-label="Trust an author">
          <label>Email <input name="email" type="email" required maxlength="254" /></label>
          <button type="submit">Trust</button>
        </form>
      </section>`;
  }

  private async load() {
    const site = this.site;
    this.error = "";
    try {
      const [bans, trusted] = await Promise.all([this.api.bans(site), this.api.trusted(site)]);
      if (site !== this.site) return;
      this.bans = bans.bans;
      this.trusted = trusted.trusted;
    } catch (error) {
      if (site === this.site) this.error = describeError(error);
    }
  }

  private async change(call: () => Promise<unknown>, success: string, form?: HTMLFormElement) {
    try {
      await call();
      form?.reset();
      announce(this, success);
      await this.load();
    } catch (error) {
      const fields = error instanceof RequestError ? error.fields.map((field) => field.message).join("; ") : "";
      announce(this, fields || describeError(error), true);
    }
  }

  private unban(ban: Ban) {
    return this.change(() => this.api.unban(this.site, ban.kind, ban.value), `Ban on ${ban.value} lifted`);
  }

  private untrust(email: string) {
    return this.change(() => this.api.untrust(this.site, email), `${email} is no longer trusted`);
  }

  private onBan(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const kind = String(data.get("kind")) as BanKind;
    const value = String(data.get("value") ?? "").trim();
    if (!value) return;
    return this.change(() => this.api.ban(this.site, kind, value), `${kindLabels[kind]} ${value} banned`, form);
  }

  private onTrust(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const email = String(new FormData(form).get("email") ?? "").trim();
    if (!email) return;
    return this.change(() => this.api.trust(this.site, email), `${email} is now trusted`, form);
  }
}
