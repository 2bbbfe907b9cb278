import { html, LitElement, nothing, type PropertyValues } from "lit";
import { type AdminApi, describeError } from "./admin-api";
import { announce, consoleStyles, formStyles, panelStyles } from "./styles";

/**
 * A site's own sign-in (site SSO), for its owners: whether it is on, a button that makes a new secret
 * (shown once: the site's server signs its users' tokens with it), and one that turns it off.
 *
 * Properties: `api`, `site`.
 * Events: `chorus-status`.
 * Parts: `secret`.
 */
export class ConsoleSso extends LitElement {
  static override styles = [consoleStyles, formStyles, panelStyles];

  static override properties = {
    api: { attribute: false },
    site: {},
    on: { state: true },
    secret: { state: true },
    busy: { state: true },
    jwksUrl: { state: true },
  };

  declare api: AdminApi;
  declare site: string;
  /** Whether the site signs readers in with its own accounts; null while it is read. */
  declare on: boolean | null;
  /** A secret just made: shown this once. */
  declare secret: string;
  declare busy: boolean;
  /** Where the site publishes the keys of its RS256/ES256 tokens, as saved. */
  declare jwksUrl: string;

  constructor() {
    super();
    this.site = "";
    this.on = null;
    this.secret = "";
    this.busy = false;
    this.jwksUrl = "";
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("site") && this.site && this.api) void this.load();
  }

  override render() {
    return html`<section aria-labelledby="sso-heading">
      <h2 id="sso-heading">Sign-in with your site's accounts (SSO)</h2>
      <p class="hint">
        Your site's server signs a short-lived token for its logged-in user (HS256 with this secret; claims
        <code>sub</code>, <code>name</code>, optional <code>email</code>, <code>avatar</code> and
        <code>role: "staff"</code>; audience <code>${this.site}</code>) and puts it on
        <code>&lt;chorus-thread sso="…"&gt;</code>. Staff post under their own names with the staff label.
      </p>
      <p>${this.on === null ? "Reading…" : this.on ? "On." : "Off."}</p>
      ${
        this.secret
          ? html`<div part="secret"><p>The new SSO secret. Copy it to your site's server now: it is not shown again.</p>
            <output aria-label="SSO secret">${this.secret}</output></div>`
          : nothing
      }
      <div class="row">
        <button type="button" class="primary" ?disabled=${this.busy} @click=${this.onMake}>
          ${this.on ? "Make a new secret (the old one stops working)" : "Turn on: make a secret"}
        </button>
        ${this.on ? html`<button type="button" ?disabled=${this.busy} @click=${this.onOff}>Turn off</button>` : nothing}
      </div>
      <form class="row" @submit=${this.onJwks} aria-label="RS256 or ES256 tokens">
        <label for="sso-jwks">Or sign RS256/ES256 tokens, checked with the keys you publish at (JWKS address, empty for none)</label>
        <input id="sso-jwks" name="jwks" type="url" maxlength="2000" .value=${this.jwksUrl} placeholder="https://myblog.example/.well-known/jwks.json" />
        <button type="submit" ?disabled=${this.busy}>Save address</button>
      </form>
    </section>`;
  }

  private async load() {
    const site = this.site;
    this.on = null;
    this.secret = "";
    try {
      const settings = await this.api.settings(site);
      if (site !== this.site) return;
      this.on = settings.ssoOn;
      this.jwksUrl = settings.ssoJwksUrl ?? "";
    } catch (error) {
      announce(this, describeError(error), true);
    }
  }

  private async onMake() {
    this.busy = true;
    try {
      this.secret = (await this.api.makeSsoSecret(this.site)).secret;
      this.on = true;
      announce(this, "SSO secret made; copy it now");
    } catch (error) {
      announce(this, describeError(error), true);
    } finally {
      this.busy = false;
    }
  }

  private async onJwks(event: SubmitEvent) {
    event.preventDefault();
    const typed = String(new FormData(event.target as HTMLFormElement).get("jwks") ?? "").trim();
    this.busy = true;
    try {
      this.jwksUrl = (await this.api.setSsoJwks(this.site, typed || null)).url ?? "";
      this.on = (await this.api.settings(this.site)).ssoOn;
      announce(this, typed ? "JWKS address saved" : "JWKS address cleared");
    } catch (error) {
      announce(this, describeError(error), true);
    } finally {
      this.busy = false;
    }
  }

  private async onOff() {
    if (
      !window.confirm(
        "Turn sign-in with your site's accounts off? Signed-in readers stay signed in until their sessions end.",
      )
    )
      return;
    this.busy = true;
    try {
      await this.api.turnSsoOff(this.site);
      this.on = false;
      this.secret = "";
      announce(this, "SSO turned off");
    } catch (error) {
      announce(this, describeError(error), true);
    } finally {
      this.busy = false;
    }
  }
}
