import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import {
  type AdminApi,
  describeError,
  type FieldError,
  RequestError,
  type Settings,
  type SettingsUpdate,
} from "./admin-api";
import { announce, consoleStyles, formStyles } from "./styles";

type ListKey =
  | "blocked.words"
  | "blocked.domains"
  | "blocked.emails"
  | "blocked.ipHashes"
  | "allowed.domains"
  | "allowed.emails"
  | "allowed.ipHashes";

const lists: { key: ListKey; label: string; hint: string }[] = [
  { key: "blocked.words", label: "Blocked words", hint: "A comment containing one is spam." },
  { key: "blocked.domains", label: "Blocked link domains", hint: "A comment linking to one is spam." },
  { key: "blocked.emails", label: "Blocked emails", hint: "" },
  { key: "blocked.ipHashes", label: "Blocked IP hashes", hint: "" },
  { key: "allowed.domains", label: "Allowed link domains", hint: "Links to these never count against a comment." },
  { key: "allowed.emails", label: "Allowed emails", hint: "Comments from these pass the spam checks." },
  { key: "allowed.ipHashes", label: "Allowed IP hashes", hint: "" },
];

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

function listOf(settings: Settings, key: ListKey): string[] {
  const [group, name] = key.split(".") as ["blocked" | "allowed", string];
  return (settings[group] as Record<string, string[]>)[name] ?? [];
}

/**
 * A site's settings, for its owners: moderation mode, spam thresholds, allowed origins, block and
 * allow lists, ban action, staff label, auto-close, and the Turnstile and Akismet keys. Secrets are
 * write-only: the form says whether one is set, and sends one only when it is replaced or cleared.
 *
 * Properties: `api`, `site`.
 * Events: `chorus-status`.
 * Parts: `form`, `error`.
 */
