/**
 * Cloudflare Access tokens for tests: an RS256 key pair like a team's, and a token signed the way
 * Access signs its `Cf-Access-Jwt-Assertion`. Plain WebCrypto, so it runs in workerd and in Node.
 */
import { toBase64Url } from "../../worker/lib/crypto";

/** An RSA key pair of the kind Access signs with. */
export async function accessKeyPair(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
}

/** Base64url of a value's JSON: one part of a token. */
export const tokenPart = (value: unknown) => toBase64Url(new TextEncoder().encode(JSON.stringify(value)));

/** A token with `claims`, its header naming key `kid`, signed with `key`. */
export async function signAccessToken(key: CryptoKey, kid: string, claims: Record<string, unknown>): Promise<string> {
  const unsigned = `${tokenPart({ alg: "RS256", kid })}.${tokenPart(claims)}`;
  const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, new TextEncoder().encode(unsigned));
  return `${unsigned}.${toBase64Url(new Uint8Array(signature))}`;
}
