/** How the rules match phrases: as whole words, each distinct phrase once. */

/** A global pattern that finds any of the phrases (regular expressions) as whole words, not inside longer ones. */
export function phrasePattern(phrases: readonly string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${phrases.join("|")})(?![\\p{L}\\p{N}])`, "gu");
}

/** The distinct phrases a global pattern finds in the text, in order of first appearance. */
export function distinctMatches(text: string, pattern: RegExp): string[] {
  return [...new Set(text.match(pattern) ?? [])];
}
