/**
 * Addresses an owner configures for the Worker to call (webhooks, sign-in providers): https, or http
 * on this machine's loopback (a local receiver or provider, for development and tests; a deployed
 * Worker reaches no loopback address anyway).
 */
export function outboundAddressProblem(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return "must be an absolute address";
  }
  if (url.username || url.password) return "must not carry credentials";
  if (url.protocol === "https:") return null;
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  return url.protocol === "http:" && loopback ? null : "must be https (http only for localhost)";
}
