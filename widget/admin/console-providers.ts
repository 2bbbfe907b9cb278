import { html, LitElement, nothing, type PropertyValues } from "lit";
import { type SignInProviderKind, signInProviderKinds } from "../../common/vocabulary";
import {
  type AdminApi,
  describeError,
  type FieldError,
  type NewSignInProvider,
  RequestError,
  type SignInProviderEntry,
} from "./admin-api";
import { announce, consoleStyles, fieldErrorFor, formStyles, panelStyles } from "./styles";

const kindLabels: Record<SignInProviderKind, string> = {
  github: "GitHub",
  google: "Google",
  microsoft: "Microsoft",
  mastodon: "Mastodon (any server)",
  oidc: "Your own OpenID Connect provider (Okta, Auth0, Entra, Keycloak…)",
};

/** Where an owner registers the OAuth client each kind needs. */
const setUpHints: Record<SignInProviderKind, string> = {
  github: "GitHub → Settings → Developer settings → OAuth Apps → New OAuth App.",
  google: "Google Cloud console → APIs & Services → Credentials → Create OAuth client ID (Web application).",
  microsoft: "Microsoft Entra admin center → App registrations → New registration (Web platform).",
  mastodon: "Nothing to register: Chorus registers itself on each reader's server the first time they sign in from it.",
  oidc: "Your identity provider's admin → a new web application (authorization code flow).",
};

/**
 * The accounts a site's readers may sign in with, for its owners: each provider listed with its
 * client id (never its secret), the one redirect address to register with every provider, and a form
 * that adds one or replaces its client.
 *
 * Properties: `api`, `site`.
 * Events: `chorus-status`.
 * Parts: `list`, `form`, `redirect`, `error`.
 */
export class ConsoleProviders extends LitElement {
  static override styles = [consoleStyles, formStyles, panelStyles];

  static override properties = {
    api: { attribute: false },
    site: {},
    providers: { state: true },
    redirectUri: { state: true },
    kind: { state: true },
    error: { state: true },
    fieldErrors: { state: true },
    busy: { state: true },
  };

  declare api: AdminApi;
  declare site: string;
  declare providers: SignInProviderEntry[] | null;
  declare redirectUri: string;
  /** The kind chosen in the form: an OpenID provider also needs its issuer and a label, Microsoft a tenant. */
  declare kind: SignInProviderKind;
  declare error: string;
  declare fieldErrors: FieldError[];
  declare busy: boolean;

