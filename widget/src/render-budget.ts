/**
 * Renders long threads in chunks so no task blocks the page: each task may create at most
 * `perTask` comment elements. A parent asks for as many as it has children; what it does not get,
 * it asks for again in a later task, when the budget is fresh. Waiting parents go one at a time, so
 * none re-renders for nothing.
 */
const perTask = 3;
let left = perTask;
let scheduled = false;
const waiting: (() => Promise<unknown>)[] = [];
let idle: (() => void)[] = [];

/**
 * Grants up to `wanted` comment elements for this task; if fewer were granted, `later` (which
 * re-renders the asker and resolves when done) runs in a later task.
 */
export function take(wanted: number, later: () => Promise<unknown>): number {
  if (wanted <= 0) return 0;
  if (!scheduled) {
    scheduled = true;
    setTimeout(nextTask);
  }
  const granted = Math.min(wanted, left);
  left -= granted;
  if (granted < wanted && !waiting.includes(later)) waiting.push(later);
  return granted;
}

async function nextTask() {
  scheduled = false;
  left = perTask;
  if (waiting.length === 0) {
    for (const resolve of idle) resolve();
    idle = [];
  }
  while (left > 0 && waiting.length > 0) await waiting.shift()?.();
}

/** Resolves once every comment asked for has been rendered. */
export function rendered(): Promise<void> {
  return scheduled || waiting.length > 0 ? new Promise((resolve) => idle.push(resolve)) : Promise.resolve();
}
