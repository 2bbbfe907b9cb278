import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { type AlertEvent, alertEvents, type WebhookFormat, webhookFormats } from "../../common/vocabulary";
import {
  type AdminApi,
  describeError,
  type FieldError,
  type NewWebhook,
  RequestError,
  type WebhookEntry,
} from "./admin-api";
import { announce, consoleStyles, fieldErrorFor, formatDate, formStyles, panelStyles } from "./styles";

const eventLabels: Record<AlertEvent, string> = {
  held: "Held comments",
  spam: "Spam",
  duplicate: "Duplicates",
  reported: "Reported comments",
  digest: "Daily digest",
};

const formatLabels: Record<WebhookFormat, string> = {
  json: "JSON, signed (your own service)",
  slack: "Slack incoming webhook",
  discord: "Discord webhook",
  telegram: "Telegram bot (sendMessage)",
};

/**
 * A site's webhooks, for its owners: where alerts of held, spam, duplicate and reported comments
 * (and a daily digest) go, in Chorus's signed JSON or as Slack, Discord or Telegram messages. A new
 * webhook's signing secret is shown once, right after it is added.
 *
 * Properties: `api`, `site`.
 * Events: `chorus-status`.
 * Parts: `form`, `list`, `secret`, `error`.
 */
export class ConsoleWebhooks extends LitElement {
  static override styles = [
    consoleStyles,
    formStyles,
    panelStyles,
    css`
      .url {
        font-family: var(--_code-font);
        overflow-wrap: anywhere;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    site: {},
    webhooks: { state: true },
    format: { state: true },
    secret: { state: true },
    error: { state: true },
    fieldErrors: { state: true },
    busy: { state: true },
  };

  declare api: AdminApi;
  declare site: string;
  declare webhooks: WebhookEntry[] | null;
  /** The format chosen in the form (a Telegram webhook also needs a chat id). */
  declare format: WebhookFormat;
  /** The signing secret of the webhook just added: shown this once. */
  declare secret: string;
  declare error: string;
  declare fieldErrors: FieldError[];
  declare busy: boolean;

  constructor() {
    super();
    this.site = "";
    this.webhooks = null;
    this.format = "json";
    this.secret = "";
    this.error = "";
    this.fieldErrors = [];
    this.busy = false;
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("site") && this.site && this.api) void this.load();
  }

  override render() {
    return html`<section aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Alerts to webhooks</h2>
      <p class="hint muted">
        Tell Slack, Discord, Telegram or your own service when a comment is held, marked spam, caught as a
        duplicate or reported. Each alert about a comment carries one-click Approve and Spam links (they
        ask before acting, work once, and expire after three days).
      </p>
      ${this.renderList()}
      ${
        this.secret
          ? html`<div part="secret">
            <p>Signing secret of the new webhook. Copy it now: it is not shown again.</p>
            <output aria-label="Signing secret">${this.secret}</output>
          </div>`
          : nothing
      }
      ${this.renderForm()}
      ${this.error ? html`<p part="error" class="error" role="alert">${this.error}</p>` : nothing}
    </section>`;
  }

  private renderList() {
    if (this.webhooks === null) return html`<p class="muted">Loading webhooks…</p>`;
    if (this.webhooks.length === 0) return html`<p class="muted">No webhooks yet.</p>`;
    return html`<ul part="list" aria-label="Webhooks">
      ${this.webhooks.map(
        (webhook) => html`<li>
          <span>
            <span class="url">${webhook.url}</span><br />
            <span class="muted">${formatLabels[webhook.format]} · ${webhook.events.map((event) => eventLabels[event]).join(", ")}${
              webhook.includeEmail ? " · with authors' emails" : ""
            } · added ${formatDate(new Date(webhook.createdAt).toISOString())}</span>
          </span>
          <button type="button" ?disabled=${this.busy} aria-label="Delete the webhook to ${webhook.url}"
            @click=${() => this.deleteOne(webhook)}>Delete</button>
        </li>`,
      )}
    </ul>`;
  }

  private renderForm() {
    return html`<form part="form" @submit=${this.onSubmit} novalidate aria-label="Add a webhook">
      <fieldset>
        <legend>Add a webhook</legend>
        <div class="field">
          <label for="webhook-url">Address</label>
          <input id="webhook-url" name="url" type="url" required maxlength="2000" placeholder="https://hooks.slack.com/services/…" />
          ${fieldErrorFor(this.fieldErrors, "url")}
        </div>
        <div class="field">
          <label for="webhook-format">Format</label>
          <select id="webhook-format" name="format" @change=${this.onFormat}>
            ${webhookFormats.map((format) => html`<option value=${format} ?selected=${format === this.format}>${formatLabels[format]}</option>`)}
          </select>
        </div>
        ${
          this.format === "telegram"
            ? html`<div class="field">
              <label for="webhook-chat">Telegram chat id</label>
              <input id="webhook-chat" name="telegramChatId" type="text" maxlength="40" placeholder="-1001234567890 or @channel" />
              ${fieldErrorFor(this.fieldErrors, "telegramChatId")}
            </div>`
            : nothing
        }
        <fieldset>
          <legend>Alert me of</legend>
          ${alertEvents.map(
            (event) =>
              html`<label class="row"><input type="checkbox" name="events" value=${event} ?checked=${event === "held" || event === "reported"} /> ${eventLabels[event]}</label>`,
          )}
          ${fieldErrorFor(this.fieldErrors, "events")}
        </fieldset>
        <label class="row"><input type="checkbox" name="includeEmail" /> Include the author's email address (private: only if the receiver is yours)</label>
        <div class="row"><button class="primary" type="submit" ?disabled=${this.busy}>Add webhook</button></div>
      </fieldset>
    </form>`;
  }

  private onFormat(event: Event) {
    this.format = (event.target as HTMLSelectElement).value as WebhookFormat;
  }

  private async load() {
    const site = this.site;
    this.webhooks = null;
    this.secret = "";
    try {
      const { webhooks } = await this.api.webhooks(site);
      if (site === this.site) this.webhooks = webhooks;
    } catch (error) {
      if (site === this.site) this.error = describeError(error);
    }
  }

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const chat = String(data.get("telegramChatId") ?? "").trim();
    const webhook: NewWebhook = {
      url: String(data.get("url") ?? "").trim(),
      format: this.format,
      events: data.getAll("events").map(String) as AlertEvent[],
      ...(this.format === "telegram" && chat ? { telegramChatId: chat } : {}),
      includeEmail: data.get("includeEmail") !== null,
    };
    this.busy = true;
    this.error = "";
    this.fieldErrors = [];
    try {
      const added = await this.api.addWebhook(this.site, webhook);
      this.webhooks = [...(this.webhooks ?? []), added.webhook];
      this.secret = added.secret;
      form.reset();
      this.format = "json";
      announce(this, `Webhook added; copy its signing secret now`);
    } catch (error) {
      this.fieldErrors = error instanceof RequestError ? error.fields : [];
      this.error = describeError(error);
      announce(this, this.error, true);
    } finally {
      this.busy = false;
    }
  }

  private async deleteOne(webhook: WebhookEntry) {
    if (!window.confirm(`Delete the webhook to ${webhook.url}? Its waiting alerts and one-click links stop working.`))
      return;
    this.busy = true;
    try {
      await this.api.deleteWebhook(this.site, webhook.id);
      this.webhooks = (this.webhooks ?? []).filter((entry) => entry.id !== webhook.id);
      this.secret = "";
      announce(this, "Webhook deleted");
    } catch (error) {
      announce(this, describeError(error), true);
    } finally {
      this.busy = false;
    }
  }
}
