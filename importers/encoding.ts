/**
 * Export files to text: the encoding an XML file declares (or its byte-order mark) decides how its
 * bytes are read, and bytes that are not valid in that encoding are an error that says where, so a
 * mis-declared file is refused rather than imported as mojibake.
 */
import { XmlSyntaxError } from "./xml";

const aliases: Readonly<Record<string, string>> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  "us-ascii": "utf-8",
  ascii: "utf-8",
  "iso-8859-1": "windows-1252",
  "iso8859-1": "windows-1252",
  latin1: "windows-1252",
  "latin-1": "windows-1252",
  "windows-1252": "windows-1252",
  cp1252: "windows-1252",
  "utf-16": "utf-16",
  utf16: "utf-16",
};

/** The line (1-based) of a byte offset, counting newline bytes before it. */
function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) if (bytes[index] === 0x0a) line++;
  return line;
}

/** The offset of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index] ?? 0;
    if (byte < 0x80) {
      index++;
      continue;
    }
    const length =
      byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0 || index + length > bytes.length) return index;
    for (let next = 1; next < length; next++) {
      if (((bytes[index + next] ?? 0) & 0xc0) !== 0x80) return index;
    }
    const second = bytes[index + 1] ?? 0;
    if (byte === 0xe0 && second < 0xa0) return index;
    if (byte === 0xed && second >= 0xa0) return index;
    if (byte === 0xf0 && second < 0x90) return index;
    if (byte === 0xf4 && second >= 0x90) return index;
    index += length;
  }
  return -1;
}

/** Decodes UTF-8 strictly; an invalid byte is an error naming its line. */
export function decodeUtf8(bytes: Uint8Array, what = "the file"): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = Math.max(0, firstInvalidUtf8(bytes));
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    throw new XmlSyntaxError(
      `${what} is not valid UTF-8 (byte 0x${byte} at offset ${offset}). If it is Latin-1, say so in its XML ` +
        'declaration (encoding="ISO-8859-1") or convert it: iconv -f ISO-8859-1 -t UTF-8',
      lineOf(bytes, offset),
      1,
    );
  }
}

/** Reads an XML file's bytes as text, in the encoding its byte-order mark or declaration names. */
export function decodeXmlBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be", { fatal: true }).decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le", { fatal: true }).decode(bytes);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeUtf8(bytes.subarray(3));
  const head = String.fromCharCode(...bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  if (declared === undefined) return decodeUtf8(bytes);
  const encoding = aliases[declared.toLowerCase()];
  if (encoding === undefined) {
    throw new XmlSyntaxError(
      `the file declares the encoding ${declared}, which the importer does not read; convert it to UTF-8 (iconv -f ${declared} -t UTF-8)`,
      1,
      1,
    );
  }
  if (encoding === "utf-16") throw new XmlSyntaxError("the file declares UTF-16 but has no byte-order mark", 1, 1);
  return encoding === "utf-8" ? decodeUtf8(bytes) : new TextDecoder(encoding).decode(bytes);
}
