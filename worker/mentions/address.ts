/**
 * Which addresses a Webmention may name and the Worker may fetch: http(s) without credentials, and
 * not this machine's or a private network's (loopback, private ranges, link-local, unique-local),
 * unless the deployment allows them (`WEBMENTION_PRIVATE_SOURCES=allow`, for local development).
 */

function privateIpv4(host: string): boolean {
  const parts = host.split(".").map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) return false;
  const [a = 0, b = 0] = parts;
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}

function privateIpv6(host: string): boolean {
  if (!host.startsWith("[")) return false;
  const address = host.slice(1, -1).toLowerCase();
  if (address === "::" || address === "::1") return true;
  if (address.startsWith("::ffff:")) return privateIpv4(address.slice(7)) || !address.slice(7).includes(".");
  return /^(fc|fd|fe8|fe9|fea|feb)/.test(address);
}

/** Whether `hostname` (as `URL` gives it) is this machine or a private network. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host.endsWith(".internal") ||
    host.endsWith(".local") ||
    privateIpv4(host) ||
    privateIpv6(host)
  );
}

/** Why `address` cannot be a Webmention's source or target, or null when it can. */
export function addressProblem(address: string, allowPrivate: boolean): string | null {
  const url = URL.parse(address);
  if (!url) return "is not an address";
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must be an http(s) address";
  if (url.username || url.password) return "must not carry a user name or password";
  if (!allowPrivate && isPrivateHost(url.hostname)) return "must not be a private or loopback address";
  return null;
}
