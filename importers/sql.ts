/**
 * SQL literals for the statements the importers write to files for `wrangler d1 execute --file`.
 * Values are written inline (a file has no bound parameters), so every string goes through here.
 */

/**
 * A value as an SQL literal: strings quoted with quotes doubled, finite numbers as they are, null
 * as NULL. A NUL character cannot live in an SQL string and is dropped. wrangler strips the words
 * "BEGIN TRANSACTION" from a file before running it, wherever they stand, so a string holding them
 * is written as two joined literals.
 */
export function sqlValue(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  const quote = (text: string) => `'${text.replaceAll("\u0000", "").replaceAll("'", "''")}'`;
  if (!value.includes("BEGIN TRANSACTION")) return quote(value);
  return `(${value.split("BEGIN TRANSACTION").map(quote).join(" || 'BEGIN TRANS' || 'ACTION' || ")})`;
}
