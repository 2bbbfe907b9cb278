/**
 * The only module of the console that speaks HTTP: the moderator's calls to /api/admin on the
 * console's own origin. The session lives in an HttpOnly cookie the browser sends by itself; every
 * state-changing request also carries the session's CSRF token.
 */

import type { AlertEvent, BanKind, SignInProviderKind, WebhookFormat } from "../../common/vocabulary";
import type {
  ActionResult,
  AuditEntry,
  CommentAction,
  CommentList,
  Dashboard,
  DuplicateCluster,
  ModeratedComment,
  Queue,
  Settings,
  SignInProviderEntry,
  WebhookEntry,
} from "../../worker/api/admin-schemas";
import type { ErrorBody, FieldError, SessionBody } from "../../worker/api/schemas";
import { RequestError } from "../src/api";

export type {
  ActionResult,
  AuditEntry,
  BanKind,
  CommentAction,
  CommentList,
  Dashboard,
  DuplicateCluster,
  FieldError,
  ModeratedComment,
  Queue,
  SessionBody,
  Settings,
  SignInProviderEntry,
  WebhookEntry,
};
export { RequestError };

/** A webhook as the console sends it. */
export interface NewWebhook {
  url: string;
  format: WebhookFormat;
  events: AlertEvent[];
  telegramChatId?: string;
  includeEmail: boolean;
}

/** A sign-in provider as an owner sets it (the label and issuer only where the kind needs them). */
export interface NewSignInProvider {
  kind: SignInProviderKind;
  label?: string;
  clientId?: string;
  clientSecret?: string;
  issuer?: string;
}

export interface Ban {
  kind: BanKind;
  value: string;
  createdAt: string;
}

export interface TrustedAuthor {
  email: string;
  createdAt: string;
}

/** Filters of a comment list, as the console's search form fills them. */
export interface CommentFilters {
  q?: string;
  email?: string;
  ipHash?: string;
  page?: string;
  from?: string;
  to?: string;
}

/** Settings as sent: secrets are write-only (absent keeps them, null clears them). */
export type SettingsUpdate = Omit<Settings, "turnstileSecretSet" | "akismetKeySet" | "ssoOn" | "ssoJwksUrl"> & {
  turnstileSecret?: string | null;
  akismetKey?: string | null;
};

/** Calls the console API; one instance per signed-in browser tab. */
export class AdminApi {
  /** The session's CSRF token, known after signing in or reading the session. */
  private csrfToken = "";
  /** The newest D1 bookmark seen, sent back on reads so the console always sees its own changes. */
  private bookmark = "";

  /** Called when the server says the session is over (401), so the console can ask to sign in again. */
  onSignedOut: (() => void) | undefined;

  constructor(readonly base = "") {}

  /**
   * The current session; without one, behind Cloudflare Access, a new one for the person Access
   * signed in (an error says why Access was not enough). Null when the browser must sign in with a
   * password.
   */
  async session(): Promise<SessionBody | null> {
    try {
      return this.remember(await this.request<SessionBody>("session", {}, false));
    } catch (error) {
      if (!(error instanceof RequestError && error.status === 401)) throw error;
      if (error.code !== "access_sign_in") return null;
    }
    return this.remember(await this.request<SessionBody>("session/access", { method: "POST" }, false));
  }

  async signIn(email: string, password: string): Promise<SessionBody> {
    return this.remember(
      await this.request<SessionBody>("session", { method: "POST", body: { email, password } }, false),
    );
  }

  /** Signs this browser out; `everywhere` ends every session of the moderator. */
  async signOut(everywhere = false): Promise<void> {
    await this.request(everywhere ? "sessions" : "session", { method: "DELETE" }, false);
    this.csrfToken = "";
  }

  comments(
    site: string,
    queue: Queue,
    filters: CommentFilters = {},
    cursor?: string | null,
    limit?: number,
  ): Promise<CommentList> {
    const query = new URLSearchParams({ queue });
    for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
    if (cursor) query.set("cursor", cursor);
    if (limit) query.set("limit", String(limit));
    return this.request(this.sitePath(site, `comments?${query}`));
  }

  act(site: string, action: CommentAction, ids: number[]): Promise<ActionResult> {
    return this.request(this.sitePath(site, "comments/actions"), { method: "POST", body: { action, ids } });
  }

  duplicates(site: string): Promise<{ clusters: DuplicateCluster[] }> {
    return this.request(this.sitePath(site, "duplicates"));
  }

  /** Keeps a cluster's original and removes its copies. */
  resolveDuplicates(site: string, originalId: number): Promise<ActionResult> {
    return this.request(this.sitePath(site, `duplicates/${originalId}/resolve`), { method: "POST", body: {} });
  }

  bans(site: string): Promise<{ bans: Ban[] }> {
    return this.request(this.sitePath(site, "bans"));
  }

  ban(site: string, kind: BanKind, value: string): Promise<unknown> {
    return this.request(this.sitePath(site, "bans"), { method: "POST", body: { kind, value } });
  }

  unban(site: string, kind: BanKind, value: string): Promise<unknown> {
    return this.request(this.sitePath(site, "bans/remove"), { method: "POST", body: { kind, value } });
  }

  trusted(site: string): Promise<{ trusted: TrustedAuthor[] }> {
    return this.request(this.sitePath(site, "trusted"));
  }

