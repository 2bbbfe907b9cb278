import type { Context } from "hono";
import { sha256Hex } from "./crypto";
import type { AppEnv } from "./env";

/** The salt period: hashes of the same address differ from one calendar month (UTC) to the next. */
export function saltPeriod(now: number): string {
  return new Date(now).toISOString().slice(0, 7);
}

/**
 * The hash of the client's IP address with the deployment's secret salt and the current month.
 * Raw addresses are never stored; the hash lets rate limits and bans work without them, and since
 * the salt rotates monthly, a stored hash cannot be linked to the same address in later months.
 */
export function ipHash(c: Context<AppEnv>, now = Date.now()): Promise<string> {
  const address = c.req.header("CF-Connecting-IP") ?? "unknown";
  return sha256Hex(`${c.env.IP_HASH_SALT}\n${saltPeriod(now)}\n${address}`);
}
