/**
 * What write.js carries of sign-in: almost nothing. Signing in, out and away, and the session itself,
 * are sign-in.js (sign-in-panel.ts), loaded only when this browser keeps a session for the site, the
 * page passes a site SSO token (now or later) or was opened from an emailed sign-in link, or the
 * form offers sign-in. Until it has loaded, nobody is signed in here.
 */
import type { SignedInReader, SignInChoice } from "../../../worker/api/schemas";
import type { ChorusApi } from "../api";
import { storage } from "./shared";

/** What sign-in.js publishes (`globalThis.chorusSignIn`) once it has run. */
export interface SignInModule {
  /** The reader signed in on `site` in this browser, if their session has not expired. */
  reader(site: string): SignedInReader | null;
  /** Forgets the reader's session for `site` (the server said it ended). */
  forget(site: string): void;
  /** Signs in with the page's SSO token, or an emailed link's code in its address, if there is one. */
  follow(thread: Element, client: ChorusApi): Promise<void>;
}

/** How a form shows the sign-in panel (`<chorus-sign-in>`, defined by sign-in.js). */
export interface SignInPanel {
  client: ChorusApi;
  choices: SignInChoice[];
  required: boolean;
  /** Reads the thread again (after an account is deleted, its comments change). */
  reload(): Promise<void>;
}

/** The event sign-in.js sends when a reader signs in or out (and once it has loaded). */
export const readerChanged = "chorus-reader-changed";

/** Calls `listener` whenever a reader signs in or out in this page; returns how to stop. */
export function onReaderChanged(listener: () => void): () => void {
  document.addEventListener(readerChanged, listener);
  return () => document.removeEventListener(readerChanged, listener);
}

function signInModule(): SignInModule | undefined {
  return (globalThis as { chorusSignIn?: SignInModule }).chorusSignIn;
}

let loading: Promise<SignInModule | undefined> | undefined;

/** Loads sign-in.js from the Chorus origin once per page. */
export function loadSignIn(client: ChorusApi): Promise<SignInModule | undefined> {
  loading ??= new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = `${client.base}/sign-in.js`;
    script.onload = script.onerror = () => resolve(signInModule());
    document.head.appendChild(script);
  });
  return loading;
}

/** The reader signed in on `site`, once sign-in.js has loaded. */
export function signedIn(site: string): SignedInReader | null {
  return signInModule()?.reader(site) ?? null;
}

/** The header a signed-in reader's writes carry. */
export function sessionHeaders(site: string): Record<string, string> {
  const reader = signedIn(site);
  return reader ? { "X-Chorus-Session": reader.session } : {};
}

/** Forgets a session the server no longer knows. */
export function forgetSession(site: string): void {
  signInModule()?.forget(site);
}

/**
 * Loads sign-in.js when this page may need it (this browser keeps a session for the site, the thread
 * has an `sso` token, the address holds an emailed link's code) and lets it follow the thread, now
 * and whenever the page sets a token later; a refused token or link is reported through `refused`.
 */
export function followSignIn(thread: Element, client: ChorusApi | null, refused: (message: string) => void): void {
  if (!client) return;
  const use = () => {
    const needed =
      thread.hasAttribute("sso") ||
      location.hash.startsWith("#chorus-sign-in=") ||
      storage("localStorage")?.getItem(`chorus:session:${client.site}`);
    if (!needed) return;
    loadSignIn(client)
      .then((module) => module?.follow(thread, client))
      .catch((error: unknown) => refused((error as Error).message));
  };
  use();
  new MutationObserver(use).observe(thread, { attributes: true, attributeFilter: ["sso"] });
}
