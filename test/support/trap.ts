/**
 * For hostile-input tests in Chromium: a trap that records every way a payload can show it ran (the
 * vectors in test/fixtures/hostile call `alert()` or write `window.__xss`), and a search for markup a
 * payload could have injected, looking through shadow roots.
 */
import type { Page } from "playwright-core";

/** Tags no renderer of user text ever emits: finding one where user text is shown means a payload became markup. */
const foreignTags = ["script", "iframe", "object", "embed", "img", "svg", "meta", "base", "link", "video", "style"];

/** Attributes that hold an address the browser may load or follow. */
const addressAttributes = ["href", "src", "action", "formaction", "xlink:href"];

/**
 * Installs the trap in every document `page` loads from now on, and dismisses dialogs. Returns a
 * reader of what the current document recorded plus every dialog so far; empty means nothing ran.
 */
export async function installTrap(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const trap = { calls: [] as string[] };
    Object.defineProperty(window, "__trap", { value: trap });
    for (const name of ["alert", "confirm", "prompt"] as const) {
      (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        trap.calls.push(`${name}(${args.join(",")})`);
      };
    }
    Object.defineProperty(window, "__xss", { set: (value) => trap.calls.push(`__xss=${value}`) });
  });
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return async () => [
    ...dialogs,
    ...(await page.evaluate(
      () => (window as unknown as { __trap?: { calls: string[] } }).__trap?.calls ?? ["the trap is not installed"],
    )),
  ];
}

export interface InjectedMarkup {
  /** Foreign tags where user text is shown, and event-handler attributes anywhere, as `tag` or `tag[attribute]`. */
  foreign: string[];
  /** Every address in an href, src, action, formaction or xlink:href attribute, for the caller to judge. */
  addresses: string[];
}

/**
 * Looks through the page and every shadow root in it for markup a payload could have injected.
 * User text is taken to be shown inside shadow roots and inside the document elements matching
 * `untrustedRegions` (CSS selectors); the rest of the document is the test page's own.
 */
export function injectedMarkup(page: Page, untrustedRegions: string[] = []): Promise<InjectedMarkup> {
  return page.evaluate(
    ({ foreignTags, addressAttributes, untrustedRegions }) => {
      const foreign: string[] = [];
      const addresses: string[] = [];
      const untrusted = (element: Element) =>
        untrustedRegions.some((selector) => element.parentElement?.closest(selector));
      const visit = (root: Document | ShadowRoot) => {
        for (const element of root.querySelectorAll("*")) {
          const tag = element.tagName.toLowerCase();
          if ((root !== document || untrusted(element)) && foreignTags.includes(tag)) foreign.push(tag);
          for (const attribute of element.getAttributeNames()) {
            if (attribute.startsWith("on")) foreign.push(`${tag}[${attribute}]`);
            if (addressAttributes.includes(attribute)) addresses.push(element.getAttribute(attribute) ?? "");
          }
          if (element.shadowRoot) visit(element.shadowRoot);
        }
      };
      visit(document);
      return { foreign, addresses };
    },
    { foreignTags, addressAttributes, untrustedRegions },
  );
}
