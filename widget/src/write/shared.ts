/**
 * What the writing half (write.js) uses of the embed that loaded it: the same Lit, API helpers,
 * words and design tokens, so the page runs one copy of each and the form speaks the thread's
 * language. The embed publishes this module as `globalThis.chorusShared`; when write.js is built,
 * this file is replaced by that global (scripts/build-widget.ts), so none of it is shipped twice.
 */
export { css, html, LitElement, nothing } from "lit";
export { unsafeHTML } from "lit/directives/unsafe-html.js";
export { RequestError, randomKey, storage } from "../api";
export { currentPageUrl } from "../config";
export { t } from "../i18n";
export { rendered } from "../render-budget";
export { formParts, reactionParts, tokens } from "../styles/tokens";
