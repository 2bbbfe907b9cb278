import { css } from "lit";

/**
 * Design tokens. Every colour, space and font the widget uses comes from a `--chorus-*` custom
 * property with a default here, so a host page can restyle everything from its own CSS.
 */
export const tokens = css`
  :host {
    --_text: var(--chorus-text, #1f2328);
    --_muted: var(--chorus-muted, #59636e);
    --_background: var(--chorus-background, transparent);
    --_surface: var(--chorus-surface, #f6f8fa);
    --_border: var(--chorus-border, #d1d9e0);
    --_accent: var(--chorus-accent, #0969da);
    --_accent-text: var(--chorus-accent-text, #ffffff);
    --_danger: var(--chorus-danger, #d1242f);
    --_radius: var(--chorus-radius, 6px);
    --_space: var(--chorus-space, 0.75rem);
    --_indent: var(--chorus-indent, 1.25rem);
    --_font: var(--chorus-font, system-ui, -apple-system, "Segoe UI", sans-serif);
    --_font-size: var(--chorus-font-size, 1rem);
    --_code-font: var(--chorus-code-font, ui-monospace, "SF Mono", Menlo, monospace);
    display: block;
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.5;
  }
  /* The dark palette, twice: when the reader prefers dark and the page does not force light, and when it forces dark. */
  @media (prefers-color-scheme: dark) {
    :host(:not([theme="light"])) {
      --_text: var(--chorus-text, #e6edf3);
      --_muted: var(--chorus-muted, #9198a1);
      --_surface: var(--chorus-surface, #151b23);
      --_border: var(--chorus-border, #3d444d);
      --_accent: var(--chorus-accent, #4493f8);
      --_danger: var(--chorus-danger, #f85149);
    }
  }
  :host([theme="dark"]) {
    --_text: var(--chorus-text, #e6edf3);
    --_muted: var(--chorus-muted, #9198a1);
    --_surface: var(--chorus-surface, #151b23);
    --_border: var(--chorus-border, #3d444d);
    --_accent: var(--chorus-accent, #4493f8);
    --_danger: var(--chorus-danger, #f85149);
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  .muted {
    color: var(--_muted);
    font-size: 0.875em;
  }
`;

/** The parts of the form and of reactions, re-exported by the elements that contain them (`exportparts`). */
export const formParts = "form,field,input,textarea,submit,error,preview,preview-button";
export const reactionParts = "reactions,reaction";

/** The parts of a comment's actions (write/chorus-actions.ts), with its reactions and its reply form. */
export const actionParts = `actions,reply-button,edit-button,delete-button,${reactionParts},${formParts}`;

/** The parts of a comment and everything in it, so `chorus-thread::part(…)` reaches them from the host page. */
export const commentParts = `comment,header,avatar,author,time,permalink,edited,body,badge,staff-badge,editor,replies,more-replies,${actionParts}`;
