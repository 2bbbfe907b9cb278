import type { PropertyValues } from "lit";
import { fieldLimits } from "../../../common/vocabulary";
import type { FieldError, FormBody, PostedComment, SignInChoice } from "../../../worker/api/schemas";
import { css, html, LitElement, nothing, RequestError, randomKey, storage, t, tokens, unsafeHTML } from "./shared";
import { loadSignIn, onReaderChanged, type SignInPanel } from "./sign-in";

/** What the reader typed, with the form's proofs; the form's owner adds the page and sends it. */
export interface CommentDraft {
  authorName: string;
  authorEmail: string;
  authorWebsite: string;
  body: string;
  idempotencyKey: string;
  formToken: string;
  trap: string;
  turnstileToken?: string;
  parentId?: number;
  notifyReplies?: boolean;
}

/** How a form talks to its thread: `prepare` when it is shown, `submit` to send a draft. */
export interface Poster {
  prepare(): Promise<FormBody>;
  /** Resolves with the stored comment, or rejects with a `RequestError`. */
  submit(draft: CommentDraft): Promise<PostedComment>;
  /** The draft as the server renders it (safe HTML from worker/render). */
  preview?(body: string): Promise<string>;
  /** Where drafts of this page are kept in the browser, so they survive a reload. */
  draftKey?: string;
  /** The reader signed in to the site, if any: their comments go under this name. */
  reader?(): { name: string; role: string } | null;
  /** Where the sign-in panel signs in (sign-in.js), and how it reads the thread again. */
  signIn?: Pick<SignInPanel, "client" | "reload">;
}

interface TurnstileApi {
  render(element: HTMLElement, options: { sitekey: string; callback: (token: string) => void }): void;
}

let turnstileLoading: Promise<TurnstileApi> | undefined;

/** Loads Cloudflare Turnstile the first time a site that uses it shows a form; other sites never load it. */
function loadTurnstile(): Promise<TurnstileApi> {
  turnstileLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";
    script.onload = () => resolve((window as unknown as { turnstile: TurnstileApi }).turnstile);
    script.onerror = reject;
    document.head.appendChild(script);
  });
  return turnstileLoading;
}

const identityKey = "chorus:identity";
const fieldNames = ["authorName", "authorEmail", "authorWebsite", "body"] as const;
type FieldName = (typeof fieldNames)[number];

/**
 * The comment form: name (required), email (optional, private), website (optional) and the text.
 * Remembers the reader's name, email and website in this browser. A submission keeps its
 * idempotency key until it succeeds, so a double click or a retry after a network error can never
 * create two comments.
 *
 * It asks its thread for a signed form token when shown (the server refuses forms sent too soon after
 * that, as scripts do) and carries a honeypot field that people never see.
 *
 * The text is kept as a draft in this browser (per page and per reply) until it is posted, and
 * "Preview" shows it as the server will render it.
 *
 * When the deployment sends email, a box asks for replies by email (confirmed by a link sent to the
 * address, then one-click unsubscribe in every email).
 *
 * Properties: `poster` (required), `parentId` (set for a reply), `compact` (a reply form).
 * Events: `chorus-posted` (detail: PostedComment), `chorus-cancel` (a reply form's cancel button).
 * Parts: `form`, `field`, `input`, `textarea`, `submit`, `preview-button`, `preview`, `error`; the sign-in
 * panel (`<chorus-sign-in>`, sign-in-panel.ts) has its own.
 */
export class ChorusForm extends LitElement {
  static override styles = [
    tokens,
    css`
      form {
        display: grid;
        gap: var(--_space);
      }
      .identity {
        display: grid;
        gap: var(--_space);
        grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
        align-items: end;
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-size: 0.875em;
        font-weight: 600;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        font-weight: normal;
      }
      input,
      textarea {
        font: inherit;
        font-weight: normal;
        color: var(--_text);
        background: var(--_background);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 0.5rem;
      }
      textarea {
        min-height: 6rem;
        resize: vertical;
      }
      input:focus-visible,
      textarea:focus-visible,
      button:focus-visible {
        outline: 2px solid var(--_accent);
        outline-offset: 1px;
      }
      [aria-invalid="true"] {
        border-color: var(--_danger);
      }
      .error {
        color: var(--_danger);
        font-weight: normal;
      }
      .actions {
        display: flex;
        gap: var(--_space);
        align-items: center;
      }
      .submit {
        background: var(--_accent);
        color: var(--_accent-text);
        border: 0;
        border-radius: var(--_radius);
        padding: 0.5rem 1rem;
      }
      .submit[disabled] {
        opacity: 0.6;
        cursor: progress;
      }
      .trap {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
      }
      .cancel {
        background: none;
        border: 0;
        color: var(--_muted);
      }
      .preview {
        border: 1px dashed var(--_border);
        border-radius: var(--_radius);
        padding: 0 var(--_space);
        overflow-wrap: anywhere;
      }
    `,
  ];

