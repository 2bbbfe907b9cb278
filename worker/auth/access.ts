/**
 * Signing in through Cloudflare Access: when the console sits behind an Access application, Access
 * puts a signed token (RS256 JWT) in the `Cf-Access-Jwt-Assertion` header of every request. It is
 * trusted only after checking its signature against the team's published keys, its issuer (the team
 * domain), its audience (the application's AUD tag) and its times.
 */
import { z } from "zod";
import { ApiError } from "../http/errors";
import { fromBase64Url } from "../lib/crypto";

/** The deployment's Access application: `ACCESS_TEAM_DOMAIN` and `ACCESS_AUD`. */
export interface AccessApplication {
  /** Such as https://myteam.cloudflareaccess.com (the token's issuer). */
  teamDomain: string;
  /** The application's Audience (AUD) tag. */
  audience: string;
}

const headerSchema = z.object({ alg: z.literal("RS256"), kid: z.string().min(1).max(200) });
const claimsSchema = z.object({
  aud: z.union([z.string(), z.array(z.string())]),
  iss: z.string(),
  exp: z.number(),
  nbf: z.number().optional(),
  email: z.email(),
});
const keySetSchema = z.object({
  keys: z.array(z.object({ kid: z.string(), kty: z.literal("RSA"), n: z.string(), e: z.string() }).loose()),
});

/** Clock difference tolerated on `exp` and `nbf`, in seconds. */
const leewaySeconds = 60;
/** How long fetched keys are used, and the least time between two fetches (an unknown key id refetches). */
const keysTtlMs = 60 * 60 * 1000;
const refetchAfterMs = 60 * 1000;

let cached: { teamDomain: string; fetchedAt: number; keys: Map<string, CryptoKey> } | undefined;

/** A token part as JSON; undefined when it is not base64url-encoded JSON. */
function decodePart(part: string): unknown {
  const bytes = fromBase64Url(part);
  try {
    return bytes ? JSON.parse(new TextDecoder().decode(bytes)) : undefined;
  } catch {
    return undefined;
  }
}

/** The team's signing keys by id, fetched from its certs endpoint at most once a minute. */
async function signingKey(
  application: AccessApplication,
  kid: string,
  now: number,
  fetcher: typeof fetch,
): Promise<CryptoKey | undefined> {
  const fresh = cached?.teamDomain === application.teamDomain && now - cached.fetchedAt < keysTtlMs;
  const known = fresh ? cached?.keys.get(kid) : undefined;
  if (known) return known;
  if (fresh && cached && now - cached.fetchedAt < refetchAfterMs) return undefined;
  const response = await fetcher(`${application.teamDomain}/cdn-cgi/access/certs`);
  if (!response.ok) return undefined;
  const parsed = keySetSchema.safeParse(await response.json());
  if (!parsed.success) return undefined;
  const keys = new Map<string, CryptoKey>();
  for (const key of parsed.data.keys) {
    keys.set(
      key.kid,
      await crypto.subtle.importKey(
        "jwk",
        { kty: "RSA", n: key.n, e: key.e, alg: "RS256", ext: true },
        { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
        false,
        ["verify"],
      ),
    );
  }
  cached = { teamDomain: application.teamDomain, fetchedAt: now, keys };
  return keys.get(kid);
}

/**
 * The email of the person an Access token vouches for, or null when the token is not one Access
 * issued for this application right now.
 */
export async function verifyAccessToken(
  token: string,
  application: AccessApplication,
  now: number,
  fetcher: typeof fetch = fetch,
): Promise<string | null> {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) return null;
  const [headerPart = "", claimsPart = "", signaturePart = ""] = parts;
  const parsedHeader = headerSchema.safeParse(decodePart(headerPart));
  const parsedClaims = claimsSchema.safeParse(decodePart(claimsPart));
  if (!parsedHeader.success || !parsedClaims.success) return null;
  const header = parsedHeader.data;
  const claims = parsedClaims.data;
  const key = await signingKey(application, header.kid, now, fetcher);
  const signature = fromBase64Url(signaturePart);
  if (!key || !signature) return null;
  const valid = await crypto.subtle.verify(
    "RSASSA-PKCS1-v1_5",
    key,
    signature,
    new TextEncoder().encode(`${headerPart}.${claimsPart}`),
  );
  const seconds = now / 1000;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const timely = claims.exp > seconds - leewaySeconds && (claims.nbf ?? 0) < seconds + leewaySeconds;
  if (!valid || claims.iss !== application.teamDomain || !audiences.includes(application.audience) || !timely) {
    return null;
  }
  return claims.email.toLowerCase();
}

/** The deployment's Access settings; the team domain is compared with tokens' issuer as an origin. */
const applicationSchema = z.object({
  teamDomain: z.url({ protocol: /^https?$/ }).transform((address) => new URL(address).origin),
  audience: z.string().trim().min(1),
});

/**
 * The Access application the console sits behind, or null when `ACCESS_TEAM_DOMAIN` and
 * `ACCESS_AUD` are not both set. Throws 500 `access_misconfigured` when the team domain is no address.
 */
export function accessApplicationOf(env: {
  ACCESS_TEAM_DOMAIN?: string;
  ACCESS_AUD?: string;
}): AccessApplication | null {
  if (!env.ACCESS_TEAM_DOMAIN || !env.ACCESS_AUD) return null;
  const parsed = applicationSchema.safeParse({ teamDomain: env.ACCESS_TEAM_DOMAIN, audience: env.ACCESS_AUD });
  if (!parsed.success) {
    throw new ApiError(
      500,
      "access_misconfigured",
      "ACCESS_TEAM_DOMAIN must be an address such as https://team.cloudflareaccess.com",
    );
  }
  return parsed.data;
}
