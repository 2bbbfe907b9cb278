import type { CommentStatus, ModerationMode } from "./db/schema";

/** The status a new comment starts in under the site's moderation mode. */
export function initialStatus(mode: ModerationMode, authorIsKnown: boolean): CommentStatus {
  if (mode === "hold_all") return "pending";
  if (mode === "hold_first" && !authorIsKnown) return "pending";
  return "published";
}