  static override properties = {
    poster: { attribute: false },
    parentId: { type: Number, attribute: "parent-id" },
    compact: { type: Boolean },
    sending: { state: true },
    errors: { state: true },
    message: { state: true },
    previewHtml: { state: true },
    notifications: { state: true },
    signInChoices: { state: true },
    signInRequired: { state: true },
  };

  /** Prepares and sends drafts; provided by the thread that owns this form. */
  declare poster: Poster | undefined;
  /** The comment this form replies to, if it is a reply form. */
  declare parentId: number | undefined;
  /** A smaller form with a cancel button, used for replies. */
  declare compact: boolean;
  declare sending: boolean;
  declare errors: Partial<Record<FieldName, string>>;
  declare message: string;
  /** The server's rendering of the draft while the reader previews it. */
  declare previewHtml: string | null;
  /** Whether to offer reply emails (the deployment sends email). */
  declare notifications: boolean;
  /** The accounts the site lets readers sign in with. */
  declare signInChoices: SignInChoice[];
  /** Whether only signed-in readers may comment here. */
  declare signInRequired: boolean;
  private pendingKey: string | null = null;
  private formToken = "";
  private turnstileToken: string | undefined;

  constructor() {
    super();
    this.compact = false;
    this.notifications = false;
    this.signInChoices = [];
    this.signInRequired = false;
    this.sending = false;
    this.errors = {};
    this.message = "";
    this.previewHtml = null;
  }

  private stopFollowingReader: (() => void) | null = null;

  /** Shows the reader's name, or the name fields, as they sign in or out anywhere on the page. */
  override connectedCallback() {
    super.connectedCallback();
    this.stopFollowingReader = onReaderChanged(() => this.requestUpdate());
  }

  override disconnectedCallback() {
    this.stopFollowingReader?.();
    super.disconnectedCallback();
  }

