import { css } from "lit";

/**
 * Design tokens, declared once on the element that holds the others (a thread): every element inside
 * inherits them. Every colour, space and font comes from a `--chorus-*` custom property with a
 * default here, so a host page can restyle everything from its own CSS; unset, the text colour and
 * font are the host page's own (a `var()` with no fallback inherits), and the palette follows the
 * page's background (the `dark` attribute, chorus-thread.ts).
 */
export const palette = css`
  :host {
    --_text: currentColor;
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
    --_font-size: var(--chorus-font-size, 1rem);
    --_code-font: var(--chorus-code-font, ui-monospace, "SF Mono", Menlo, monospace);
    color: var(--chorus-text);
    font-family: var(--chorus-font);
    font-size: var(--_font-size);
    line-height: 1.5;
  }
  /* The dark palette (the console has its own copy, for its dark mode: widget/admin/styles.ts). */
  :host([dark]) {
    --_muted: var(--chorus-muted, #9198a1);
    --_surface: var(--chorus-surface, #151b23);
    --_border: var(--chorus-border, #3d444d);
    --_accent: var(--chorus-accent, #4493f8);
    --_danger: var(--chorus-danger, #f85149);
  }
`;

/** What every element of the widget shares; the tokens it uses come from the thread around it (`palette`). */
export const tokens = css`
  :host {
    display: block;
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
export const actionParts = `actions,reply-button,edit-button,delete-button,report,${reactionParts},${formParts}`;

/** The parts of a comment and everything in it, so `chorus-thread::part(…)` reaches them from the host page. */
export const commentParts = `comment,header,avatar,author,time,permalink,edited,body,badge,staff-badge,editor,replies,more-replies,${actionParts}`;
