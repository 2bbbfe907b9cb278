/**
 * The hashes duplicate detection stores and compares: synchronous integer arithmetic (32-bit, or
 * exact in a double), so Node, workerd and a browser compute the same values.
 */

const utf8 = new TextEncoder();

/** FNV-1a 64-bit of the text's UTF-8 bytes, as 16 lower-case hex digits (the published FNV-1a-64). */
export function fnv1a64(text: string): string {
  return fnv1a64Bytes(utf8.encode(text));
}

/** FNV-1a 64-bit of a byte sequence, as 16 lower-case hex digits. */
export function fnv1a64Bytes(bytes: ArrayLike<number>): string {
  // The 64-bit state as two 32-bit halves. The prime is 2^40 + 0x1b3, so the product is
  // state × 0x1b3 plus the low half moved 8 bits into the high half; every partial product stays
  // below 2^53 and is therefore exact in a double.
  let high = 0xcbf29ce4;
  let low = 0x84222325;
  for (let index = 0; index < bytes.length; index++) {
    low = (low ^ (bytes[index] ?? 0)) >>> 0;
    const lowProduct = low * 0x1b3;
    high = (high * 0x1b3 + Math.floor(lowProduct / 0x1_0000_0000) + low * 0x100) >>> 0;
    low = lowProduct >>> 0;
  }
  return high.toString(16).padStart(8, "0") + low.toString(16).padStart(8, "0");
}

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the whole output. */
export function mix32(value: number): number {
  let mixed = value ^ (value >>> 16);
  mixed = Math.imul(mixed, 0x85ebca6b);
  mixed ^= mixed >>> 13;
  mixed = Math.imul(mixed, 0xc2b2ae35);
  mixed ^= mixed >>> 16;
  return mixed >>> 0;
}

const rollingBase = 0x01000193;

/**
 * A well-mixed 32-bit hash of every substring of `length` UTF-16 code units, in text order
 * (a polynomial rolling hash, finalised with `mix32`). Empty when the text is shorter than `length`
 * or `length` is 0.
 */
export function rollingHashes(text: string, length: number): Uint32Array {
  const count = text.length - length + 1;
  if (length <= 0 || count <= 0) return new Uint32Array(0);
  let outgoingFactor = 1;
  for (let step = 1; step < length; step++) outgoingFactor = Math.imul(outgoingFactor, rollingBase);
  const hashes = new Uint32Array(count);
  let hash = 0;
  for (let index = 0; index < text.length; index++) {
    if (index >= length) hash = (hash - Math.imul(text.charCodeAt(index - length), outgoingFactor)) | 0;
    hash = (Math.imul(hash, rollingBase) + text.charCodeAt(index)) | 0;
    if (index >= length - 1) hashes[index - length + 1] = mix32(hash);
  }
  return hashes;
}