  /** Prepares the form as soon as it has a poster: when it is shown, or when its thread's writing half arrives. */
  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("poster") && this.poster) this.prepare();
  }

  /** Gets a fresh form token (each is good for one comment) and shows Turnstile if the site asks for it. */
  private async prepare() {
    try {
      const prepared = await this.poster?.prepare();
      if (!prepared) return;
      this.formToken = prepared.formToken;
      this.notifications = prepared.notifications;
      this.signInChoices = prepared.signIn;
      this.signInRequired = prepared.signInRequired;
      if (prepared.turnstileSiteKey) {
        const turnstile = await loadTurnstile();
        await this.updateComplete;
        const container = this.renderRoot.querySelector<HTMLElement>(".challenge");
        if (container) {
          container.replaceChildren();
          turnstile.render(container, {
            sitekey: prepared.turnstileSiteKey,
            callback: (token) => {
              this.turnstileToken = token;
            },
          });
        }
      }
    } catch {
      this.message = t("The form could not be prepared. Check your connection and reload the page.");
    }
  }

  override render() {
    const identity = this.savedIdentity();
    const reader = this.poster?.reader?.() ?? null;
    const formId = this.parentId ? `reply-${this.parentId}` : "new";
    return html`<form part="form" novalidate @submit=${this.onSubmit} aria-label=${t(this.parentId ? "Reply" : "Write a comment")}>
      <label part="field"
        >${t("Comment")}
        <textarea
          part="textarea"
          name="body"
          required
          maxlength=${fieldLimits.body}
          aria-invalid=${this.errors.body ? "true" : "false"}
          aria-describedby="${formId}-body-error"
          placeholder=${t("Write a comment… (Markdown: *emphasis*, **strong**, `code`, > quote, - list, [link](https://…))")}
          .value=${this.draft ?? ""}
          ?hidden=${this.previewHtml !== null}
          @input=${this.onDraft}
        ></textarea>
        ${
          this.previewHtml === null
            ? nothing
            : html`<div part="preview" class="preview" aria-label="Preview">${unsafeHTML(this.previewHtml)}</div>`
        }
        ${this.renderError("body", formId)}
      </label>
      ${this.renderSignIn(reader !== null)}
      ${
        reader
          ? html`<input type="hidden" name="authorName" .value=${reader.name} />`
          : this.signInRequired
            ? nothing
            : this.renderIdentity(identity, formId)
      }
      ${
        this.notifications
          ? html`<label part="field" class="check"><input type="checkbox" name="notifyReplies" /> ${t("Email me replies")}</label>`
          : nothing
      }
      <label class="trap" aria-hidden="true"
        >${t("Leave this field empty")} <input name="trap" tabindex="-1" autocomplete="off"
      /></label>
      <div class="challenge"></div>
      <div class="actions">
        <button part="submit" class="submit" type="submit" ?disabled=${this.sending || (this.signInRequired && !reader)}>
          ${t(this.sending ? "Posting…" : this.parentId ? "Reply" : "Post comment")}
        </button>
        ${
          this.poster?.preview
            ? html`<button part="preview-button" class="cancel" type="button" aria-pressed=${this.previewHtml !== null}
                @click=${this.onPreview}>${t(this.previewHtml === null ? "Preview" : "Edit")}</button>`
            : nothing
        }
        ${this.compact ? html`<button class="cancel" type="button" @click=${this.onCancel}>${t("Cancel")}</button>` : nothing}
        <span part="error" class="error" role="alert">${this.message}</span>
      </div>
    </form>`;
  }

  private renderInput(
    name: FieldName,
    label: string,
    value: string,
    formId: string,
    options: { type?: string; required?: boolean; autocomplete: string },
  ) {
    return html`<label part="field"
      >${label}
      <input
        part="input"
        name=${name}
        type=${options.type ?? "text"}
        .value=${value}
        ?required=${options.required}
        autocomplete=${options.autocomplete}
        maxlength=${fieldLimits[name]}
        aria-invalid=${this.errors[name] ? "true" : "false"}
        aria-describedby="${formId}-${name}-error"
      />
      ${this.renderError(name, formId)}
    </label>`;
  }

  /** A guest's name, email and website, as they typed them last time. */
  private renderIdentity(identity: Record<"authorName" | "authorEmail" | "authorWebsite", string>, formId: string) {
    return html`<div class="identity">
      ${this.renderInput("authorName", t("Name"), identity.authorName, formId, { required: true, autocomplete: "name" })}
      ${this.renderInput("authorEmail", t("Email (optional, never shown)"), identity.authorEmail, formId, {
        type: "email",
        autocomplete: "email",
      })}
      ${this.renderInput("authorWebsite", t("Website (optional)"), identity.authorWebsite, formId, {
        type: "url",
        autocomplete: "url",
      })}
    </div>`;
  }

  /**
   * The sign-in panel (sign-in.js, loaded here and only here: where the site offers sign-in, only
   * signed-in readers may comment, or a reader is signed in).
   */
  private renderSignIn(readerSignedIn: boolean) {
    const signIn = this.poster?.signIn;
    if (!signIn || (this.signInChoices.length === 0 && !this.signInRequired && !readerSignedIn)) return nothing;
    void loadSignIn(signIn.client);
    const panel: SignInPanel = { ...signIn, choices: this.signInChoices, required: this.signInRequired };
    return html`<chorus-sign-in .panel=${panel}></chorus-sign-in>`;
  }

  private renderError(name: FieldName, formId: string) {
    return html`<span class="error" id="${formId}-${name}-error">${this.errors[name] ?? ""}</span>`;
  }

  private savedIdentity(): Record<"authorName" | "authorEmail" | "authorWebsite", string> {
    const empty = { authorName: "", authorEmail: "", authorWebsite: "" };
    try {
      return { ...empty, ...JSON.parse(localStorage.getItem(identityKey) ?? "{}") };
    } catch {
      return empty;
    }
  }

  /** The key this form's draft is kept under, if its thread gave one. */
  private get draftName(): string | null {
    return this.poster?.draftKey ? `chorus:draft:${this.poster.draftKey}:${this.parentId ?? 0}` : null;
  }

  private get draft(): string | null {
    return this.draftName ? (storage("localStorage")?.getItem(this.draftName) ?? null) : null;
  }

  private saveDraft(text: string) {
    const name = this.draftName;
    try {
      if (name && text) storage("localStorage")?.setItem(name, text);
      else if (name) storage("localStorage")?.removeItem(name);
    } catch {
      // Storage may be full or disabled: the draft lasts until the page is closed.
    }
  }

  private onDraft(event: InputEvent) {
    this.saveDraft((event.target as HTMLTextAreaElement).value);
  }

  private async onPreview() {
    if (this.previewHtml !== null || !this.poster?.preview) {
      this.previewHtml = null;
      return;
    }
    const body = this.renderRoot.querySelector("textarea")?.value.trim() ?? "";
    if (!body) {
      this.errors = { body: t("Please write a comment.") };
      return;
    }
    try {
      this.previewHtml = await this.poster.preview(body);
      this.message = "";
    } catch (error) {
      this.showError(error);
    }
  }

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (this.sending || !this.poster) return;
    const form = event.target as HTMLFormElement;
    const values = Object.fromEntries(
      fieldNames.map((name) => [name, String(new FormData(form).get(name) ?? "").trim()]),
    ) as Record<FieldName, string>;
    const errors: Partial<Record<FieldName, string>> = {};
    if (!values.authorName) errors.authorName = t("Please give your name.");
    if (!values.body) errors.body = t("Please write a comment.");
    this.errors = errors;
    this.message = "";
    if (Object.keys(errors).length > 0) return;
    this.pendingKey ??= randomKey();
    this.sending = true;
    try {
      const posted = await this.poster.submit({
        ...values,
        idempotencyKey: this.pendingKey,
        formToken: this.formToken,
        trap: String(new FormData(form).get("trap") ?? ""),
        turnstileToken: this.turnstileToken,
        parentId: this.parentId,
        notifyReplies: new FormData(form).has("notifyReplies") || undefined,
      });
      this.pendingKey = null;
      this.prepare();
      const { body: _body, ...identity } = values;
      try {
        if (!this.poster.reader?.()) localStorage.setItem(identityKey, JSON.stringify(identity));
      } catch {
        // Storage may be disabled; the reader just types their name again next time.
      }
      (form.elements.namedItem("body") as HTMLTextAreaElement).value = "";
      this.saveDraft("");
      this.previewHtml = null;
      if (posted.alreadyReceived) this.message = t("We already received this comment.");
      else if (posted.notifications === "confirmation_sent")
        this.message = t("Check your inbox to confirm reply emails.");
      this.dispatchEvent(new CustomEvent("chorus-posted", { detail: posted, bubbles: true, composed: true }));
    } catch (error) {
      // Sent within seconds of the form appearing: nothing was stored, and the same form goes
      // again once the server's wait is over, while the server's "just a moment" shows.
      if ((error as RequestError).code === "form_too_fast") setTimeout(() => form.requestSubmit(), 3e3);
      this.showError(error);
    } finally {
      this.sending = false;
    }
  }

  private showError(error: unknown) {
    if (!(error instanceof RequestError)) {
      this.message = t("Could not reach the server. Your comment is kept here: try again.");
      return;
    }
    if (error.code.startsWith("form_token_")) {
      // The submission keeps its key: if an earlier attempt of it was stored after all, sending it
      // again with the new form answers with that comment instead of posting it twice.
      this.prepare();
      this.message = t("The form was refreshed. Please press the button again.");
      return;
    }
    this.pendingKey = null;
    const errors: Partial<Record<FieldName, string>> = {};
    for (const field of error.fields as FieldError[]) {
      if ((fieldNames as readonly string[]).includes(field.field)) errors[field.field as FieldName] = field.message;
    }
    this.errors = errors;
    this.message = Object.keys(errors).length > 0 ? t("Please check the fields marked above.") : error.message;
  }

  private onCancel() {
    this.dispatchEvent(new CustomEvent("chorus-cancel", { bubbles: true, composed: true }));
  }
}
