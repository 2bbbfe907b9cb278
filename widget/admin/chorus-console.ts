import { css, html, LitElement, nothing } from "lit";
import { AdminApi, describeError, type Queue, type SessionBody } from "./admin-api";
import { queueTabs } from "./console-queue";
import { consoleStyles } from "./styles";

export type View = Queue | "dashboard" | "authors" | "settings" | "audit";

const ownerViews: View[] = ["settings", "audit"];
const views: View[] = ["dashboard", ...queueTabs.map((tab) => tab.queue), "authors", "settings", "audit"];

/** `#/site/view` → its parts; anything else → nulls. */
function parseHash(hash: string): { site: string | null; view: View | null } {
  const [, site, view] = /^#\/([^/]+)(?:\/([a-z]+))?/.exec(hash) ?? [];
  return {
    site: site ? decodeURIComponent(site) : null,
    view: views.includes(view as View) ? (view as View) : null,
  };
}

/**
 * The moderator console: signs the moderator in, and routes between a site's dashboard (the first
 * view), its queues, its authors (bans and trusted), settings and webhooks, and audit log (owners only). The route lives in the address's hash
 * (`#/site/view`), so reloading or sharing a link keeps the place. Every result is announced in one
 * live region.
 *
 * Attributes: `api` (the Chorus origin; defaults to this page's).
 * Parts: `header`, `nav`, `status`, `main`.
 */
