/**
 * Signing in through Cloudflare Access: when the console sits behind an Access application, Access
 * puts a signed token (RS256 JWT) in the `Cf-Access-Jwt-Assertion` header of every request. It is
 * trusted only after jose checked its signature against the team's published keys, its issuer (the
 * team domain), its audience (the application's AUD tag) and its times.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from "jose";
import { z } from "zod";
import { ApiError } from "../http/errors";

/** The deployment's Access application: `ACCESS_TEAM_DOMAIN` and `ACCESS_AUD`. */
export interface AccessApplication {
  /** Such as https://myteam.cloudflareaccess.com (the token's issuer). */
  teamDomain: string;
  /** The application's Audience (AUD) tag. */
  audience: string;
}

const claimsSchema = z.object({ email: z.email() });

/** Clock difference tolerated on `exp` and `nbf`, in seconds. */
const leewaySeconds = 60;

/**
 * The team's signing keys (its certs endpoint), kept by jose for an hour; a token naming an unknown
 * key fetches them again, at most once a minute.
 */
let keySet: { teamDomain: string; keys: JWTVerifyGetKey } | undefined;

function signingKeys(teamDomain: string): JWTVerifyGetKey {
  if (keySet?.teamDomain !== teamDomain) {
    const keys = createRemoteJWKSet(new URL("/cdn-cgi/access/certs", teamDomain), {
      cacheMaxAge: 60 * 60 * 1000,
      cooldownDuration: 60 * 1000,
    });
    keySet = { teamDomain, keys };
  }
  return keySet.keys;
}

/**
 * The email of the person an Access token vouches for, or null when the token is not one Access
 * issued for this application at `now`: verified by jose against the team's keys, RS256 only, with
 * the team domain as issuer and the application's AUD tag as audience.
 */
export async function verifyAccessToken(
  token: string,
  application: AccessApplication,
  now: number,
): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, signingKeys(application.teamDomain), {
      algorithms: ["RS256"],
      issuer: application.teamDomain,
      audience: application.audience,
      clockTolerance: leewaySeconds,
      currentDate: new Date(now),
      requiredClaims: ["exp"],
    });
    const claims = claimsSchema.safeParse(payload);
    return claims.success ? claims.data.email.toLowerCase() : null;
  } catch {
    return null;
  }
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
