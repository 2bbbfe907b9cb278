import type { Context } from "hono";
import { readerKeySchema, readerSessionSchema } from "../api/schemas";
import { sessionIdentity } from "../db/reader-sessions";
import type { Identity } from "../db/schema";
import type { AppEnv } from "../env";
import { sha256Hex } from "../lib/crypto";
import { ApiError, parseInput } from "./errors";

/**
 * The hash of the reader's per-browser key (header `X-Chorus-Reader`), scoped to the site, or null
 * when the reader sent none. Only the hash is stored; the key never leaves the reader's browser
 * except in this header, and it is unrelated to any email.
 */
export async function readerHash(c: Context<AppEnv>, siteId: string): Promise<string | null> {
  const header = c.req.header("X-Chorus-Reader");
  if (header === undefined) return null;
  return hashReaderKey(siteId, parseInput(readerKeySchema, header, "header:X-Chorus-Reader"));
}

/** The 400 for a write that needs the reader's key (`doing` such as "react") when the request sent none. */
export function readerKeyRequired(doing: string): ApiError {
  return new ApiError(400, "invalid_input", `X-Chorus-Reader is required to ${doing}`, [
    { field: "header:X-Chorus-Reader", message: `is required to ${doing}` },
  ]);
}

/**
 * The identity the request's reader session signs in (header `X-Chorus-Session`), or null when it
 * sent none; 401 `session_ended` for a session the site does not know or that expired (the widget
 * then signs in again).
 */
export async function signedInReader(c: Context<AppEnv>, siteId: string): Promise<Identity | null> {
  const header = c.req.header("X-Chorus-Session");
  if (header === undefined) return null;
  const token = parseInput(readerSessionSchema, header, "header:X-Chorus-Session");
  const identity = await sessionIdentity(c.var.database.db, siteId, await sha256Hex(token), Date.now());
  if (!identity) throw new ApiError(401, "session_ended", "This sign-in has ended; sign in again");
  return identity;
}

/** A valid reader key's hash, as stored: scoped to the site. */
export function hashReaderKey(siteId: string, key: string): Promise<string> {
  return sha256Hex(`${siteId}\n${key}`);
}
