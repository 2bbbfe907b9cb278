/**
 * Reads the importers' XML with saxes, a streaming, non-validating parser, and turns the record
 * elements of an export (a Disqus `<post>`, a WordPress `<item>`) into small trees one at a time.
 *
 * saxes expands only the five XML predefined entities and numeric character references; any other
 * entity is an error. A DOCTYPE is refused unless it is a bare `<!DOCTYPE name>`: with an internal
 * subset (entity declarations, the "billion laughs") or an external identifier (external entities)
 * it is an error, raised when the DOCTYPE ends, so nothing is ever expanded or fetched. Errors throw
 * `XmlSyntaxError` with the line and column where they were found.
 */
import { SaxesParser } from "saxes";

/** Where something starts: 1-based line and column. */
export interface XmlPosition {
  line: number;
  column: number;
}

/** A document that is not well-formed XML, or that the importers refuse to read. */
export class XmlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}

/** Deeper than this, a document is refused: no export nests so deep, a hostile one might. */
const MAX_DEPTH = 512;

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
  private readonly parser = new SaxesParser({ position: true });
  private readonly path: string[] = [];
  private readonly building: XmlElement[] = [];
  private tagStart: XmlPosition = { line: 1, column: 1 };

  constructor(
    private readonly handlers: {
      isRecord: (name: string, ancestors: readonly string[]) => boolean;
      onRecord: (element: XmlElement) => void;
      onRoot?: (name: string, attributes: ReadonlyMap<string, string>, at: XmlPosition) => void;
    },
  ) {
    const parser = this.parser;
    parser.on("error", (error) => {
      throw new XmlSyntaxError(error.message.replace(/^\d+:\d+: /, ""), parser.line, parser.column + 1);
    });
    parser.on("doctype", (doctype) => {
      if (doctype.includes("[")) this.refuse("the DOCTYPE declares entities (an internal subset); none are read");
      if (/\b(?:SYSTEM|PUBLIC)\b/.test(doctype)) this.refuse("the DOCTYPE names an external DTD; none is fetched");
    });
    parser.on("opentagstart", () => {
      this.tagStart = { line: parser.line, column: parser.column };
    });
    parser.on("opentag", (tag) => this.open(tag.name, new Map(Object.entries(tag.attributes))));
    parser.on("closetag", () => this.close());
    parser.on("text", (text) => this.append(text));
    parser.on("cdata", (text) => this.append(text));
  }

  write(chunk: string): void {
    this.parser.write(chunk);
  }

  end(): void {
    this.parser.close();
  }

  private refuse(reason: string): never {
    throw new XmlSyntaxError(reason, this.parser.line, this.parser.column + 1);
  }

  private open(name: string, attributes: ReadonlyMap<string, string>): void {
    if (this.path.length >= MAX_DEPTH) this.refuse(`elements nested deeper than ${MAX_DEPTH}`);
    if (this.path.length === 0) this.handlers.onRoot?.(name, attributes, this.tagStart);
    if (this.building.length > 0 || this.handlers.isRecord(name, this.path)) {
      const element: XmlElement = { name, attributes, text: "", children: [], ...this.tagStart };
      this.building.at(-1)?.children.push(element);
      this.building.push(element);
    }
    this.path.push(name);
  }

  private close(): void {
    this.path.pop();
    const element = this.building.pop();
    if (element && this.building.length === 0) this.handlers.onRecord(element);
  }

  private append(text: string): void {
    const element = this.building.at(-1);
    if (element) element.text += text;
  }
}