export class ConsoleSettings extends LitElement {
  static override styles = [
    consoleStyles,
    formStyles,
    css`
      form {
        display: grid;
        gap: calc(var(--_space) * 1.5);
        max-width: 46rem;
      }
      .pair {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
        gap: var(--_space);
      }
      textarea {
        min-height: 5rem;
        font-family: var(--_code-font);
      }
      [aria-invalid="true"] {
        border-color: var(--_danger);
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    site: {},
    settings: { state: true },
    loading: { state: true },
    saving: { state: true },
    error: { state: true },
    fieldErrors: { state: true },
  };

  /** The console's API client. */
  declare api: AdminApi;
  /** The site whose settings are shown. */
  declare site: string;
  declare settings: Settings | null;
  declare loading: boolean;
  declare saving: boolean;
  declare error: string;
  declare fieldErrors: FieldError[];

  constructor() {
    super();
    this.site = "";
    this.settings = null;
    this.loading = false;
    this.saving = false;
    this.error = "";
    this.fieldErrors = [];
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("site") && this.site && this.api) void this.load();
  }

  override render() {
    const { settings } = this;
    if (!settings) {
      return html`${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : html`<p class="muted">Loading settings…</p>`}`;
    }
    return html`<form part="form" @submit=${this.onSubmit} novalidate aria-label="Site settings">
      <fieldset>
        <legend>Site</legend>
        ${this.field("name", "Name", html`<input id="name" name="name" type="text" required maxlength="200" .value=${settings.name} />`)}
        ${this.field(
          "allowedOrigins",
          "Allowed origins",
          html`<textarea id="allowedOrigins" name="allowedOrigins" .value=${settings.allowedOrigins.join("\n")}></textarea>`,
          "One per line, such as https://blog.example. Only these pages can show and post comments.",
        )}
        ${this.field(
          "pageParams",
          "Page parameters",
          html`<input id="pageParams" name="pageParams" type="text" .value=${settings.pageParams.join(" ")} />`,
          "The query parameters that tell pages apart, such as p page_id for WordPress's /?p=4; any other is ignored.",
        )}
      </fieldset>

      <fieldset>
        <legend>Moderation</legend>
        ${this.field(
          "moderationMode",
          "Moderation mode",
          html`<select id="moderationMode" name="moderationMode">
            ${[
              ["publish", "Publish at once"],
              ["hold_first", "Hold an author's first comment"],
              ["hold_all", "Hold every comment"],
            ].map(
              ([value, label]) =>
                html`<option value=${value ?? ""} ?selected=${settings.moderationMode === value}>${label}</option>`,
            )}
          </select>`,
        )}
        <div class="pair">
          ${this.field(
            "holdAbove",
            "Hold above spam score",
            html`<input id="holdAbove" name="holdAbove" type="number" min="0" max="1" step="0.01" .value=${String(settings.holdAbove)} />`,
            "0 to 1; comments scoring above are held.",
          )}
          ${this.field(
            "spamAbove",
            "Spam above spam score",
            html`<input id="spamAbove" name="spamAbove" type="number" min="0" max="1" step="0.01" .value=${String(settings.spamAbove)} />`,
            "0 to 1, above the hold threshold; comments scoring above go to spam.",
          )}
        </div>
        ${this.field(
          "linksToHold",
          "Hold comments with this many links",
          html`<input id="linksToHold" name="linksToHold" type="number" min="1" max="50" step="1" .value=${String(settings.linksToHold)} />`,
          "Links to your allowed domains do not count. Fewer links never hold a comment on their own.",
        )}
        ${this.field(
          "reportThreshold",
          "Hold a comment after this many reports",
          html`<input id="reportThreshold" name="reportThreshold" type="number" min="1" max="100" step="0.5" .value=${String(settings.reportThreshold)} />`,
          "Each reader's report counts once, and less from readers whose reports you often overruled.",
        )}
        <label class="row"><input type="checkbox" name="spamPrior" ?checked=${settings.spamPrior} /> Start from Chorus's spam prior (learned from public comment collections) until your own decisions take over</label>
        <div class="pair">
          ${this.field(
            "banAction",
            "Comments by banned authors",
            html`<select id="banAction" name="banAction">
              <option value="spam" ?selected=${settings.banAction === "spam"}>Mark as spam silently</option>
              <option value="reject" ?selected=${settings.banAction === "reject"}>Refuse them</option>
            </select>`,
          )}
          ${this.field(
            "autoCloseDays",
            "Close threads after (days)",
            html`<input id="autoCloseDays" name="autoCloseDays" type="number" min="1" max="36500" step="1" .value=${settings.autoCloseDays === null ? "" : String(settings.autoCloseDays)} />`,
            "Counted from a page's first comment; empty never closes.",
          )}
        </div>
        <label class="row"><input type="checkbox" name="gravatar" ?checked=${settings.gravatar === true} /> Show authors' Gravatar images (puts a hash of their email in public pages, which Gravatar's users can be found by)</label>
        <label class="row"><input type="checkbox" name="ownerDigest" ?checked=${settings.ownerDigest === true} /> Email the owners a daily digest of new and held comments</label>
        <label class="row"><input type="checkbox" name="holdMentions" ?checked=${settings.holdMentions === true} /> Hold replies from other blogs and the fediverse (Webmentions, pingbacks, Mastodon replies) for a moderator</label>
        <label class="row"><input type="checkbox" name="countMentions" ?checked=${settings.countMentions !== false} /> Count replies from other blogs and the fediverse on listing pages</label>
        <label class="row"><input type="checkbox" name="requireSignIn" ?checked=${settings.requireSignIn === true} /> Only readers who sign in may comment (guests still read; set sign-in up below)</label>
        <label class="row"><input type="checkbox" name="emailSignIn" ?checked=${settings.emailSignIn === true} /> Readers may sign in with a one-time link sent to their email (when this Chorus sends email)</label>
        ${this.field("staffLabel", "Staff label", html`<input id="staffLabel" name="staffLabel" type="text" maxlength="40" .value=${settings.staffLabel} />`, "Shown after a moderator's name on staff replies.")}
      </fieldset>

