/**
 * A small, safe, streaming XML tokenizer for the importers, and a collector that turns the record
 * elements of an export (a Disqus `<post>`, a WordPress `<item>`) into small trees one at a time.
 *
 * It reads elements, attributes, text, CDATA sections, comments and processing instructions. The only
 * entities are the five XML predefines (`&amp; &lt; &gt; &quot; &apos;`) and numeric character
 * references; any other entity is an error. A DOCTYPE is refused unless it is a bare
 * `<!DOCTYPE name>`: with an internal subset (entity declarations, the "billion laughs") or an
 * external identifier (external entities) it is an error, so nothing is ever expanded or fetched.
 *
 * Input may arrive in chunks of any size (`write`, then `end`); tokens come out as soon as they are
 * complete, text and CDATA possibly in several pieces. Well-formedness errors throw `XmlSyntaxError`
 * with the line and column where they were found.
 */

/** Where a token starts: 1-based line and column (in UTF-16 code units). */
export interface XmlPosition {
  line: number;
  column: number;
}

export type XmlToken =
  | ({
      kind: "open";
      name: string;
      attributes: ReadonlyMap<string, string>;
      selfClosing: boolean;
    } & XmlPosition)
  | ({ kind: "close"; name: string } & XmlPosition)
  | ({ kind: "text"; text: string; cdata: boolean } & XmlPosition);

/** A document that is not well-formed XML, or that this tokenizer refuses to read. */
export class XmlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}

/** The longest tag, comment, processing instruction or DOCTYPE accepted (text and CDATA stream). */
const MAX_MARKUP_LENGTH = 4 * 1024 * 1024;
const MAX_DEPTH = 512;
const MAX_ENTITY_LENGTH = 40;

