import { css, html, nothing } from "lit";
import { palette, tokens } from "../src/styles/tokens";
import type { FieldError } from "./admin-api";

/**
 * The console's shared styles: the reader widget's design tokens plus controls, focus rings and the
 * small pieces every console element uses. Colours come from the same `--chorus-*` properties.
 */
export const consoleStyles = [
  palette,
  tokens,
  css`
    :host {
      --_text: var(--chorus-text, #1f2328);
      --_success: var(--chorus-success, #1a7f37);
      --_warning: var(--chorus-warning, #9a6700);
      --_focus: var(--chorus-focus, var(--_accent));
      color: var(--_text);
      font-family: var(--chorus-font, system-ui, -apple-system, "Segoe UI", sans-serif);
    }
    @media (prefers-color-scheme: dark) {
      :host {
        --_muted: var(--chorus-muted, #9198a1);
        --_surface: var(--chorus-surface, #151b23);
        --_border: var(--chorus-border, #3d444d);
        --_accent: var(--chorus-accent, #4493f8);
        --_danger: var(--chorus-danger, #f85149);
        --_text: var(--chorus-text, #e6edf3);
        --_success: var(--chorus-success, #3fb950);
        --_warning: var(--chorus-warning, #d29922);
      }
    }
    *,
    *::before,
    *::after {
      box-sizing: border-box;
    }
    :focus-visible {
      outline: 2px solid var(--_focus);
      outline-offset: 2px;
    }
    button,
    .button {
      background: var(--_surface);
      color: var(--_text);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.25rem 0.75rem;
      font-size: 0.875rem;
      line-height: 1.5;
    }
    button:hover:not(:disabled) {
      border-color: var(--_muted);
    }
    button:disabled {
      opacity: 0.55;
      cursor: not-allowed;
    }
    button.primary {
      background: var(--_accent);
      color: var(--_accent-text);
      border-color: var(--_accent);
    }
    button.danger {
      color: var(--_danger);
    }
    input,
    select,
    textarea {
      font: inherit;
      font-size: 0.875rem;
      color: var(--_text);
      background: var(--_background);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.3rem 0.5rem;
    }
    select {
      background: var(--_surface);
    }
    input[type="checkbox"] {
      width: 1.1rem;
      height: 1.1rem;
      margin: 0;
    }
    label {
      font-size: 0.875rem;
    }
    code,
    .mono {
      font-family: var(--_code-font);
      font-size: 0.85em;
    }
    .badge {
      display: inline-block;
      font-size: 0.75rem;
      border: 1px solid var(--_border);
      border-radius: 999px;
      padding: 0 0.5rem;
      color: var(--_muted);
      white-space: nowrap;
    }
    .error {
      color: var(--_danger);
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
    }
  `,
];

/** The console's forms: grouped fields with their labels, hints and the server's complaints. */
export const formStyles = css`
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
  }
  legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }
  .field {
    display: grid;
    gap: 0.25rem;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.8rem;
    margin: 0;
  }
  .field-error {
    color: var(--_danger);
    font-size: 0.8rem;
    margin: 0;
  }
`;

/**
 * A titled part of the Settings view below the settings form (webhooks, sign-in, SSO): its form, a
 * list of what it holds, and a secret shown once.
 */
export const panelStyles = css`
  section {
    display: grid;
    gap: var(--_space);
    max-width: 46rem;
    margin-top: calc(var(--_space) * 2);
  }
  h2 {
    font-size: 1.05rem;
    margin: 0;
  }
  form {
    display: grid;
    gap: var(--_space);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5rem;
  }
  li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem var(--_space);
    align-items: center;
    justify-content: space-between;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  output {
    display: block;
    padding: 0.5rem 0.75rem;
    border-left: 3px solid var(--_success);
    background: var(--_surface);
    font-family: var(--_code-font);
    overflow-wrap: anywhere;
  }
`;

/**
 * The errors the server named for the form field `key` (or its items, `key.0`), as one line under
 * the field; nothing when there are none.
 */
export function fieldErrorFor(errors: readonly FieldError[], key: string) {
  const messages = errors
    .filter((error) => error.field === key || error.field.startsWith(`${key}.`))
    .map((error) => error.message);
  return messages.length > 0 ? html`<p class="field-error" role="alert">${messages.join("; ")}</p>` : nothing;
}

/** Dispatches a `chorus-status` event: a sentence for the console's live region. */
export function announce(from: HTMLElement, message: string, isError = false): void {
  from.dispatchEvent(
    new CustomEvent("chorus-status", { detail: { message, error: isError }, bubbles: true, composed: true }),
  );
}

/** "1 comment" / "3 comments". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A date and time in the moderator's locale. */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
