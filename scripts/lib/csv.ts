/**
 * A small RFC 4180 CSV reader shared by the evaluation scripts: comma-separated, fields optionally
 * in double quotes (which may hold commas, line breaks and `""` for a quote), LF or CRLF line ends.
 * Errors name the line they were found on, so a malformed corpus fails loudly instead of being
 * evaluated half-read.
 */

/** A problem in CSV text, at a 1-based line number. */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "CsvError";
  }
}

/** One row of fields and the line it starts on (a quoted field may span lines). */
export interface CsvRow {
  line: number;
  fields: string[];
}

/**
 * Splits CSV text into rows, each with the line it starts on. A final line break is ignored. Throws
 * a `CsvError` for a quoted field that is never closed or text after a closing quote.
 */
export function parseCsvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let closedQuote = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  let index = 0;
  const endField = () => {
    fields.push(field);
    field = "";
    closedQuote = false;
  };
  const endRow = () => {
    endField();
    rows.push({ line: rowLine, fields });
    fields = [];
  };
  while (index < text.length) {
    const character = text[index];
    if (character === "\n") line++;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
        continue;
      }
      if (character === '"') {
        quoted = false;
        closedQuote = true;
      } else {
        field += character;
      }
      index++;
      continue;
    }
    if (character === '"' && field === "" && !closedQuote) {
      quoted = true;
      quoteLine = line;
    } else if (character === ",") {
      endField();
    } else if (character === "\n") {
      endRow();
      rowLine = line;
    } else if (character === "\r" && text[index + 1] === "\n") {
      endRow();
      line++;
      rowLine = line;
      index++;
    } else if (closedQuote) {
      throw new CsvError("unexpected text after a closing quote", line);
    } else {
      field += character;
    }
    index++;
  }
  if (quoted) throw new CsvError("a quoted field is never closed", quoteLine);
  if (field !== "" || closedQuote || fields.length > 0) endRow();
  return rows;
}
