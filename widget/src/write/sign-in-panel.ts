/**
 * sign-in.js: signing in, out and away, loaded by write.js only where a page offers sign-in, a reader
 * is signed in, or the host page passes a site SSO token (a reader on a site without sign-in never
 * downloads it). It defines `<chorus-sign-in>`, the form's sign-in panel, and publishes the SSO
 * exchange and the emailed link's as `globalThis.chorusSignIn`. An emailed link works only in the
 * browser that asked for it: the request carries a secret this browser keeps, and so must the trade.
 *
 * A provider's sign-in runs in a popup on the Chorus origin (worker/routes/sign-in.ts), which posts
 * the session back to this page's origin; only an answer from that popup, from the Chorus origin,
 * carrying this attempt's nonce is taken.
 */
import type { SignedInReader, SignInChoice } from "../../../worker/api/schemas";
import type { ChorusApi } from "../api";
import { css, html, LitElement, nothing, randomKey, t, tokens } from "./shared";
import {
  onReaderChanged,
  readerChanged,
  type SignInModule,
  type SignInPanel,
  sessionHeaders,
  signedIn,
} from "./sign-in";

/** What the sign-in popup posts to this page (worker/http/link-page.ts `SignInMessage`). */
interface PopupAnswer {
  type?: string;
  nonce?: string;
  signedIn?: SignedInReader;
  error?: string;
}

function keyOf(site: string): string {
  return `chorus:session:${site}`;
}

/** The reader signed in on `site` in this browser, if their session has not expired. */
function readerOf(site: string): SignedInReader | null {
  try {
    const kept = JSON.parse(localStorage.getItem(keyOf(site)) ?? "null") as SignedInReader | null;
    return kept && Date.parse(kept.expiresAt) > Date.now() ? kept : null;
  } catch {
    return null;
  }
}

/** Keeps (or, with null, forgets) the reader's session for `site`, and tells the page's forms. */
function keep(site: string, reader: SignedInReader | null): void {
  try {
    if (reader) localStorage.setItem(keyOf(site), JSON.stringify(reader));
    else localStorage.removeItem(keyOf(site));
  } catch {
    // Storage may be disabled: the reader stays signed in for this page only.
  }
  document.dispatchEvent(new CustomEvent(readerChanged));
}

/** Signs in with the thread's SSO token, or the emailed link's code the page was opened with, if any. */
async function follow(thread: Element, client: ChorusApi): Promise<void> {
  const code = /^#chorus-sign-in=([\w-]+)$/.exec(location.hash)?.[1];
  if (code) {
    history.replaceState(history.state, "", location.pathname + location.search);
    await finishEmailLink(client, code);
  }
  const token = thread.getAttribute("sso");
  if (token) await exchangeSso(client, token);
}

/** Exchanges a site SSO token for a session; a refused token leaves the reader as they were and says why. */
async function exchangeSso(client: ChorusApi, token: string): Promise<void> {
  const reader = await client.request<SignedInReader>("sso", { method: "POST", body: JSON.stringify({ token }) });
  keep(client.site, reader);
}

/** Where this browser keeps the secret its emailed sign-in links need, per site. */
function browserSecretKey(site: string): string {
  return `chorus:email-sign-in:${site}`;
}

/** Trades an emailed link's code for a session, with the secret this browser kept when it asked. */
async function finishEmailLink(client: ChorusApi, code: string): Promise<void> {
  // A browser that never asked has no secret: any it sends is refused as another browser's.
  const browserSecret = localStorage.getItem(browserSecretKey(client.site)) ?? randomKey();
  const reader = await client.request<SignedInReader>("email-sign-in/finish", {
    method: "POST",
    body: JSON.stringify({ code, browserSecret }),
  });
  keep(client.site, reader);
}

