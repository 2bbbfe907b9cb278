/** Spelling tricks: look-alike letters, zero-width characters, fancy text, nothing visible. */
import type { CommentAnalysis } from "../analysis";
import { STYLISED_LETTERS_FOR_TRICK } from "../text";
import type { Reason } from "../verdict";

const VISIBLE = /[\p{L}\p{N}\p{S}\p{P}]/u;

/** Spelling tricks that only hide words from filters: look-alike letters, zero-width characters, no visible text. */
export function checkTricks(analysis: CommentAnalysis): Reason[] {
  const reasons: Reason[] = [];
  if (analysis.mixedScriptWords > 0) {
    reasons.push({ check: "rules.homoglyphs", score: 2.5, detail: `${analysis.mixedScriptWords} words` });
  }
  if (analysis.zeroWidthInsideWord) reasons.push({ check: "rules.zero_width", score: 2.5 });
  if (analysis.stylisedLetters >= STYLISED_LETTERS_FOR_TRICK) {
    reasons.push({ check: "rules.stylised_letters", score: 1.5, detail: `${analysis.stylisedLetters} letters` });
  }
  if (!VISIBLE.test(analysis.text)) reasons.push({ check: "rules.invisible", score: 1, holds: true });
  return reasons;
}