  trust(site: string, email: string): Promise<unknown> {
    return this.request(this.sitePath(site, "trusted"), { method: "POST", body: { email } });
  }

  untrust(site: string, email: string): Promise<unknown> {
    return this.request(this.sitePath(site, "trusted/remove"), { method: "POST", body: { email } });
  }

  /** Closes or reopens the thread of `page`, or corrects its title and address. */
  changeThread(
    site: string,
    page: string,
    change: { closed?: boolean; title?: string; url?: string; fediverse?: string | null; requireSignIn?: boolean },
  ): Promise<unknown> {
    return this.request(this.sitePath(site, "threads"), { method: "POST", body: { page, ...change } });
  }

  staffReply(site: string, parentId: number, body: string): Promise<{ comment: ModeratedComment }> {
    return this.request(this.sitePath(site, "replies"), { method: "POST", body: { parentId, body } });
  }

  dashboard(site: string): Promise<Dashboard> {
    return this.request(this.sitePath(site, "dashboard"));
  }

  settings(site: string): Promise<Settings> {
    return this.request(this.sitePath(site, "settings"));
  }

  saveSettings(site: string, settings: SettingsUpdate): Promise<Settings> {
    return this.request(this.sitePath(site, "settings"), { method: "PUT", body: settings });
  }

  audit(site: string, cursor?: string | null): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
    return this.request(this.sitePath(site, `audit${cursor ? `?${new URLSearchParams({ cursor })}` : ""}`));
  }

  private sitePath(site: string, rest: string): string {
    return `sites/${encodeURIComponent(site)}/${rest}`;
  }

  webhooks(site: string): Promise<{ webhooks: WebhookEntry[] }> {
    return this.request(this.sitePath(site, "webhooks"));
  }

  /** Adds a webhook; the answer's secret is the only time it is shown. */
  addWebhook(site: string, webhook: NewWebhook): Promise<{ webhook: WebhookEntry; secret: string }> {
    return this.request(this.sitePath(site, "webhooks"), { method: "POST", body: webhook });
  }

  /** The accounts the site's readers may sign in with, and the redirect address to register with each provider. */
  signInProviders(site: string): Promise<{ providers: SignInProviderEntry[]; redirectUri: string }> {
    return this.request(this.sitePath(site, "sign-in-providers"));
  }

  /** Sets the site's provider of that kind (replacing its client, if any). */
  saveSignInProvider(site: string, provider: NewSignInProvider): Promise<{ provider: SignInProviderEntry }> {
    return this.request(this.sitePath(site, "sign-in-providers"), { method: "POST", body: provider });
  }

  removeSignInProvider(site: string, kind: SignInProviderKind): Promise<null> {
    return this.request(this.sitePath(site, `sign-in-providers/${kind}`), { method: "DELETE" });
  }

  /** Makes the site's SSO secret; the answer is the only time it is shown. */
  makeSsoSecret(site: string): Promise<{ secret: string }> {
    return this.request(this.sitePath(site, "sso-secret"), { method: "POST" });
  }

  /** Sets (or, with null, clears) the JWKS address the site's RS256/ES256 sign-in tokens are checked with. */
  setSsoJwks(site: string, url: string | null): Promise<{ url: string | null }> {
    return this.request(this.sitePath(site, "sso-jwks"), { method: "PUT", body: { url } });
  }

  turnSsoOff(site: string): Promise<null> {
    return this.request(this.sitePath(site, "sso-secret"), { method: "DELETE" });
  }

  deleteWebhook(site: string, id: number): Promise<null> {
    return this.request(this.sitePath(site, `webhooks/${id}`), { method: "DELETE" });
  }

  private remember(session: SessionBody): SessionBody {
    this.csrfToken = session.csrfToken;
    return session;
  }

  private async request<T>(
    path: string,
    init: { method?: string; body?: unknown } = {},
    reportSignedOut = true,
  ): Promise<T> {
    const method = init.method ?? "GET";
    const headers = new Headers({ Accept: "application/json" });
    if (init.body !== undefined) headers.set("Content-Type", "application/json");
    if (method !== "GET" && this.csrfToken) headers.set("X-CSRF-Token", this.csrfToken);
    if (method === "GET" && this.bookmark) headers.set("X-Chorus-Bookmark", this.bookmark);
    let response: Response;
    try {
      response = await fetch(`${this.base}/api/admin/${path}`, {
        method,
        headers,
        credentials: "same-origin",
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    } catch {
      throw new RequestError(0, "network_error", "Could not reach the server; check the connection and try again");
    }
    const latest = response.headers.get("X-Chorus-Bookmark");
    if (latest) this.bookmark = latest;
    const body = response.status === 204 ? null : ((await response.json().catch(() => null)) as T | ErrorBody | null);
    if (!response.ok) {
      const error = (body as ErrorBody | null)?.error;
      const failure = new RequestError(
        response.status,
        error?.code ?? "http_error",
        error?.message ?? `The server answered ${response.status} ${response.statusText}`,
        error?.fields,
      );
      if (response.status === 401 && reportSignedOut) this.onSignedOut?.();
      throw failure;
    }
    return body as T;
  }
}

/** A sentence for any error thrown by an API call. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