const predefinedEntities: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const namePattern = /^[A-Za-z_:\u00C0-\uFFFF][A-Za-z0-9_.:\-\u00B7\u00C0-\uFFFF]*$/;
const whitespace = /^[ \t\r\n]*$/;
/** Characters no XML 1.0 document may contain (controls, lone surrogates, U+FFFE and U+FFFF). */
const forbiddenCharacter =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a code point may appear in an XML 1.0 document. */
function isXmlCharacter(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

export class XmlTokenizer {
  private buffer = "";
  private index = 0;
  private line = 1;
  private column = 1;
  private final = false;
  private readonly open: { name: string; line: number; column: number }[] = [];
  private rootSeen = false;
  private rootClosed = false;
  /** Inside a CDATA section that has not ended yet (its content streams out in pieces). */
  private inCdata: XmlPosition | null = null;
  private heldSurrogate = "";

  constructor(private readonly onToken: (token: XmlToken) => void) {}

  /** Feeds the next piece of the document. */
  write(chunk: string): void {
    if (this.final) throw new Error("write after end");
    // A surrogate pair split between chunks waits for its second half.
    let text = this.heldSurrogate + chunk;
    this.heldSurrogate = "";
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.heldSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    this.buffer = this.index === 0 ? this.buffer + text : this.buffer.slice(this.index) + text;
    this.index = 0;
    this.run();
  }

  /** Ends the document; throws if it is incomplete. */
  end(): void {
    this.final = true;
    this.buffer = this.buffer.slice(this.index) + this.heldSurrogate;
    this.index = 0;
    this.heldSurrogate = "";
    this.run();
    if (this.inCdata) this.fail("the file ends inside a CDATA section: it is truncated", this.inCdata);
    const innermost = this.open.at(-1);
    if (innermost) {
      this.fail(
        `the file ends inside <${innermost.name}> (opened at line ${innermost.line}): it is truncated or malformed`,
      );
    }
    if (!this.rootSeen) this.fail("the file has no root element (is it empty, or not XML?)");
  }

  private fail(reason: string, at: XmlPosition = this.here()): never {
    throw new XmlSyntaxError(reason, at.line, at.column);
  }

  /** Moves the read position to `to`, keeping line and column in step. */
  private advance(to: number): void {
    let lastNewline = -1;
    for (let position = this.index; position < to; position++) {
      if (this.buffer.charCodeAt(position) === 10) {
        this.line++;
        lastNewline = position;
      }
    }
    this.column = lastNewline === -1 ? this.column + (to - this.index) : to - lastNewline;
    this.index = to;
  }

  private here(): XmlPosition {
    return { line: this.line, column: this.column };
  }

  private run(): void {
    while (this.index < this.buffer.length) {
      if (this.inCdata) {
        if (!this.readCdata()) return;
        continue;
      }
      if (this.buffer[this.index] !== "<") {
        if (!this.readText()) return;
        continue;
      }
      if (!this.readMarkup()) return;
    }
  }

  private readText(): boolean {
    const start = this.here();
    let end = this.buffer.indexOf("<", this.index);
    if (end === -1) {
      if (!this.final) {
        // Hold back an entity reference that may continue in the next chunk.
        const ampersand = this.buffer.lastIndexOf("&");
        end = this.buffer.length;
        if (ampersand >= this.index && this.buffer.indexOf(";", ampersand) === -1) end = ampersand;
        if (end === this.index) {
          if (this.buffer.length - this.index > MAX_ENTITY_LENGTH) this.fail("an entity reference has no ';'");
          return false;
        }
      } else {
        end = this.buffer.length;
      }
    }
    const raw = this.buffer.slice(this.index, end);
    this.checkCharacters(raw, start);
    if (this.open.length === 0) {
      if (!whitespace.test(raw)) {
        this.fail(this.rootClosed ? "text after the root element" : "text before the root element", start);
      }
      this.advance(end);
      return true;
    }
    const text = decodeReferences(raw, start);
    this.advance(end);
    this.onToken({ kind: "text", text, cdata: false, ...start });
    return true;
  }

  private readCdata(): boolean {
    const start = this.inCdata ?? this.here();
    const end = this.buffer.indexOf("]]>", this.index);
    if (end === -1) {
      // Stream out what cannot be part of the closing "]]>".
      let safe = this.final ? this.buffer.length : Math.max(this.index, this.buffer.length - 2);
      const before = this.buffer.charCodeAt(safe - 1);
      if (!this.final && safe > this.index && before >= 0xd800 && before <= 0xdbff) safe--;
      if (safe > this.index) {
        const text = this.buffer.slice(this.index, safe);
        this.checkCharacters(text);
        this.onToken({ kind: "text", text, cdata: true, ...start });
        this.advance(safe);
      }
      return false;
    }
    const text = this.buffer.slice(this.index, end);
    this.checkCharacters(text);
    if (text !== "") this.onToken({ kind: "text", text, cdata: true, ...start });
    this.advance(end + 3);
    this.inCdata = null;
    return true;
  }

  private checkCharacters(text: string, at: XmlPosition = this.here()): void {
    const found = forbiddenCharacter.exec(text);
    if (found) {
      const codePoint = found[0].codePointAt(0) ?? 0;
      this.fail(`a character XML does not allow (U+${codePoint.toString(16).toUpperCase().padStart(4, "0")})`, at);
    }
  }

  /** Finds `terminator` from `from`, or waits for more input (null); too long a wait is an error. */
  private find(terminator: string, from: number, what: string): number | null {
    const end = this.buffer.indexOf(terminator, from);
    if (end !== -1) return end;
    if (this.buffer.length - this.index > MAX_MARKUP_LENGTH) this.fail(`${what} is longer than 4 MB`);
    if (this.final) this.fail(`${what} is not closed: the file is truncated or malformed`);
    return null;
  }

  private readMarkup(): boolean {
    const rest = this.buffer.length - this.index;
    const starts = (prefix: string) => this.buffer.startsWith(prefix, this.index);
    if (rest < 9 && !this.final) {
      // Too short to tell "<![CDATA[" or "<!DOCTYPE" from a tag yet.
      const sample = this.buffer.slice(this.index);
      if ("<![CDATA[".startsWith(sample) || "<!DOCTYPE".startsWith(sample) || "<!--".startsWith(sample)) return false;
    }
    if (starts("<!--")) {
      const end = this.find("-->", this.index + 4, "a comment");
      if (end === null) return false;
      this.advance(end + 3);
      return true;
    }
    if (starts("<![CDATA[")) {
      if (this.open.length === 0) this.fail("a CDATA section outside the root element");
      this.inCdata = this.here();
      this.advance(this.index + 9);
      return true;
    }
    if (starts("<!DOCTYPE")) return this.readDoctype();
    if (starts("<?")) {
      const end = this.find("?>", this.index + 2, "a processing instruction");
      if (end === null) return false;
      this.advance(end + 2);
      return true;
    }
    if (starts("<!")) this.fail("unexpected '<!': only comments, CDATA sections and a bare DOCTYPE are allowed");
    if (starts("</")) return this.readEndTag();
    return this.readStartTag();
  }

  private readDoctype(): boolean {
    const start = this.here();
    if (this.rootSeen) this.fail("a DOCTYPE after the root element", start);
    const close = this.buffer.indexOf(">", this.index);
    const subset = this.buffer.indexOf("[", this.index);
    if (subset !== -1 && (close === -1 || subset < close)) {
      const declaresEntities = /<!ENTITY/i.test(this.buffer.slice(subset, subset + MAX_MARKUP_LENGTH));
      this.fail(
        declaresEntities
          ? "the DOCTYPE declares entities; entity declarations are refused (they can expand without limit or read files)"
          : "the DOCTYPE has an internal subset; DTD declarations are refused",
        start,
      );
    }
    const end = this.find(">", this.index, "the DOCTYPE");
    if (end === null) return false;
    const body = this.buffer.slice(this.index + 9, end).trim();
    if (!namePattern.test(body)) {
      this.fail("the DOCTYPE names an external DTD; external entities are refused (it would never be loaded)", start);
    }
    this.advance(end + 1);
    return true;
  }

  private readEndTag(): boolean {
    const start = this.here();
    const end = this.find(">", this.index + 2, "an end tag");
    if (end === null) return false;
    const name = this.buffer.slice(this.index + 2, end).trimEnd();
    if (!namePattern.test(name)) this.fail(`a malformed end tag </${name.slice(0, 40)}>`, start);
    const innermost = this.open.pop();
    if (!innermost) this.fail(`</${name}> closes no open element`, start);
    if (innermost.name !== name) {
      this.fail(`</${name}> does not match <${innermost.name}> opened at line ${innermost.line}`, start);
    }
    if (this.open.length === 0) this.rootClosed = true;
    this.advance(end + 1);
    this.onToken({ kind: "close", name, ...start });
    return true;
  }

  private readStartTag(): boolean {
    const start = this.here();
    // Find the closing '>' outside quoted attribute values.
    let quote: string | null = null;
    let end = -1;
    for (let position = this.index + 1; position < this.buffer.length; position++) {
      const character = this.buffer[position];
      if (quote !== null) {
        if (character === quote) quote = null;
      } else if (character === '"' || character === "'") {
        quote = character;
      } else if (character === ">") {
        end = position;
        break;
      } else if (character === "<") {
        this.fail("'<' inside a tag", start);
      }
    }
    if (end === -1) {
      if (this.buffer.length - this.index > MAX_MARKUP_LENGTH) this.fail("a tag is longer than 4 MB", start);
      if (this.final) this.fail("a tag is not closed: the file is truncated or malformed", start);
      return false;
    }
    const selfClosing = this.buffer[end - 1] === "/";
    const inside = this.buffer.slice(this.index + 1, selfClosing ? end - 1 : end);
    const nameEnd = inside.search(/[ \t\r\n]|$/);
    const name = inside.slice(0, nameEnd);
    if (!namePattern.test(name)) this.fail(`a malformed tag <${inside.slice(0, 40)}`, start);
    if (this.rootClosed) this.fail(`<${name}> after the root element: a document has one root element`, start);
    if (this.open.length >= MAX_DEPTH) this.fail(`elements nested more than ${MAX_DEPTH} deep`, start);
    const attributes = parseAttributes(inside.slice(nameEnd), name, start);
    this.rootSeen = true;
    if (!selfClosing) this.open.push({ name, ...start });
    this.advance(end + 1);
    this.onToken({ kind: "open", name, attributes, selfClosing, ...start });
    if (selfClosing) {
      if (this.open.length === 0) this.rootClosed = true;
      this.onToken({ kind: "close", name, ...start });
    }
    return true;
  }
}

function parseAttributes(source: string, element: string, at: XmlPosition): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /[ \t\r\n]+([^\s=]+)[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')/y;
  let position = 0;
  while (position < source.length) {
    if (whitespace.test(source.slice(position))) break;
    pattern.lastIndex = position;
    const match = pattern.exec(source);
    if (!match) {
      throw new XmlSyntaxError(
        `a malformed attribute in <${element}>: ${source.slice(position).trim().slice(0, 40)}`,
        at.line,
        at.column,
      );
    }
    const [, name = "", doubleQuoted, singleQuoted] = match;
    if (!namePattern.test(name)) {
      throw new XmlSyntaxError(`a malformed attribute name "${name.slice(0, 40)}" in <${element}>`, at.line, at.column);
    }
    if (attributes.has(name)) {
      throw new XmlSyntaxError(`the attribute ${name} appears twice in <${element}>`, at.line, at.column);
    }
    const raw = doubleQuoted ?? singleQuoted ?? "";
    if (raw.includes("<")) {
      throw new XmlSyntaxError(`'<' in the value of ${name} in <${element}>`, at.line, at.column);
    }
    attributes.set(name, decodeReferences(raw.replace(/[\t\r\n]/g, " "), at));
    position = pattern.lastIndex;
  }
  return attributes;
}

/**
 * Replaces the predefined entities and numeric character references in text; any other reference
 * is an error, reported where it stands.
 */
export function decodeReferences(raw: string, at: XmlPosition): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(
    /&(#?[A-Za-z0-9_.:-]{0,40})(;?)/g,
    (_whole, reference: string, semicolon: string, offset: number) => {
      const fail = (reason: string): never => {
        const before = raw.slice(0, offset);
        const newlines = before.split("\n").length - 1;
        const column = newlines === 0 ? at.column + offset : offset - before.lastIndexOf("\n");
        throw new XmlSyntaxError(reason, at.line + newlines, column);
      };
      if (semicolon === "") return fail(`'&' that starts no entity reference (write &amp;)`);
      const predefined = predefinedEntities[reference];
      if (predefined !== undefined) return predefined;
      const numeric = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(reference);
      if (numeric) {
        const codePoint = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
        if (!isXmlCharacter(codePoint)) return fail(`&${reference}; is not a character XML allows`);
        return String.fromCodePoint(codePoint);
      }
      return fail(
        `undefined entity &${reference.slice(0, 30)}; (XML defines only &amp; &lt; &gt; &quot; &apos; and numeric references)`,
      );
    },
  );
}

/** An element with its attributes, its own text (text and CDATA, joined) and its child elements. */
export interface XmlElement extends XmlPosition {
  name: string;
  attributes: ReadonlyMap<string, string>;
  text: string;
  children: XmlElement[];
}

/** The first child element called `name`. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((candidate) => candidate.name === name);
}

/** The text of the first child element called `name`, or undefined if there is none. */
export function childText(element: XmlElement | undefined, name: string): string | undefined {
  return child(element, name)?.text;
}

/**
 * Reads a document in chunks and hands each record element (as `isRecord` decides from its name and
 * the names of the elements around it, root first) to `onRecord` as a small tree, once it is
 * complete. Only one record is held in memory at a time. `onRoot` sees the root element's start tag.
 */
export class RecordReader {
  private readonly tokenizer: XmlTokenizer;
  private readonly path: string[] = [];
  private readonly building: XmlElement[] = [];

  constructor(
    private readonly handlers: {
      isRecord: (name: string, ancestors: readonly string[]) => boolean;
      onRecord: (element: XmlElement) => void;
      onRoot?: (name: string, attributes: ReadonlyMap<string, string>, at: XmlPosition) => void;
    },
  ) {
    this.tokenizer = new XmlTokenizer((token) => this.token(token));
  }

  write(chunk: string): void {
    this.tokenizer.write(chunk);
  }

  end(): void {
    this.tokenizer.end();
  }

  private token(token: XmlToken): void {
    if (token.kind === "open") {
      if (this.path.length === 0) this.handlers.onRoot?.(token.name, token.attributes, token);
      if (this.building.length > 0 || this.handlers.isRecord(token.name, this.path)) {
        const element: XmlElement = {
          name: token.name,
          attributes: token.attributes,
          text: "",
          children: [],
          line: token.line,
          column: token.column,
        };
        this.building.at(-1)?.children.push(element);
        this.building.push(element);
      }
      this.path.push(token.name);
    } else if (token.kind === "close") {
      this.path.pop();
      const element = this.building.pop();
      if (element && this.building.length === 0) this.handlers.onRecord(element);
    } else {
      const element = this.building.at(-1);
      if (element) element.text += token.text;
    }
  }
}
