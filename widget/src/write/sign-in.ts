/**
 * A reader signed in to a site, as this browser keeps it: a session token kept in localStorage per
 * site and sent as `X-Chorus-Session` with the reader's writes; no cookie is involved, so third-party
 * cookie blocking changes nothing. Forms hear of every change through a `chorus-reader-changed`
 * event on the document. This is all write.js carries of sign-in: signing in, out and away is in
 * sign-in.js (sign-in-panel.ts), loaded only where a page offers it, a reader is signed in, or the
 * host page passes a site SSO token.
 */
import type { SignedInReader, SignInChoice } from "../../../worker/api/schemas";
import type { ChorusApi } from "../api";
import { storage } from "./shared";

const changed = "chorus-reader-changed";

function keyOf(site: string): string {
  return `chorus:session:${site}`;
}

/** The reader signed in on `site` in this browser, if their session has not expired. */
export function signedIn(site: string): SignedInReader | null {
  try {
    const kept = JSON.parse(storage("localStorage")?.getItem(keyOf(site)) ?? "null") as SignedInReader | null;
    return kept && Date.parse(kept.expiresAt) > Date.now() ? kept : null;
  } catch {
    return null;
  }
}

/** Keeps (or, with null, forgets) the reader's session for `site`, and tells the page's forms. */
export function keep(site: string, reader: SignedInReader | null): void {
  const store = storage("localStorage");
  if (reader) store?.setItem(keyOf(site), JSON.stringify(reader));
  else store?.removeItem(keyOf(site));
  document.dispatchEvent(new CustomEvent(changed));
}

/** The header a signed-in reader's writes carry. */
export function sessionHeaders(site: string): Record<string, string> {
  const reader = signedIn(site);
  return reader ? { "X-Chorus-Session": reader.session } : {};
}

/** Calls `listener` whenever a reader signs in or out in this page. */
export function onReaderChanged(listener: () => void): () => void {
  document.addEventListener(changed, listener);
  return () => document.removeEventListener(changed, listener);
}

/** What sign-in.js publishes (`globalThis.chorusSignIn`) once it has run. */
export interface SignInModule {
  /** Exchanges a site SSO token for a session, and keeps it. */
  exchangeSso(client: ChorusApi, token: string): Promise<void>;
  /** Trades an emailed sign-in link's code for a session in this browser, and keeps it. */
  finishEmailLink(client: ChorusApi, code: string): Promise<void>;
}

/** How a form shows the sign-in panel (`<chorus-sign-in>`, defined by sign-in.js). */
export interface SignInPanel {
  client: ChorusApi;
  choices: SignInChoice[];
  required: boolean;
  /** Reads the thread again (after an account is deleted, its comments change). */
  reload(): Promise<void>;
}

let loading: Promise<SignInModule | undefined> | undefined;

/** Loads sign-in.js from the Chorus origin once per page. */
export function loadSignIn(client: ChorusApi): Promise<SignInModule | undefined> {
  loading ??= new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = `${client.base}/sign-in.js`;
    script.onload = script.onerror = () => resolve((globalThis as { chorusSignIn?: SignInModule }).chorusSignIn);
    document.head.appendChild(script);
  });
  return loading;
}

/**
 * Finishes a sign-in by email when the page was opened from its link (`#chorus-sign-in=CODE`): the
 * code leaves the address at once, and sign-in.js trades it for a session. A refusal is reported
 * through `refused`.
 */
export function followEmailLink(client: ChorusApi | null, refused: (message: string) => void): void {
  const code = /^#chorus-sign-in=([\w-]+)$/.exec(location.hash)?.[1];
  if (!code || !client) return;
  history.replaceState(history.state, "", location.pathname + location.search);
  loadSignIn(client)
    .then((module) => module?.finishEmailLink(client, code))
    .catch((error: unknown) => refused((error as Error).message));
}

/**
 * Follows the thread's `sso` attribute: signs in with it now and whenever the page sets a new one.
 * A refused token is reported through `refused`.
 */
export function followSso(thread: Element, client: () => ChorusApi | null, refused: (message: string) => void): void {
  const use = async () => {
    const token = thread.getAttribute("sso");
    const api = client();
    if (!token || !api) return;
    await (await loadSignIn(api))?.exchangeSso(api, token).catch((error: unknown) => refused((error as Error).message));
  };
  use();
  new MutationObserver(use).observe(thread, { attributes: true, attributeFilter: ["sso"] });
}
