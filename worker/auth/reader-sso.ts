/**
 * Site SSO: a site's own server signs a short-lived token for its logged-in user (HS256 with the
 * site's SSO secret, or RS256/ES256 with a key it publishes at its JWKS address) and hands it to the
 * widget; Chorus signs that reader in, with no second login. Checked with jose: only those
 * algorithms, each with its own key (an HS256 token is never checked against a public key), the
 * audience must be the site's id (a token made for another site is refused), `exp` and `iat`
 * required, at most an hour old, 30 s of clock skew allowed.
 */
import { createRemoteJWKSet, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from "jose";
import { z } from "zod";
import { fieldLimits, identityRoleNames } from "../../common/vocabulary";

/** What a site's token says of its user. `sub` (or `id`) names them on the site; `role: "staff"` shows the staff label. */
const claimsSchema = z
  .object({
    sub: z.string().min(1).max(200).optional(),
    id: z.union([z.string().min(1).max(200), z.number().int()]).optional(),
    name: z.string().trim().min(1).max(fieldLimits.authorName),
    email: z.email().max(fieldLimits.authorEmail).optional(),
    avatar: z
      .url({ protocol: /^https$/ })
      .max(2000)
      .optional(),
    role: z.enum(identityRoleNames).optional(),
  })
  .refine((claims) => claims.sub !== undefined || claims.id !== undefined, {
    error: "the token names no user (sub or id)",
  });

export interface SsoUser {
  subject: string;
  name: string;
  email: string | null;
  avatar: string | null;
  role: (typeof identityRoleNames)[number];
}

/**
 * The public keys published at a JWKS address (a site's, or an OpenID provider's), one jose key set
 * per address in this isolate, so its fetched keys are cached and shared.
 */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

export function publishedKeys(jwksUrl: string) {
  let keys = keySets.get(jwksUrl);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 10_000 });
    keySets.set(jwksUrl, keys);
  }
  return keys;
}

/** How a site checks its tokens: its HS256 secret, its JWKS address, or both. */
export interface SsoKeys {
  secret: string | null;
  jwksUrl: string | null;
}

/** The user a site's token signs in, or why it is refused. */
export async function verifySsoToken(
  keys: SsoKeys,
  token: string,
  siteId: string,
): Promise<{ ok: true; user: SsoUser } | { ok: false; reason: string }> {
  try {
    const options = { audience: siteId, maxTokenAge: "1h", clockTolerance: 30, requiredClaims: ["exp", "iat"] };
    const { alg } = decodeProtectedHeader(token);
    let payload: JWTPayload;
    if (alg === "HS256" && keys.secret) {
      ({ payload } = await jwtVerify(token, new TextEncoder().encode(keys.secret), {
        ...options,
        algorithms: ["HS256"],
      }));
    } else if ((alg === "RS256" || alg === "ES256") && keys.jwksUrl) {
      ({ payload } = await jwtVerify(token, publishedKeys(keys.jwksUrl), {
        ...options,
        algorithms: ["RS256", "ES256"],
      }));
    } else {
      return { ok: false, reason: `the token is signed with ${alg ?? "nothing"}, which this site does not use` };
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: claims.error.issues.map((issue) => issue.message).join("; ") };
    const { sub, id, name, email, avatar, role } = claims.data;
    return {
      ok: true,
      user: {
        subject: sub ?? String(id),
        name,
        email: email?.toLowerCase() ?? null,
        avatar: avatar ?? null,
        role: role ?? "reader",
      },
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: "the token has expired" };
    if (error instanceof errors.JWTClaimValidationFailed)
      return { ok: false, reason: `the token's ${error.claim} is wrong` };
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return { ok: false, reason: "the token is not signed with this site's SSO secret" };
    if (error instanceof errors.JWKSNoMatchingKey)
      return { ok: false, reason: "the token is not signed with a key this site publishes" };
    if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
      return { ok: false, reason: "the site's published keys could not be read" };
    return { ok: false, reason: "the token is not a valid sign-in token" };
  }
}