export class ChorusConsole extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      :host {
        min-height: 100vh;
        background: var(--chorus-page, Canvas);
        color-scheme: light dark;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem var(--_space);
        align-items: center;
        justify-content: space-between;
        padding: 0.5rem calc(var(--_space) * 1.5);
        border-bottom: 1px solid var(--_border);
      }
      h1 {
        font-size: 1.1rem;
        margin: 0;
      }
      nav ul {
        list-style: none;
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        margin: 0;
        padding: 0;
      }
      nav a {
        display: inline-block;
        padding: 0.25rem 0.75rem;
        border-radius: var(--_radius);
        color: var(--_text);
        text-decoration: none;
      }
      nav a[aria-current="page"] {
        background: var(--_surface);
        font-weight: 600;
      }
      main {
        padding: var(--_space) calc(var(--_space) * 1.5);
        max-width: 72rem;
      }
      .status {
        min-height: 1.5rem;
        margin: 0 0 var(--_space);
        font-size: 0.875rem;
      }
      .status:not(:empty) {
        padding: 0.4rem 0.75rem;
        border-radius: var(--_radius);
        background: var(--_surface);
        border-left: 3px solid var(--_success);
      }
      .status.error:not(:empty) {
        border-left-color: var(--_danger);
        color: var(--_danger);
      }
      .skip {
        position: absolute;
        left: -999px;
      }
      .skip:focus {
        left: 0.5rem;
        top: 0.5rem;
        z-index: 10;
        background: var(--_surface);
        padding: 0.5rem;
      }
    `,
  ];

  static override properties = {
    api: {},
    session: { state: true },
    site: { state: true },
    view: { state: true },
    message: { state: true },
    messageIsError: { state: true },
  };

  /** The Chorus origin whose /api/admin the console calls; this page's own by default. */
  declare api: string;
  /** The signed-in moderator; null when signed out, undefined while the session is being read. */
  declare session: SessionBody | null | undefined;
  declare site: string;
  declare view: View;
  declare message: string;
  declare messageIsError: boolean;

  private client = new AdminApi();
  private readonly onHashChange = () => this.applyRoute();

  constructor() {
    super();
    this.api = "";
    this.session = undefined;
    this.site = "";
    this.view = "dashboard";
    this.message = "";
    this.messageIsError = false;
  }

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener("hashchange", this.onHashChange);
    this.client = new AdminApi(this.api);
    this.client.onSignedOut = () => {
      if (this.session) {
        this.session = null;
        this.say("Your session has ended; sign in again.", true);
      }
    };
    void this.start();
  }

  override disconnectedCallback() {
    window.removeEventListener("hashchange", this.onHashChange);
    super.disconnectedCallback();
  }

  override render() {
    return html`<a class="skip" href="#main" @click=${this.onSkip}>Skip to content</a>
      ${this.session ? this.renderHeader(this.session) : nothing}
      <main id="main" part="main" tabindex="-1" @chorus-status=${this.onStatus} @chorus-navigate=${this.onNavigate}>
        <p part="status" class="status ${this.messageIsError ? "error" : ""}" role="status" aria-live="polite">${this.message}</p>
        ${this.renderView()}
      </main>`;
  }

  private renderHeader(session: SessionBody) {
    const role = this.currentRole();
    const links: [View, string][] = [
      ["dashboard", "Dashboard"],
      ["held", "Queues"],
      ["authors", "Authors"],
      ...(role === "owner"
        ? ([
            ["settings", "Settings"],
            ["audit", "Audit log"],
          ] as [View, string][])
        : []),
    ];
    const inQueues = queueTabs.some((tab) => tab.queue === this.view);
    return html`<header part="header">
      <h1>Chorus moderation</h1>
      ${
        session.sites.length > 1
          ? html`<label class="row">Site
              <select class="site-switcher" @change=${this.onSiteChange}>
                ${session.sites.map((site) => html`<option value=${site.id} ?selected=${site.id === this.site}>${site.name}</option>`)}
              </select></label>`
          : html`<span class="site-name">${session.sites[0]?.name ?? ""}</span>`
      }
      <nav part="nav" aria-label="Console">
        <ul>
          ${links.map(([view, label]) => {
            const current = view === "held" ? inQueues : view === this.view;
            return html`<li><a href=${this.href(view)} aria-current=${current ? "page" : "false"}>${label}</a></li>`;
          })}
        </ul>
      </nav>
      <div class="row">
        <span class="muted">${session.moderator.displayName}</span>
        <button type="button" class="sign-out" @click=${() => this.signOut(false)}>Sign out</button>
        <button type="button" class="sign-out-everywhere" @click=${() => this.signOut(true)}>Sign out everywhere</button>
      </div>
    </header>`;
  }

  private renderView() {
    if (this.session === undefined) return html`<p class="muted">Loading…</p>`;
    if (this.session === null)
      return html`<console-sign-in .api=${this.client} @chorus-signed-in=${this.onSignedIn}></console-sign-in>`;
    if (this.session.sites.length === 0) {
      return html`<p>You do not moderate any site yet. Ask a site's owner to add you.</p>`;
    }
    switch (this.view) {
      case "settings":
        return html`<console-settings .api=${this.client} .site=${this.site}></console-settings>
          <console-webhooks .api=${this.client} .site=${this.site}></console-webhooks>
          <console-providers .api=${this.client} .site=${this.site}></console-providers>
          <console-sso .api=${this.client} .site=${this.site}></console-sso>`;
      case "audit":
        return html`<console-audit .api=${this.client} .site=${this.site}></console-audit>`;
      case "dashboard":
        return html`<console-dashboard .api=${this.client} .site=${this.site}></console-dashboard>`;
      case "authors":
        return html`<console-authors .api=${this.client} .site=${this.site}></console-authors>`;
      default:
        return html`<console-queue .api=${this.client} .site=${this.site} .queue=${this.view}></console-queue>`;
    }
  }

  private async start() {
    try {
      this.session = await this.client.session();
      if (this.session) this.applyRoute();
    } catch (error) {
      this.session = null;
      this.say(describeError(error), true);
    }
  }

  private currentRole() {
    return this.session?.sites.find((site) => site.id === this.site)?.role;
  }

  private href(view: View, site = this.site): string {
    return `#/${encodeURIComponent(site)}/${view}`;
  }

  /** Takes the site and view from the hash, falling back to the first site and its dashboard. */
  private applyRoute() {
    const session = this.session;
    if (!session) return;
    const route = parseHash(location.hash);
    const site = session.sites.find((candidate) => candidate.id === route.site) ?? session.sites[0];
    if (!site) return;
    let view = route.view ?? "dashboard";
    if (ownerViews.includes(view) && site.role !== "owner") view = "dashboard";
    this.site = site.id;
    this.view = view;
    const wanted = this.href(view, site.id);
    if (location.hash !== wanted) history.replaceState(null, "", wanted);
  }

  private say(message: string, isError = false) {
    this.messageIsError = isError;
    // Emptying first makes screen readers announce a repeated message again.
    this.message = "";
    void this.updateComplete.then(() => {
      this.message = message;
    });
  }

  private onSkip(event: Event) {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>("main")?.focus();
  }

  private onSignedIn(event: CustomEvent<SessionBody>) {
    this.session = event.detail;
    this.applyRoute();
    this.say(`Signed in as ${event.detail.moderator.displayName}`);
  }

  private async signOut(everywhere: boolean) {
    try {
      await this.client.signOut(everywhere);
      this.session = null;
      this.say(everywhere ? "Signed out on every device" : "Signed out");
    } catch (error) {
      this.say(describeError(error), true);
    }
  }

  private onSiteChange(event: Event) {
    const site = (event.target as HTMLSelectElement).value;
    const role = this.session?.sites.find((candidate) => candidate.id === site)?.role;
    const view = ownerViews.includes(this.view) && role !== "owner" ? "dashboard" : this.view;
    location.hash = this.href(view, site);
  }

  private onNavigate(event: CustomEvent<{ view: View }>) {
    location.hash = this.href(event.detail.view);
    this.view = event.detail.view;
  }

  private onStatus(event: CustomEvent<{ message: string; error: boolean }>) {
    this.say(event.detail.message, event.detail.error);
  }
}