      <fieldset>
        <legend>Block and allow lists</legend>
        <p class="hint">One entry per line.</p>
        <div class="pair">
          ${lists.map(({ key, label, hint }) =>
            this.field(
              key,
              label,
              html`<textarea id=${key} name=${key} .value=${listOf(settings, key).join("\n")}></textarea>`,
              hint,
            ),
          )}
        </div>
      </fieldset>

      <fieldset>
        <legend>Turnstile and Akismet</legend>
        ${this.field(
          "turnstileSiteKey",
          "Turnstile site key",
          html`<input id="turnstileSiteKey" name="turnstileSiteKey" type="text" maxlength="200" .value=${settings.turnstileSiteKey ?? ""} />`,
        )}
        ${this.secretField("turnstileSecret", "Turnstile secret key", settings.turnstileSecretSet)}
        ${this.secretField("akismetKey", "Akismet API key", settings.akismetKeySet)}
      </fieldset>

      ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing}
      <div class="row">
        <button class="primary" type="submit" ?disabled=${this.saving}>${this.saving ? "Saving…" : "Save settings"}</button>
        <button type="button" ?disabled=${this.saving} @click=${this.onReset}>Undo changes</button>
      </div>
    </form>`;
  }

  /** A labelled control with its hint and the server's complaint about it, both tied to it for screen readers. */
  private field(key: string, label: string, control: TemplateResult, hint = "") {
    const errors = this.errorsFor(key);
    return html`<div class="field" data-field=${key}>
      <label for=${key}>${label}</label>
      ${control}
      ${hint ? html`<p class="hint" id="${key}-hint">${hint}</p>` : nothing}
      ${errors.length > 0 ? html`<p class="field-error" id="${key}-error">${errors.join("; ")}</p>` : nothing}
    </div>`;
  }

  private secretField(key: "turnstileSecret" | "akismetKey", label: string, isSet: boolean) {
    return this.field(
      key,
      label,
      html`<input id=${key} name=${key} type="password" autocomplete="off" maxlength="200"
          placeholder=${isSet ? "Leave empty to keep it" : ""} />
        <label class="row"><input type="checkbox" name="${key}Clear" ?disabled=${!isSet} /> Clear the ${label.toLowerCase()}</label>`,
      `Currently ${isSet ? "set" : "not set"}. Write-only: it is never shown again.`,
    );
  }

  private errorsFor(key: string): string[] {
    return this.fieldErrors
      .filter((error) => error.field === key || error.field.startsWith(`${key}.`))
      .map((error) => error.message);
  }

  override updated() {
    // Tie hints and errors to their controls, and flag the invalid ones.
    for (const field of this.renderRoot.querySelectorAll<HTMLElement>(".field")) {
      const key = field.dataset.field ?? "";
      const control = field.querySelector(`#${CSS.escape(key)}`);
      if (!control) continue;
      const ids = [`${key}-hint`, `${key}-error`].filter((id) => field.querySelector(`#${CSS.escape(id)}`));
      if (ids.length > 0) control.setAttribute("aria-describedby", ids.join(" "));
      else control.removeAttribute("aria-describedby");
      control.setAttribute("aria-invalid", this.errorsFor(key).length > 0 ? "true" : "false");
    }
  }

  private async load() {
    this.loading = true;
    this.error = "";
    this.settings = null;
    const site = this.site;
    try {
      const settings = await this.api.settings(site);
      if (site === this.site) this.settings = settings;
    } catch (error) {
      if (site === this.site) this.error = describeError(error);
    } finally {
      this.loading = false;
    }
  }

  private read(form: HTMLFormElement): SettingsUpdate {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const number = (name: string) => (text(name) === "" ? Number.NaN : Number(text(name)));
    const list = (name: ListKey) => lines(String(data.get(name) ?? ""));
    const secret = (name: "turnstileSecret" | "akismetKey") =>
      data.get(`${name}Clear`) ? null : text(name) ? text(name) : undefined;
    const update: SettingsUpdate = {
      name: text("name"),
      allowedOrigins: lines(String(data.get("allowedOrigins") ?? "")),
      pageParams: text("pageParams")
        .split(/[\s,]+/)
        .filter(Boolean),
      moderationMode: text("moderationMode") as Settings["moderationMode"],
      banAction: text("banAction") as Settings["banAction"],
      staffLabel: text("staffLabel"),
      autoCloseDays: text("autoCloseDays") === "" ? null : number("autoCloseDays"),
      ownerDigest: data.get("ownerDigest") !== null,
      holdMentions: data.get("holdMentions") !== null,
      countMentions: data.get("countMentions") !== null,
      requireSignIn: data.get("requireSignIn") !== null,
      emailSignIn: data.get("emailSignIn") !== null,
      gravatar: data.get("gravatar") !== null,
      holdAbove: number("holdAbove"),
      spamAbove: number("spamAbove"),
      linksToHold: number("linksToHold"),
      reportThreshold: number("reportThreshold"),
      spamPrior: data.get("spamPrior") !== null,
      blocked: {
        words: list("blocked.words"),
        domains: list("blocked.domains"),
        emails: list("blocked.emails"),
        ipHashes: list("blocked.ipHashes"),
      },
      allowed: { domains: list("allowed.domains"), emails: list("allowed.emails"), ipHashes: list("allowed.ipHashes") },
      turnstileSiteKey: text("turnstileSiteKey") || null,
    };
    const turnstileSecret = secret("turnstileSecret");
    const akismetKey = secret("akismetKey");
    if (turnstileSecret !== undefined) update.turnstileSecret = turnstileSecret;
    if (akismetKey !== undefined) update.akismetKey = akismetKey;
    return update;
  }

  /** Mistakes the browser can name before asking the server. */
  private check(update: SettingsUpdate): FieldError[] {
    const errors: FieldError[] = [];
    for (const key of ["holdAbove", "spamAbove"] as const) {
      const value = update[key];
      if (!Number.isFinite(value) || value < 0 || value > 1)
        errors.push({ field: key, message: "give a number from 0 to 1" });
    }
    if (errors.length === 0 && update.holdAbove >= update.spamAbove) {
      errors.push({ field: "holdAbove", message: "the hold threshold must be below the spam threshold" });
    }
    const threshold = update.reportThreshold ?? Number.NaN;
    if (!(threshold >= 1 && threshold <= 100)) {
      errors.push({ field: "reportThreshold", message: "give a number from 1 to 100" });
    }
    if (!(Number.isInteger(update.linksToHold) && update.linksToHold >= 1 && update.linksToHold <= 50)) {
      errors.push({ field: "linksToHold", message: "give a whole number from 1 to 50" });
    }
    if (update.autoCloseDays !== null && !(Number.isInteger(update.autoCloseDays) && update.autoCloseDays >= 1)) {
      errors.push({ field: "autoCloseDays", message: "give a whole number of days, or leave it empty" });
    }
    return errors;
  }

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const update = this.read(form);
    const problems = this.check(update);
    this.error = "";
    this.fieldErrors = problems;
    if (problems.length > 0) {
      this.error = "Some settings need fixing; see the messages beside them.";
      await this.focusFirstInvalid();
      return;
    }
    this.saving = true;
    try {
      this.settings = await this.api.saveSettings(this.site, update);
      // Secrets are write-only: empty their fields once sent.
      for (const name of ["turnstileSecret", "akismetKey"]) {
        const input = form.elements.namedItem(name) as HTMLInputElement | null;
        const clear = form.elements.namedItem(`${name}Clear`) as HTMLInputElement | null;
        if (input) input.value = "";
        if (clear) clear.checked = false;
      }
      announce(this, "Settings saved");
    } catch (error) {
      this.fieldErrors = error instanceof RequestError ? error.fields : [];
      this.error =
        this.fieldErrors.length > 0 ? "Some settings need fixing; see the messages beside them." : describeError(error);
      await this.focusFirstInvalid();
    } finally {
      this.saving = false;
    }
  }

  private async focusFirstInvalid() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private onReset() {
    const settings = this.settings;
    this.settings = null;
    this.fieldErrors = [];
    this.error = "";
    // Rendering again from the saved settings puts every field back.
    void this.updateComplete.then(() => {
      this.settings = settings;
    });
  }
}
