import type { Context } from "hono";
import type { AppEnv } from "../env";
import { sha256Hex } from "../lib/crypto";

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
  const address = clientNetwork(c.req.header("CF-Connecting-IP") ?? "unknown");
  return sha256Hex(`${c.env.IP_HASH_SALT}\n${saltPeriod(now)}\n${address}`);
}

/**
 * What rate limits and bans count as one client: an IPv4 address, or the /64 network of an IPv6
 * address (one subscriber's share: a /64 holds 2^64 addresses, so counting each would count none).
 */
export function clientNetwork(address: string): string {
  if (!address.includes(":")) return address;
  const [head = "", tail = ""] = address.toLowerCase().split("::", 2);
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = address.includes("::") ? (tail === "" ? [] : tail.split(":")) : [];
  const missing = Math.max(0, 8 - headGroups.length - tailGroups.length);
  const groups = address.includes("::") ? [...headGroups, ...Array(missing).fill("0"), ...tailGroups] : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