  constructor() {
    super();
    this.site = "";
    this.providers = null;
    this.redirectUri = "";
    this.kind = "github";
    this.error = "";
    this.fieldErrors = [];
    this.busy = false;
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("site") && this.site && this.api) void this.load();
  }

  override render() {
    return html`<section aria-labelledby="providers-heading">
      <h2 id="providers-heading">Readers sign in with</h2>
      <p class="hint muted">
        Readers can still comment as guests. With a provider here, the comment form also offers "Sign in with
        …": a popup on this Chorus's address, so it works on any blog and with third-party cookies blocked.
        Register this redirect address with each provider:
        <code part="redirect">${this.redirectUri || "…"}</code>
      </p>
      ${this.renderList()} ${this.renderForm()}
      ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing}
    </section>`;
  }

  private renderList() {
    if (this.providers === null) return html`<p class="muted">Loading…</p>`;
    if (this.providers.length === 0) return html`<p class="muted">No providers yet: readers comment as guests.</p>`;
    return html`<ul part="list" aria-label="Sign-in providers">
      ${this.providers.map(
        (provider) => html`<li>
          <span>
            <strong>${provider.label}</strong>
            <span class="muted">· ${kindLabels[provider.kind]}${provider.clientId ? ` · client ${provider.clientId}` : ""}${
              provider.issuer ? ` · ${provider.issuer}` : ""
            }</span>
          </span>
          <button type="button" ?disabled=${this.busy} aria-label="Remove sign-in with ${provider.label}"
            @click=${() => this.removeProvider(provider)}>Remove</button>
        </li>`,
      )}
    </ul>`;
  }

  private renderForm() {
    const { kind } = this;
    return html`<form part="form" @submit=${this.onSubmit} novalidate aria-label="Add a sign-in provider">
      <fieldset>
        <legend>Add a provider, or replace its client</legend>
        <div class="field">
          <label for="provider-kind">Provider</label>
          <select id="provider-kind" name="kind" @change=${this.onKind}>
            ${signInProviderKinds.map((option) => html`<option value=${option} ?selected=${option === kind}>${kindLabels[option]}</option>`)}
          </select>
          <p class="hint muted">${setUpHints[kind]}</p>
        </div>
        ${
          kind === "oidc"
            ? html`<div class="field">
                <label for="provider-issuer">Issuer</label>
                <input id="provider-issuer" name="issuer" type="url" maxlength="300" placeholder="https://id.example.com" />
                ${fieldErrorFor(this.fieldErrors, "issuer")}
              </div>`
            : kind === "microsoft"
              ? html`<div class="field">
                  <label for="provider-issuer">Tenant (empty: any Microsoft account)</label>
                  <input id="provider-issuer" name="issuer" type="text" maxlength="100" placeholder="common" />
                  ${fieldErrorFor(this.fieldErrors, "issuer")}
                </div>`
              : nothing
        }
        <div class="field">
          <label for="provider-label">Button label${kind === "oidc" ? "" : " (optional)"}</label>
          <input id="provider-label" name="label" type="text" maxlength="40" placeholder=${kind === "oidc" ? "Acme staff" : kindLabels[kind]} />
          ${fieldErrorFor(this.fieldErrors, "label")}
        </div>
        ${kind === "mastodon" ? nothing : this.renderClient()}
        <div class="row"><button class="primary" type="submit" ?disabled=${this.busy}>Save provider</button></div>
      </fieldset>
    </form>`;
  }

  /** The client an owner registered with the provider. */
  private renderClient() {
    return html`<div class="field">
          <label for="provider-client">Client id</label>
          <input id="provider-client" name="clientId" type="text" maxlength="300" autocomplete="off" />
          ${fieldErrorFor(this.fieldErrors, "clientId")}
        </div>
        <div class="field">
          <label for="provider-secret">Client secret (not shown again)</label>
          <input id="provider-secret" name="clientSecret" type="password" maxlength="500" autocomplete="off" />
          ${fieldErrorFor(this.fieldErrors, "clientSecret")}
        </div>`;
  }

  private onKind(event: Event) {
    this.kind = (event.target as HTMLSelectElement).value as SignInProviderKind;
    this.fieldErrors = [];
  }

  private async load() {
    const site = this.site;
    this.providers = null;
    try {
      const listed = await this.api.signInProviders(site);
      if (site !== this.site) return;
      this.providers = listed.providers;
      this.redirectUri = listed.redirectUri;
    } catch (error) {
      if (site === this.site) this.error = describeError(error);
    }
  }

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const provider: NewSignInProvider = {
      kind: this.kind,
      ...(this.kind === "mastodon"
        ? {}
        : { clientId: text("clientId"), clientSecret: String(data.get("clientSecret") ?? "") }),
      ...(text("label") ? { label: text("label") } : {}),
      ...(text("issuer") ? { issuer: text("issuer") } : {}),
    };
    this.busy = true;
    this.error = "";
    this.fieldErrors = [];
    try {
      const saved = (await this.api.saveSignInProvider(this.site, provider)).provider;
      this.providers = [...(this.providers ?? []).filter((entry) => entry.kind !== saved.kind), saved];
      form.reset();
      this.kind = "github";
      announce(this, `Readers can sign in with ${saved.label}`);
    } catch (error) {
      this.fieldErrors = error instanceof RequestError ? error.fields : [];
      this.error = describeError(error);
      announce(this, this.error, true);
    } finally {
      this.busy = false;
    }
  }

  private async removeProvider(provider: SignInProviderEntry) {
    if (
      !window.confirm(`Stop readers signing in with ${provider.label}? Readers signed in stay so until they sign out.`)
    )
      return;
    this.busy = true;
    try {
      await this.api.removeSignInProvider(this.site, provider.kind);
      this.providers = (this.providers ?? []).filter((entry) => entry.kind !== provider.kind);
      announce(this, `Sign-in with ${provider.label} removed`);
    } catch (error) {
      announce(this, describeError(error), true);
    } finally {
      this.busy = false;
    }
  }
}
