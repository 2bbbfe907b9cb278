/**
 * Signed form tokens: the Worker hands one to the widget when it renders the comment form and
 * checks it when the comment arrives. A valid token proves the form came from us, for this site
 * and page, at least a few seconds ago (people read before they write; scripts post at once) and
 * not too long ago. Each token carries a random id, so the Worker can refuse a second use by
 * remembering the ids it has accepted until they expire. HMAC-SHA256 through WebCrypto, which
 * Workers and Node share.
 *
 * Format: `v1.<issued at, ms, base 36>.<id, 16 random bytes, base64url>.<signature, base64url>`,
 * where the signature covers the version, site, page, time and id.
 */
import { fromBase64Url, toBase64Url } from "../lib/crypto";

/** Why a token was refused. */
export type FormTokenProblem = "malformed" | "bad_signature" | "too_fast" | "expired";

/**
 * The outcome of `verifyFormToken`. A token used too soon says how long the reader must still wait
 * (at least 100 ms, at most the minimum age).
 */
export type FormTokenCheck =
  | { ok: true; tokenId: string; issuedAt: number }
  | { ok: false; reason: "too_fast"; waitMs: number }
  | { ok: false; reason: Exclude<FormTokenProblem, "too_fast"> };

/** How old a token may be when used. */
export interface FormTokenAges {
  /** Younger than this is a script, not a person. */
  minAgeMs: number;
  /** Older than this has expired. */
  maxAgeMs: number;
}

/** 3 seconds to 24 hours. */
export const defaultFormTokenAges: FormTokenAges = { minAgeMs: 3_000, maxAgeMs: 24 * 60 * 60 * 1_000 };

const VERSION = "v1";
const TOKEN_PATTERN = /^v1\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/** Issues a token for a comment form on a site's page at time `now` (ms since the epoch). */
export async function issueFormToken(secret: string, siteId: string, page: string, now: number): Promise<string> {
  const issuedAt = Math.floor(now).toString(36);
  const tokenId = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  const key = await signingKey(secret);
  const signature = await crypto.subtle.sign("HMAC", key, signedBytes(siteId, page, issuedAt, tokenId));
  return `${VERSION}.${issuedAt}.${tokenId}.${toBase64Url(new Uint8Array(signature))}`;
}

/**
 * Checks a token for a site's page at time `now`. The signature is checked before the age, so an
 * unsigned token never learns anything about timing. Replays are the caller's to refuse, by
 * `tokenId`, until `issuedAt + maxAgeMs`.
 */
export async function verifyFormToken(
  secret: string,
  token: string,
  siteId: string,
  page: string,
  now: number,
  ages: FormTokenAges = defaultFormTokenAges,
): Promise<FormTokenCheck> {
  const match = TOKEN_PATTERN.exec(token);
  if (match === null) return { ok: false, reason: "malformed" };
  const [, issuedAtText = "", tokenId = "", signatureText = ""] = match;
  const signature = fromBase64Url(signatureText);
  const issuedAt = Number.parseInt(issuedAtText, 36);
  if (signature === undefined || !Number.isSafeInteger(issuedAt)) return { ok: false, reason: "malformed" };
  const key = await signingKey(secret);
  const valid = await crypto.subtle.verify("HMAC", key, signature, signedBytes(siteId, page, issuedAtText, tokenId));
  if (!valid) return { ok: false, reason: "bad_signature" };
  const age = now - issuedAt;
  if (age < ages.minAgeMs) {
    return { ok: false, reason: "too_fast", waitMs: Math.max(100, Math.min(ages.minAgeMs, ages.minAgeMs - age)) };
  }
  if (age > ages.maxAgeMs) return { ok: false, reason: "expired" };
  return { ok: true, tokenId, issuedAt };
}

function signingKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

function signedBytes(siteId: string, page: string, issuedAt: string, tokenId: string): BufferSource {
  return new TextEncoder().encode(JSON.stringify(["chorus-form-token", VERSION, siteId, page, issuedAt, tokenId]));
}
