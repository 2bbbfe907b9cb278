import { rendered } from "./shared";
import type { WritableThread } from "./writer";

/** Finds elements in a thread's comments, which sit in nested shadow roots. */
function findAll(root: ParentNode, selector: string): HTMLElement[] {
  return [
    ...root.querySelectorAll<HTMLElement>(selector),
    ...[...root.querySelectorAll("chorus-comment")].flatMap((element) =>
      element.shadowRoot ? findAll(element.shadowRoot, selector) : [],
    ),
  ];
}

const targetOf = () => Number(/^#comment-(\d+)$/.exec(location.hash)?.[1] ?? 0);

/**
 * Shows the comment the address points at (`#comment-ID`): scrolls to it, highlights it and gives it
 * focus, reading further pages of the thread until it is found (or none are left); again whenever
 * the address's hash changes.
 */
export function followTarget(thread: WritableThread): void {
  let target = targetOf();
  const show = async () => {
    if (!target || !thread.isConnected) return;
    // The comments render in chunks after the thread; a frame after the last, all are laid out.
    await thread.updateComplete;
    await rendered();
    await new Promise(requestAnimationFrame);
    const [found] = findAll(thread.renderRoot, `#comment-${target}`);
    if (found) {
      target = 0;
      found.classList.add("highlight");
      found.scrollIntoView({ block: "center" });
      found.setAttribute("tabindex", "-1");
      found.focus({ preventScroll: true });
    } else if (thread.nextCursor) {
      thread.load(thread.nextCursor);
    }
  };
  window.addEventListener("hashchange", () => {
    target = targetOf();
    for (const old of findAll(thread.renderRoot, ".highlight")) old.classList.remove("highlight");
    show();
  });
  // Each page the thread reads may hold it.
  thread.addEventListener("chorus-ready", show);
  show();
}
