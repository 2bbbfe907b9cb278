/**
 * Reads a labelled comment corpus in the YouTube Spam Collection's CSV format
 * (`COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS`, CLASS 1 = spam; optional `EMAIL` and `URL` columns) into
 * comments as Chorus would receive them. YouTube exported each comment as HTML: its line breaks as
 * `<br />`, the addresses it linked by itself as `<a>` tags, and the characters the author typed as
 * entities. We undo that rendering, so the checks see the plain text the author typed.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { SpamInput } from "../../worker/spam/index.ts";
import { CsvError, parseCsvRows } from "./csv.ts";

/** One comment of a corpus with its true label. */
export interface LabelledComment {
  id: string;
  line: number;
  label: "ham" | "spam";
  comment: SpamInput;
}

/** A corpus file: one site's comments, in file order. */
export interface Corpus {
  name: string;
  comments: LabelledComment[];
}

const REQUIRED_COLUMNS = ["COMMENT_ID", "AUTHOR", "CONTENT", "CLASS"] as const;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/** Reads one corpus file; throws a `CsvError` naming the line of anything malformed. */
export function readCorpus(path: string): Corpus {
  const [header, ...rows] = parseCsvRows(readFileSync(path, "utf8"));
  if (header === undefined) throw new CsvError("the file is empty; expected a header row", 1);
  const names = header.fields.map((name) => name.trim());
  const missing = REQUIRED_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) throw new CsvError(`the header lacks column(s) ${missing.join(", ")}`, header.line);
  const column = (name: string) => names.indexOf(name);
  const comments = rows.map((row): LabelledComment => {
    if (row.fields.length !== names.length) {
      throw new CsvError(`expected ${names.length} fields as in the header, found ${row.fields.length}`, row.line);
    }
    const value = (name: string) => (column(name) === -1 ? "" : (row.fields[column(name)] ?? "").trim());
    const label = value("CLASS");
    if (label !== "0" && label !== "1") throw new CsvError(`CLASS must be 0 or 1, found "${label}"`, row.line);
    return {
      id: value("COMMENT_ID"),
      line: row.line,
      label: label === "1" ? "spam" : "ham",
      comment: {
        body: textFromYouTubeHtml(row.fields[column("CONTENT")] ?? ""),
        authorName: value("AUTHOR"),
        authorEmail: value("EMAIL") || undefined,
        authorWebsite: value("URL") || undefined,
      },
    };
  });
  return { name: basename(path), comments };
}

/** Undoes YouTube's HTML rendering of a comment: the text its author typed. */
export function textFromYouTubeHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/?[a-z][^>]*>/gi, "")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith("#")) {
        const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\uFEFF+$/, "")
    .trim();
}

/** What `withoutAuthorFields` can take away from every comment of a corpus. */
export type AuthorField = "name" | "website";

const PLAIN_FIRST_NAMES =
  "Anna Ben Chloe David Emma Farid Grace Hiro Ines Jonas Kate Liam Maya Noah Olga Pablo Rosa Sam Tara Yusuf".split(" ");
const PLAIN_SURNAMES =
  "Berg Costa Diaz Evans Fischer Garcia Hall Ito Jensen Khan Lopez Meyer Novak Olsen Patel Quinn Rossi Silva Tanaka Weber".split(
    " ",
  );

/**
 * The corpus as if its commenters had given no website, or an ordinary name ("Grace Hall", a
 * different one for each of 400 comments in a row, so copies stay copies) instead of theirs: what
 * the verdicts owe to those two fields, which much blog spam fills with its keywords and links.
 */
export function withoutAuthorFields(corpus: Corpus, fields: ReadonlySet<AuthorField>): Corpus {
  if (fields.size === 0) return corpus;
  const comments = corpus.comments.map((labelled, index) => {
    const comment = { ...labelled.comment };
    if (fields.has("website")) comment.authorWebsite = undefined;
    if (fields.has("name")) {
      const first = PLAIN_FIRST_NAMES[index % PLAIN_FIRST_NAMES.length];
      const surname = PLAIN_SURNAMES[Math.floor(index / PLAIN_FIRST_NAMES.length) % PLAIN_SURNAMES.length];
      comment.authorName = `${first} ${surname}`;
    }
    return { ...labelled, comment };
  });
  return { ...corpus, comments };
}