/** Waits for the popup's answer to this attempt, and keeps the session it carries. */
function answerOf(client: ChorusApi, popup: Window, nonce: string): Promise<void> {
  const chorusOrigin = new URL(client.base, location.href).origin;
  return new Promise((resolve, reject) => {
    const listen = (event: MessageEvent<PopupAnswer>) => {
      const answer = event.data;
      if (event.origin !== chorusOrigin || event.source !== popup || answer?.type !== "chorus-sign-in") return;
      if (answer.nonce !== nonce) return;
      window.removeEventListener("message", listen);
      if (answer.signedIn) {
        keep(client.site, answer.signedIn);
        resolve();
      } else {
        reject(new Error(answer.error ?? "Sign-in failed"));
      }
    };
    window.addEventListener("message", listen);
  });
}

/**
 * The form's sign-in panel: a "Sign in with …" button per provider (and, where only signed-in readers
 * may comment, a line saying so), or, once signed in, "Commenting as NAME" with "Sign out" and
 * "Delete my account" (keeping the comments as a deleted account's, or erasing them).
 *
 * Properties: `panel` (SignInPanel). Parts: `sign-in-required`, `sign-in-button`, `mastodon-sign-in`, `email-sign-in`,
 * `signed-in`, `sign-out`, `delete-account`, `delete-account-choice`, `error`.
 */
export class ChorusSignIn extends LitElement {
  static override styles = [
    tokens,
    css`
      p {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin: 0;
      }
      .error {
        color: var(--_danger);
      }
    `,
  ];

  static override properties = {
    panel: { attribute: false },
    deleting: { state: true },
    emailing: { state: true },
    askingServer: { state: true },
    message: { state: true },
  };

  declare panel: SignInPanel | undefined;
  /** Whether the reader is choosing how to delete their account. */
  declare deleting: boolean;
  /** Whether the reader is typing the address to send a sign-in link to. */
  declare emailing: boolean;
  /** Whether the reader is typing their Mastodon server. */
  declare askingServer: boolean;
  declare message: string;
  private stopFollowingReader: (() => void) | null = null;

  constructor() {
    super();
    this.deleting = false;
    this.emailing = false;
    this.askingServer = false;
    this.message = "";
  }

  override connectedCallback() {
    super.connectedCallback();
    this.stopFollowingReader = onReaderChanged(() => this.requestUpdate());
  }

  override disconnectedCallback() {
    this.stopFollowingReader?.();
    super.disconnectedCallback();
  }

  override render() {
    const panel = this.panel;
    if (!panel) return nothing;
    const reader = signedIn(panel.client.site)?.reader;
    const error = this.message ? html`<p part="error" class="error" role="alert">${this.message}</p>` : nothing;
    if (!reader) {
      return html`${panel.required ? html`<p part="sign-in-required">${t("Sign in to comment.")}</p>` : nothing}
        <p part="sign-in">
          ${panel.choices.map(
            (choice) =>
              html`<button part="sign-in-button" type="button" aria-expanded=${choice.kind === "email" ? String(this.emailing) : nothing}
                @click=${() => this.signIn(choice)}>
                ${choice.kind === "email" ? t("Sign in with email") : t("Sign in with {provider}", { provider: choice.label })}
              </button>`,
          )}
        </p>
        ${
          this.askingServer
            ? html`<form part="mastodon-sign-in" @submit=${this.onServer}>
              <label>${t("Your Mastodon server")} <input name="instance" required maxlength="300" placeholder="mastodon.social" /></label>
              <button type="submit">${t("Sign in with {provider}", { provider: "Mastodon" })}</button>
            </form>`
            : nothing
        }
        ${
          this.emailing
            ? html`<form part="email-sign-in" @submit=${this.askForLink}>
              <label>${t("Name")} <input name="name" required maxlength="100" autocomplete="name" /></label>
              <label>${t("Email")} <input name="email" type="email" required maxlength="254" autocomplete="email" /></label>
              <button type="submit">${t("Email me a sign-in link")}</button>
            </form>`
            : nothing
        }
        ${error}`;
    }
    return html`<p part="signed-in">
        ${t("Commenting as {name}", { name: reader.name })}
        <button part="sign-out" type="button" @click=${this.signOut}>${t("Sign out")}</button>
        <button part="delete-account" type="button" aria-expanded=${this.deleting ? "true" : "false"}
          @click=${() => {
            this.deleting = !this.deleting;
          }}>${t("Delete my account")}</button>
      </p>
      ${
        this.deleting
          ? html`<p part="delete-account-choice">
            <button type="button" @click=${() => this.deleteAccount("keep")}>${t("Keep my comments, shown as a deleted account")}</button>
            <button type="button" @click=${() => this.deleteAccount("erase")}>${t("Erase my comments too")}</button>
            <button type="button" @click=${() => {
              this.deleting = false;
            }}>${t("Cancel")}</button>
          </p>`
          : nothing
      }
      ${error}`;
  }

