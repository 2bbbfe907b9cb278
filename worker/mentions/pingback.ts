/**
 * Pingback 1.0 for the blogs that still send it: the XML-RPC call `pingback.ping(sourceURI,
 * targetURI)` read with saxes (a DOCTYPE of any kind is refused before anything is expanded: no
 * entities, no external DTD), and the answers the spec gives, a string or a fault with its code.
 */
import { SaxesParser } from "saxes";

/** The spec's fault codes that a receiver checking asynchronously can give at once. */
export const pingbackFaults = {
  generic: 0,
  targetNotUsable: 33,
} as const;

const maxDepth = 16;

/** The two URIs of a `pingback.ping` call, or the fault to answer a call that is not one. */
export function readPingbackCall(xml: string): { source: string; target: string } | { fault: number; message: string } {
  const parser = new SaxesParser();
  const path: string[] = [];
  let methodName = "";
  const params: string[] = [];
  let text = "";
  const refuse = (message: string) => {
    throw new Error(message);
  };
  parser.on("doctype", () => refuse("a DOCTYPE is not allowed in an XML-RPC call"));
  /** Whether the `<value>` being read has a typed child (`<string>`, `<int>` ...): untyped values are strings. */
  let valueTyped = false;
  parser.on("opentag", (tag) => {
    if (path.length >= maxDepth) refuse("the call is nested too deeply");
    if (path.join("/") === "methodCall/params/param/value") valueTyped = true;
    path.push(tag.name);
    text = "";
  });
  parser.on("text", (chunk) => {
    text += chunk;
  });
  parser.on("cdata", (chunk) => {
    text += chunk;
  });
  parser.on("closetag", () => {
    const inside = path.join("/");
    if (inside === "methodCall/methodName") methodName = text.trim();
    if (inside === "methodCall/params/param/value/string") params.push(text.trim());
    if (inside === "methodCall/params/param/value") {
      if (!valueTyped) params.push(text.trim());
      valueTyped = false;
    }
    path.pop();
    text = "";
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    return {
      fault: pingbackFaults.generic,
      message: `not an XML-RPC call: ${String((error as Error).message).replace(/^\d+:\d+: /, "")}`,
    };
  }
  if (methodName !== "pingback.ping") {
    return {
      fault: pingbackFaults.generic,
      message: `unknown method ${methodName.slice(0, 60) || "(none)"}; this endpoint takes pingback.ping`,
    };
  }
  const [source, target] = params;
  if (params.length !== 2 || !source || !target) {
    return { fault: pingbackFaults.generic, message: "pingback.ping takes two strings: sourceURI and targetURI" };
  }
  return { source, target };
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A successful answer: one string. */
export function pingbackAnswer(message: string): string {
  return `<?xml version="1.0"?>\n<methodResponse><params><param><value><string>${escapeXml(message)}</string></value></param></params></methodResponse>\n`;
}

/** A fault with its code. */
export function pingbackFault(code: number, message: string): string {
  return `<?xml version="1.0"?>\n<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>${code}</int></value></member><member><name>faultString</name><value><string>${escapeXml(message)}</string></value></member></struct></value></fault></methodResponse>\n`;
}
