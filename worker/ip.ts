import type { Context } from "hono";
import { sha256Hex } from "./crypto";
import type { AppEnv } from "./env";

/**
 * The hash of the client's IP address with the deployment's secret salt. Raw addresses are never
 * stored; the hash lets rate limits and bans work without them.
 */
export function ipHash(c: Context<AppEnv>): Promise<string> {
  const address = c.req.header("CF-Connecting-IP") ?? "unknown";
  return sha256Hex(`${c.env.IP_HASH_SALT}\n${address}`);
}
