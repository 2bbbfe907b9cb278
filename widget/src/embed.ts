/**
 * The one-script-tag embed:
 *   <script src="https://comments.example/embed.js" data-site="demo" async></script>
 * defines the Chorus elements and puts a `<chorus-thread>` where the script tag is (or fills a
 * `<chorus-thread>` the page placed itself). `data-page` overrides the page's identity,
 * `data-theme` forces light or dark, `data-lang` overrides the page's language, `data-loading="lazy"`
 * waits until the thread comes near the screen, and `data-mode="counts"` only fills `<chorus-count>` elements,
 * for listing pages. Including the script twice is harmless. The comment form and the editor load
 * on demand from the same origin (write.js, see write/index.ts), once a thread has painted.
 */
import { ChorusComment } from "./chorus-comment";
import { ChorusCount } from "./chorus-count";
import { ChorusThread } from "./chorus-thread";
import { embedDefaults } from "./config";
import * as shared from "./write/shared";

// The writing half (write.js) runs on the first embed's copies of these; a second embed leaves them.
(globalThis as { chorusShared?: typeof shared }).chorusShared ??= shared;

const script = document.currentScript as HTMLScriptElement | null;
if (script) {
  embedDefaults.site ||= script.dataset.site ?? "";
  embedDefaults.api ||= script.dataset.api ?? new URL(script.src, location.href).origin;
  embedDefaults.lang ||= script.dataset.lang ?? "";
}

const elements: [string, CustomElementConstructor][] = [
  ["chorus-thread", ChorusThread],
  ["chorus-comment", ChorusComment],
  ["chorus-count", ChorusCount],
];
for (const [name, element] of elements) if (!customElements.get(name)) customElements.define(name, element);

if (script && script.dataset.mode !== "counts" && !document.querySelector("chorus-thread")) {
  const thread = document.createElement("chorus-thread");
  for (const name of ["site", "page", "theme", "lang", "loading"] as const) {
    const value = script.dataset[name];
    if (value) thread.setAttribute(name, value);
  }
  thread.setAttribute("api", embedDefaults.api);
  script.parentNode?.insertBefore(thread, script.nextSibling);
}