  /** Sends a sign-in link to the address typed, back to this page, for this browser only. */
  private async askForLink(event: SubmitEvent) {
    event.preventDefault();
    const { client } = this.panel as SignInPanel;
    const data = new FormData(event.target as HTMLFormElement);
    const browserSecret = randomKey();
    localStorage.setItem(browserSecretKey(client.site), browserSecret);
    const returnUrl = location.href.split("#")[0] ?? location.href;
    try {
      await client.request("email-sign-in", {
        method: "POST",
        body: JSON.stringify({ name: data.get("name"), email: data.get("email"), returnUrl, browserSecret }),
      });
      this.emailing = false;
      this.message = t("Check your email, and open the link in this browser.");
    } catch (error) {
      this.message = (error as Error).message;
    }
  }

  /** Opens the provider's sign-in (Mastodon's, once the reader named their server; email's form). */
  private signIn(choice: SignInChoice) {
    if (choice.kind === "email") this.emailing = !this.emailing;
    else if (choice.kind === "mastodon") this.askingServer = !this.askingServer;
    else void this.openPopup(choice.kind);
  }

  private onServer(event: SubmitEvent) {
    event.preventDefault();
    const instance = String(new FormData(event.target as HTMLFormElement).get("instance") ?? "");
    this.askingServer = false;
    void this.openPopup("mastodon", instance);
  }

  /** Opens a provider's sign-in in a popup, at once (in the reader's click), and waits for its answer. */
  private async openPopup(kind: SignInChoice["kind"], instance?: string) {
    const { client } = this.panel as SignInPanel;
    const nonce = randomKey();
    const query = new URLSearchParams({ origin: location.origin, nonce, ...(instance ? { instance } : {}) });
    const address = `${client.base}/api/sites/${encodeURIComponent(client.site)}/sign-in/${kind}?${query}`;
    const popup = window.open(address, "chorus-sign-in", "popup,width=520,height=680");
    this.message = popup ? "" : t("Allow pop-ups for this page to sign in.");
    if (!popup) return;
    await answerOf(client, popup, nonce).catch((error: unknown) => {
      this.message = (error as Error).message;
    });
  }

  /** Signs the reader out on the server, then forgets the session here whatever the server said. */
  private async signOut() {
    const { client } = this.panel as SignInPanel;
    await client.request("session", { method: "DELETE", headers: sessionHeaders(client.site) }).catch(() => undefined);
    keep(client.site, null);
  }

  /** Deletes the reader's account (its comments kept or erased), forgets it here, and reads the thread again. */
  private async deleteAccount(comments: "keep" | "erase") {
    const panel = this.panel as SignInPanel;
    try {
      await panel.client.request("account/delete", {
        method: "POST",
        body: JSON.stringify({ comments }),
        headers: sessionHeaders(panel.client.site),
      });
      this.deleting = false;
      keep(panel.client.site, null);
      await panel.reload();
    } catch (error) {
      this.message = (error as Error).message;
    }
  }
}

const published: SignInModule = { reader: readerOf, forget: (site) => keep(site, null), follow };
(globalThis as { chorusSignIn?: SignInModule }).chorusSignIn ??= published;
if (!customElements.get("chorus-sign-in")) customElements.define("chorus-sign-in", ChorusSignIn);
// Forms drawn before this loaded show the reader signed in now.
document.dispatchEvent(new CustomEvent(readerChanged));
