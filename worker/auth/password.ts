import { constantTimeEqual, toHex } from "../lib/crypto";

/**
 * Moderator passwords: PBKDF2-SHA256 through WebCrypto with a random per-user salt. The same code
 * runs in the Worker and in the Node CLI that creates the first owner. 100,000 iterations is the most
 * the Workers runtime allows for PBKDF2.
 */

export const passwordIterations = 100_000;
const keyLength = 32;

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++)
    bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    keyLength * 8,
  );
  return new Uint8Array(bits);
}

/** A stored password: `pbkdf2-sha256$ITERATIONS$SALT$HASH`, salt and hash in hex. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, passwordIterations);
  return `pbkdf2-sha256$${passwordIterations}$${toHex(salt)}$${toHex(hash)}`;
}

/** Whether `password` matches a value made by `hashPassword`, compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, expected] = stored.split("$");
  if (scheme !== "pbkdf2-sha256" || !iterations || !salt || !expected) return false;
  const actual = toHex(await derive(password, fromHex(salt), Number(iterations)));
  return constantTimeEqual(actual, expected);
}
