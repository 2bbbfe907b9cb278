import { css } from "./shared";

/** The row of small text buttons under a comment and in its editor, and the error beside them. */
export const controls = css`
  [part~="actions"] {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
  }
  .reply-button,
  .link-button {
    background: none;
    border: 0;
    padding: 0;
    color: var(--_accent);
    font-size: 0.875em;
  }
  .error {
    color: var(--_danger);
  }
`;
