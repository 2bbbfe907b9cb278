/**
 * The writing half of the embed, loaded by a thread once its comments are on screen (write.js): the
 * comment form, the editor of the reader's own comments, the actions under each comment (react,
 * reply, edit, delete), the bar above the comments (the page's reactions, the order), "Show more
 * replies" under a comment whose replies come page by page, and what
 * posts, edits and reacts for a thread (`globalThis.chorusWriter`). Defining the elements upgrades
 * the ones a thread already rendered.
 */
import { ChorusActions } from "./chorus-actions";
import { ChorusEditor } from "./chorus-editor";
import { ChorusForm } from "./chorus-form";
import { ChorusMoreReplies } from "./chorus-more-replies";
import { ChorusReactions } from "./chorus-reactions";
import { ChorusToolbar } from "./chorus-toolbar";
import { type WritableThread, type Writer, writerFor } from "./writer";

(globalThis as { chorusWriter?: (thread: WritableThread) => Writer }).chorusWriter ??= writerFor;

for (const [name, element] of [
  ["chorus-form", ChorusForm],
  ["chorus-editor", ChorusEditor],
  ["chorus-reactions", ChorusReactions],
  ["chorus-actions", ChorusActions],
  ["chorus-toolbar", ChorusToolbar],
  ["chorus-more-replies", ChorusMoreReplies],
] as const) {
  if (!customElements.get(name)) customElements.define(name, element);
}
