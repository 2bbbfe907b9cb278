/**
 * sign-in.js: signing in, out and away, loaded by write.js only where a page offers sign-in, a reader
 * is signed in, or the host page passes a site SSO token (a reader on a site without sign-in never
 * downloads it). It defines `<chorus-sign-in>`, the form's sign-in panel, and publishes the SSO
 * exchange as `globalThis.chorusSignIn`.
 *
 * A provider's sign-in runs in a popup on the Chorus origin (worker/routes/sign-in.ts), which posts
 * the session back to this page's origin; only an answer from that popup, from the Chorus origin,
 * carrying this attempt's nonce is taken.
 */
import type { SignedInReader, SignInChoice } from "../../../worker/api/schemas";
import type { ChorusApi } from "../api";
import { css, html, LitElement, nothing, randomKey, t, tokens } from "./shared";
import { keep, onReaderChanged, type SignInModule, type SignInPanel, sessionHeaders, signedIn } from "./sign-in";

/** What the sign-in popup posts to this page (worker/http/link-page.ts `SignInMessage`). */
interface PopupAnswer {
  type?: string;
  nonce?: string;
  signedIn?: SignedInReader;
  error?: string;
}

/** Exchanges a site SSO token for a session; a refused token leaves the reader as they were and says why. */
async function exchangeSso(client: ChorusApi, token: string): Promise<void> {
  const reader = await client.request<SignedInReader>("sso", { method: "POST", body: JSON.stringify({ token }) });
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
 * Properties: `panel` (SignInPanel). Parts: `sign-in-required`, `sign-in-button`, `signed-in`,
 * `sign-out`, `delete-account`, `delete-account-choice`, `error`.
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
    message: { state: true },
  };

  declare panel: SignInPanel | undefined;
  /** Whether the reader is choosing how to delete their account. */
  declare deleting: boolean;
  declare message: string;
  private stopFollowingReader: (() => void) | null = null;

  constructor() {
    super();
    this.deleting = false;
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
              html`<button part="sign-in-button" type="button" @click=${() => this.signIn(choice)}>
                ${t("Sign in with {provider}", { provider: choice.label })}
              </button>`,
          )}
        </p>
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

  /** Opens the provider's sign-in in a popup, at once (in the click), and waits for its answer. */
  private async signIn(choice: SignInChoice) {
    const { client } = this.panel as SignInPanel;
    const nonce = randomKey();
    const query = new URLSearchParams({ origin: location.origin, nonce });
    const address = `${client.base}/api/sites/${encodeURIComponent(client.site)}/sign-in/${choice.kind}?${query}`;
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

const published: SignInModule = { exchangeSso };
(globalThis as { chorusSignIn?: SignInModule }).chorusSignIn ??= published;
if (!customElements.get("chorus-sign-in")) customElements.define("chorus-sign-in", ChorusSignIn);
