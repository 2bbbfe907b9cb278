/**
 * A reader signed in to a site, as this browser keeps it: a site SSO token (the `sso` attribute of
 * `<chorus-thread>`, which the host page sets for its logged-in user, now or later), or a sign-in with
 * an account provider in a popup on the Chorus origin, gives a session token, kept in localStorage per site, and sent as `X-Chorus-Session` with the reader's
 * writes; no cookie is involved, so third-party cookie blocking changes nothing. Forms hear of every
 * change through a `chorus-reader-changed` event on the document.
 */
import type { SignedInReader, SignInChoice } from "../../../worker/api/schemas";
import type { ChorusApi } from "../api";
import { randomKey, storage, t } from "./shared";

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

function keep(site: string, reader: SignedInReader | null): void {
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

/** Exchanges a site SSO token for a session; a refused token leaves the reader as they were and says why. */
export async function signInWithSso(client: ChorusApi, token: string): Promise<void> {
  const reader = await client.request<SignedInReader>("sso", { method: "POST", body: JSON.stringify({ token }) });
  keep(client.site, reader);
}

/** Signs the reader out on the server, then forgets the session here whatever the server said. */
export async function signOut(client: ChorusApi): Promise<void> {
  const headers = sessionHeaders(client.site);
  if (headers["X-Chorus-Session"]) {
    await client.request("session", { method: "DELETE", headers }).catch(() => undefined);
  }
  keep(client.site, null);
}

/** Deletes the signed-in reader's account on the server (comments kept or erased), then forgets it here. */
export async function deleteAccount(client: ChorusApi, comments: "keep" | "erase"): Promise<void> {
  await client.request("account/delete", {
    method: "POST",
    body: JSON.stringify({ comments }),
    headers: sessionHeaders(client.site),
  });
  keep(client.site, null);
}

/** Forgets a session the server no longer knows (it answered `session_ended`). */
export function forgetSession(site: string): void {
  keep(site, null);
}

/** Calls `listener` whenever a reader signs in or out in this page. */
export function onReaderChanged(listener: () => void): () => void {
  document.addEventListener(changed, listener);
  return () => document.removeEventListener(changed, listener);
}

/**
 * Follows the thread's `sso` attribute: signs in with it now and whenever the page sets a new one.
 * A refused token is reported through `refused`.
 */
export function followSso(thread: Element, client: () => ChorusApi | null, refused: (message: string) => void): void {
  const use = () => {
    const token = thread.getAttribute("sso");
    const api = client();
    if (!token || !api) return;
    signInWithSso(api, token).catch((error: unknown) => refused((error as Error).message));
  };
  use();
  new MutationObserver(use).observe(thread, { attributes: true, attributeFilter: ["sso"] });
}

/** What the sign-in popup posts to this page (worker/http/link-page.ts `SignInMessage`). */
interface PopupAnswer {
  type?: string;
  nonce?: string;
  signedIn?: SignedInReader;
  error?: string;
}

/**
 * Signs the reader in with one of the site's account providers: a popup on the Chorus origin runs the
 * provider's sign-in and posts the session back to this page's origin. Only an answer from that
 * popup, from the Chorus origin, carrying this attempt's nonce is taken. Resolves once signed in.
 */
export function signInWithProvider(client: ChorusApi, kind: SignInChoice["kind"]): Promise<void> {
  const nonce = randomKey();
  const query = new URLSearchParams({ origin: location.origin, nonce });
  const address = `${client.base}/api/sites/${encodeURIComponent(client.site)}/sign-in/${kind}?${query}`;
  const popup = window.open(address, "chorus-sign-in", "popup,width=520,height=680");
  if (!popup) return Promise.reject(new Error(t("Allow pop-ups for this page to sign in.")));
  const chorusOrigin = new URL(client.base, location.href).origin;
  return new Promise((resolve, reject) => {
    const listen = (event: MessageEvent<PopupAnswer>) => {
      const answer = event.data;
      if (event.origin !== chorusOrigin || event.source !== popup || answer?.type !== "chorus-sign-in") return;
      if (answer.nonce !== nonce) return;
      window.removeEventListener("message", listen);
      if (answer.signedIn) {
        keep(client.site, answer.signedIn);
        resolve();
      } else {
        reject(new Error(answer.error ?? "Sign-in failed"));
      }
    };
    window.addEventListener("message", listen);
  });
}
