/**
 * The browser project's global set-up: finds (and, for the packaged Chromium, unpacks) the browser
 * once, before its files start two at a time. `@sparticuz/chromium` unpacks to a fixed path and
 * takes the path's existence for a finished unpack, so two files unpacking at once could start
 * Chromium from a half-written file (`spawn ETXTBSY` on a fresh machine).
 */
import { chromiumExecutable } from "./browser";

export default async function setup(): Promise<void> {
  await chromiumExecutable();
}
