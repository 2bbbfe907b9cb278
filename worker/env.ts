import type { RequestDatabase } from "./db/client";
import type { SignedIn } from "./db/moderators";
import type { EmailBinding } from "./mail/senders";

/** The optional settings a deployment may add under `vars` in wrangler.jsonc, or as secrets. */
export interface Settings {
  /** The From address of every email; unset, Chorus sends no email. */
  MAIL_FROM?: string;
  /** Cloudflare's email binding (`"send_email": [{ "name": "EMAIL" }]` in wrangler.jsonc), if email goes through Cloudflare. */
  EMAIL?: EmailBinding;
  /** An HTTP email API to post emails to, if not through Cloudflare, and its key (a secret). */
  MAIL_HTTP_URL?: string;
  MAIL_HTTP_KEY?: string;
  /**
   * Behind Cloudflare Access: the team domain (such as https://myteam.cloudflareaccess.com) and the
   * application's AUD tag. Both set, moderators signed in to Access are signed in to the console.
   */
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
  /**
   * An Akismet-compatible comment-check address for the sites that set an Akismet key, instead of
   * https://rest.akismet.com/1.1/comment-check (a compatible service, or a test's local server).
   */
  AKISMET_URL?: string;
  /**
   * "allow" lets Webmention sources on loopback and private addresses be fetched: for a deployment on
   * a private network, or local development and tests. Refused by default.
   */
  WEBMENTION_PRIVATE_SOURCES?: string;
  /**
   * Where readers' GitHub sign-in goes: GitHub's web and API addresses (https://github.com and
   * https://api.github.com unless set; a GitHub Enterprise Server's, or a test's local stand-in).
   */
  GITHUB_URL?: string;
  GITHUB_API_URL?: string;
  /** The OpenID issuer of Google sign-in (https://accounts.google.com unless set: a test's local server). */
  GOOGLE_ISSUER?: string;
  /** "writes" adds Server-Timing (D1 round trips) to readers' writes too; for benchmarks, never in production. */
  SERVER_TIMING?: string;
}

/**
 * The Worker's bindings: those of wrangler.jsonc and its required secrets, as `wrangler types`
 * generates them (`Cloudflare.Env`, worker-configuration.d.ts), and the optional `Settings`.
 */
export interface Env extends Cloudflare.Env, Settings {}

/** Values one request carries through Hono. */
export interface AppVariables {
  /** The site of `/api/sites/:site/*` and `/api/admin/sites/:site/*`, validated (middleware/site.ts). */
  siteId: string;
  /** The request's D1 session, metered. */
  database: RequestDatabase;
  /** Set once the request's Origin is known to be allowed, so errors can be read by it too. */
  allowedOrigin: string;
  /** The signed-in moderator, on console routes. */
  signedIn: SignedIn;
  /** The SHA-256 of the session cookie's token, on console routes. */
  sessionTokenHash: string;
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };
