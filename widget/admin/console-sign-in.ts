import { css, html, LitElement, nothing } from "lit";
import { type AdminApi, describeError, RequestError, type SessionBody } from "./admin-api";
import { consoleStyles } from "./styles";

/**
 * The sign-in form: email and password.
 *
 * Properties: `api`.
 * Events: `chorus-signed-in` (detail: SessionBody) once the server accepts the password.
 * Parts: `form`, `error`.
 */
export class ConsoleSignIn extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      form {
        display: grid;
        gap: var(--_space);
        max-width: 22rem;
        margin: 10vh auto 0;
        padding: calc(var(--_space) * 2);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
      }
      h1 {
        font-size: 1.25rem;
        margin: 0;
      }
      .field {
        display: grid;
        gap: 0.25rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    busy: { state: true },
    error: { state: true },
  };

  /** The console's API client. */
  declare api: AdminApi;
  declare busy: boolean;
  declare error: string;

  constructor() {
    super();
    this.busy = false;
    this.error = "";
  }

  override render() {
    return html`<form part="form" @submit=${this.onSubmit} aria-labelledby="title" novalidate>
      <h1 id="title">Sign in to Chorus moderation</h1>
      <div class="field">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required autofocus />
      </div>
      <div class="field">
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
      </div>
      <p part="error" class="error" role="alert">${this.error || nothing}</p>
      <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? "Signing in…" : "Sign in"}</button>
    </form>`;
  }

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get("email") ?? "").trim();
    const password = String(data.get("password") ?? "");
    if (!email || !password) {
      this.error = "Enter your email and password.";
      return;
    }
    this.busy = true;
    this.error = "";
    try {
      const session = await this.api.signIn(email, password);
      this.dispatchEvent(
        new CustomEvent<SessionBody>("chorus-signed-in", { detail: session, bubbles: true, composed: true }),
      );
    } catch (error) {
      this.error =
        error instanceof RequestError && error.code === "invalid_credentials"
          ? "Wrong email or password."
          : describeError(error);
      (form.elements.namedItem("password") as HTMLInputElement | null)?.focus();
    } finally {
      this.busy = false;
    }
  }
}
