import type { RequestDatabase } from "./db/client";

/** The Worker's bindings (wrangler.toml). */
export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
}

/** Values one request carries through Hono. */
export interface AppVariables {
  /** The request's D1 session, metered. */
  database: RequestDatabase;
  /** Set once the request's Origin is known to be allowed, so errors can be read by it too. */
  allowedOrigin: string;
}

export type AppEnv = { Bindings: Env; Variables: AppVariables };
