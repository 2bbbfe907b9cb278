/** Moderation rules that do not depend on storage: what each action does, and when a thread is closed. */

import type { CommentStatus } from "../../common/vocabulary";
import type { CommentAction } from "../api/admin-schemas";
import type { Site, Thread } from "../db/schema";
import type { Label } from "../spam";

/** How long a deleted comment can be restored before only a purge is left. */
export const restoreWindowMs = 30 * 24 * 60 * 60 * 1000;

/** The status an action moves a comment to, and what it teaches the site's classifier, if anything. */
export const actionEffects: Record<"approve" | "spam" | "not_spam", { status: CommentStatus; label: Label }> = {
  approve: { status: "published", label: "ham" },
  spam: { status: "spam", label: "spam" },
  not_spam: { status: "published", label: "ham" },
};

/** Whether an action teaches the classifier (approve, spam, not spam). */
export function isTrainingAction(action: CommentAction): action is keyof typeof actionEffects {
  return action in actionEffects;
}

/** A thread is closed when a moderator closed it, or when the site closes threads after some days. */
export function isThreadClosed(
  thread: Pick<Thread, "closed" | "createdAt">,
  site: Pick<Site, "autoCloseDays">,
  now: number,
) {
  if (thread.closed) return true;
  return site.autoCloseDays !== null && thread.createdAt < now - site.autoCloseDays * 24 * 60 * 60 * 1000;
}
