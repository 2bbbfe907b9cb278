import { css, html, LitElement, nothing, type PropertyValues, svg } from "lit";
import { type AdminApi, type Dashboard, describeError } from "./admin-api";
import { consoleStyles, plural } from "./styles";

/** The verdicts a day's bar stacks, bottom up (each coloured by its class: the console's CSP allows no inline styles). */
const stacks = ["published", "held", "spam"] as const;

const percent = (part: number, whole: number) => (whole === 0 ? "–" : `${Math.round((part / whole) * 100)}%`);

/**
 * A site's last 30 days at a glance: comments per day by verdict (an SVG chart with the same figures
 * as a table), what each layer of checks caught, what waits for a moderator, how the automatic
 * verdict fared against moderators' decisions, and the busiest threads.
 *
 * Properties: `api`, `site`. Parts: `chart`, `table`.
 */
export class ConsoleDashboard extends LitElement {
  static override styles = [
    consoleStyles,
    css`
      section {
        margin-bottom: 1.5rem;
      }
      h2 {
        font-size: 1.1rem;
      }
      svg {
        width: 100%;
        max-width: 48rem;
        height: 10rem;
        display: block;
      }
      .legend span::before {
        content: "";
        display: inline-block;
        width: 0.75em;
        height: 0.75em;
        margin-inline-end: 0.3em;
      }
      .published {
        fill: var(--_success);
      }
      .held {
        fill: var(--_warning);
      }
      .spam {
        fill: var(--_danger);
      }
      .legend .published::before {
        background: var(--_success);
      }
      .legend .held::before {
        background: var(--_warning);
      }
      .legend .spam::before {
        background: var(--_danger);
      }
      .legend span + span {
        margin-inline-start: 1rem;
      }
      table {
        border-collapse: collapse;
        font-size: 0.875rem;
      }
      th,
      td {
        text-align: start;
        padding: 0.25rem 0.75rem 0.25rem 0;
        border-bottom: 1px solid var(--_border);
      }
      td.number {
        text-align: end;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    site: {},
    dashboard: { state: true },
    error: { state: true },
  };

  declare api: AdminApi;
  declare site: string;
  declare dashboard: Dashboard | null;
  declare error: string;

  constructor() {
    super();
    this.dashboard = null;
    this.error = "";
  }

  override willUpdate(changed: PropertyValues<this>) {
    if (changed.has("site") && this.site && this.api) void this.load();
  }

  override render() {
    if (this.error) return html`<p class="error" role="alert">${this.error}</p>`;
    const board = this.dashboard;
    if (!board) return html`<p class="muted">Loading the dashboard…</p>`;
    return html`${this.renderDays(board)} ${this.renderLayers(board)} ${this.renderWaiting(board)}
      ${this.renderVerdicts(board)} ${this.renderBusiest(board)}`;
  }

  private renderDays(board: Dashboard) {
    const width = 10;
    const tallest = Math.max(1, ...board.days.map((day) => day.published + day.held + day.spam));
    const bars = board.days.map((day, index) => {
      let top = 100;
      return stacks.map((verdict) => {
        const height = (day[verdict] / tallest) * 100;
        top -= height;
        return height > 0
          ? svg`<rect class=${verdict} x=${index * width + 1} y=${top} width=${width - 2} height=${height}></rect>`
          : nothing;
      });
    });
    return html`<section aria-labelledby="days-heading">
      <h2 id="days-heading">Comments in the last 30 days</h2>
      <svg part="chart" viewBox="0 0 ${board.days.length * width} 100" preserveAspectRatio="none" aria-hidden="true">${bars}</svg>
      <p class="legend">${stacks.map((verdict) => html`<span class=${verdict}>${verdict}</span>`)}</p>
      <details>
        <summary>The same as a table</summary>
        <table part="table">
          <caption class="muted">Comments posted each day, by where they are now</caption>
          <thead><tr><th scope="col">Day</th><th scope="col">Published</th><th scope="col">Held</th><th scope="col">Spam</th><th scope="col">Duplicates</th></tr></thead>
          <tbody>
            ${board.days.map(
              (
                day,
              ) => html`<tr><th scope="row">${day.day}</th><td class="number">${day.published}</td><td class="number">${day.held}</td>
                <td class="number">${day.spam}</td><td class="number">${day.duplicates}</td></tr>`,
            )}
          </tbody>
        </table>
      </details>
    </section>`;
  }

  private renderLayers(board: Dashboard) {
    return html`<section aria-labelledby="layers-heading">
      <h2 id="layers-heading">What each layer caught</h2>
      ${
        board.layers.length === 0
          ? html`<p class="muted">Nothing was held or marked spam in these 30 days.</p>`
          : html`<table class="layers">
              <thead><tr><th scope="col">Layer</th><th scope="col">Comments it scored on</th></tr></thead>
              <tbody>${board.layers.map((layer) => html`<tr><th scope="row"><code>${layer.layer}</code></th><td class="number">${layer.caught}</td></tr>`)}</tbody>
            </table>`
      }
    </section>`;
  }

  private renderWaiting({ waiting }: Dashboard) {
    return html`<section aria-labelledby="waiting-heading">
      <h2 id="waiting-heading">Waiting for a moderator</h2>
      <p class="waiting">${plural(waiting.held, "comment")} held${
        waiting.oldestHours === null
          ? ""
          : `; the oldest for ${plural(waiting.oldestHours, "hour")}, half for over ${plural(waiting.medianHours ?? 0, "hour")}`
      }.</p>
    </section>`;
  }

  private renderVerdicts({ verdicts }: Dashboard) {
    const { caught, overruledCaught, missed, confirmed } = verdicts;
    const decided = caught + overruledCaught + missed + confirmed;
    return html`<section aria-labelledby="verdicts-heading">
      <h2 id="verdicts-heading">The filter against your decisions</h2>
      ${
        decided === 0
          ? html`<p class="muted">No moderator has decided on a comment in these 30 days.</p>`
          : html`<table class="verdicts">
              <tbody>
                <tr><th scope="row">Held or marked spam, and you agreed it was spam</th><td class="number">${caught}</td></tr>
                <tr><th scope="row">Held or marked spam, and you approved it</th><td class="number">${overruledCaught}</td></tr>
                <tr><th scope="row">Published, and you marked it spam</th><td class="number">${missed}</td></tr>
                <tr><th scope="row">Published, and you approved it</th><td class="number">${confirmed}</td></tr>
                <tr><th scope="row">Precision (what it caught was spam)</th><td class="number">${percent(caught, caught + overruledCaught)}</td></tr>
                <tr><th scope="row">Recall (the spam it caught)</th><td class="number">${percent(caught, caught + missed)}</td></tr>
              </tbody>
            </table>`
      }
    </section>`;
  }

  private renderBusiest({ busiest }: Dashboard) {
    return html`<section aria-labelledby="busiest-heading">
      <h2 id="busiest-heading">Busiest threads</h2>
      ${
        busiest.length === 0
          ? html`<p class="muted">No comments were published in these 30 days.</p>`
          : html`<ol class="busiest">${busiest.map(
              (thread) =>
                html`<li>${thread.title ?? thread.page} <span class="muted">(${plural(thread.comments, "comment")})</span></li>`,
            )}</ol>`
      }
    </section>`;
  }

  private async load() {
    const site = this.site;
    this.dashboard = null;
    this.error = "";
    try {
      const board = await this.api.dashboard(site);
      if (site === this.site) this.dashboard = board;
    } catch (error) {
      if (site === this.site) this.error = describeError(error);
    }
  }
}
