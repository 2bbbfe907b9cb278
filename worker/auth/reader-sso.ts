/**
 * Site SSO: a site's own server signs a short-lived token for its logged-in user (HS256, with the
 * site's SSO secret) and hands it to the widget; Chorus signs that reader in, with no second login.
 * Checked with jose: HS256 only, the audience must be the site's id (a token made for another site is
 * refused), `exp` and `iat` required, at most an hour old, 30 s of clock skew allowed.
 */
import { errors, jwtVerify } from "jose";
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

/** The user a site's token signs in, or why it is refused. */
export async function verifySsoToken(
  secret: string,
  token: string,
  siteId: string,
): Promise<{ ok: true; user: SsoUser } | { ok: false; reason: string }> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      audience: siteId,
      maxTokenAge: "1h",
      clockTolerance: 30,
      requiredClaims: ["exp", "iat"],
    });
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
    return { ok: false, reason: "the token is not a valid sign-in token" };
  }
}
