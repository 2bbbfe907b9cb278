import type { RequestDatabase } from "./db/client";
import type { SignedIn } from "./db/moderators";
import type { EmailBinding } from "./mail/senders";

/** The Worker's bindings (wrangler.toml). */
export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  /** Secret salt for hashing IP addresses (`wrangler secret put IP_HASH_SALT`). */
  IP_HASH_SALT: string;
  /** Secret key that signs comment-form tokens (`wrangler secret put FORM_TOKEN_SECRET`). */
  FORM_TOKEN_SECRET: string;
  /** The Worker's public origin, for links in emails the cron sends (such as "https://comments.example"). */
  PUBLIC_ORIGIN?: string;
  /** The From address of every email; unset, Chorus sends no email. */
  MAIL_FROM?: string;
  /** Cloudflare's email binding (`[[send_email]] name = "EMAIL"`), if email goes through Cloudflare. */
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
  /** "writes" adds Server-Timing (D1 round trips) to readers' writes too; for benchmarks, never in production. */
  SERVER_TIMING?: string;
}

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
