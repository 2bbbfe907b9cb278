/** Reads a whole export held in a string through the importers' streaming readers, as the CLI does chunk by chunk. */
import { DisqusReader } from "../../importers/disqus";
import type { ImportSource } from "../../importers/source";
import { WordPressReader } from "../../importers/wordpress";

export function readDisqus(text: string, pageParams?: readonly string[]): ImportSource {
  const reader = new DisqusReader(pageParams);
  reader.write(text);
  return reader.end();
}

export function readWordPress(text: string, pageParams?: readonly string[]): ImportSource {
  const reader = new WordPressReader(pageParams);
  reader.write(text);
  return reader.end();
}
