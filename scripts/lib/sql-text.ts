/**
 * drizzle `sql` statements as plain SQL text with their parameters written inline, so a statement
 * the Worker runs with bound parameters can be run by the CLIs through `wrangler d1 execute`.
 */
import type { SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { sqlValue } from "../../importers/sql";

const dialect = new SQLiteSyncDialect();

/** The statement with each `?` outside quotes replaced by its parameter as a literal. */
export function sqlText(statement: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(statement);
  let out = "";
  let next = 0;
  let quote: string | null = null;
  for (const character of text) {
    if (quote !== null) {
      if (character === quote) quote = null;
      out += character;
    } else if (character === "'" || character === '"' || character === "`") {
      quote = character;
      out += character;
    } else if (character === "?") {
      if (next >= params.length) throw new Error("more placeholders than parameters");
      out += sqlValue(params[next++] as string | number | null);
    } else {
      out += character;
    }
  }
  if (next !== params.length) throw new Error("more parameters than placeholders");
  return out;
}
