/**
 * The reader's own recent comments, kept in this browser only: the secret each was posted with (the
 * server stores only its hash), until when it may be changed, and its text as typed, for editing.
 */
import type { PostedComment } from "../../../worker/api/schemas";
import { storage } from "./shared";

export interface OwnComment {
  secret: string;
  until: number;
  body: string;
}

const keyFor = (site: string) => `chorus:own:${site}`;

/** What was read from storage, per site, so a long thread reads it once. */
const cache = new Map<string, Record<string, OwnComment>>();

function readAll(site: string): Record<string, OwnComment> {
  let all = cache.get(site);
  if (!all) {
    try {
      all = JSON.parse(storage("localStorage")?.getItem(keyFor(site)) ?? "{}") as Record<string, OwnComment>;
    } catch {
      all = {};
    }
    cache.set(site, all);
  }
  return all;
}

function writeAll(site: string, all: Record<string, OwnComment>) {
  const now = Date.now();
  const live = Object.fromEntries(Object.entries(all).filter(([, own]) => own.until > now));
  cache.set(site, live);
  try {
    storage("localStorage")?.setItem(keyFor(site), JSON.stringify(live));
  } catch {
    // Storage may be full or disabled: the comment just cannot be edited from this browser.
  }
}

/** The reader's own comment `id`, if it may still be edited or deleted from this browser. */
export function ownComment(site: string, id: number): OwnComment | null {
  const own = readAll(site)[id];
  return own && own.until > Date.now() ? own : null;
}

/** Remembers a comment the reader just posted (or edited), with what lets them change it. */
export function rememberOwn(site: string, id: number, own: OwnComment) {
  writeAll(site, { ...readAll(site), [id]: own });
}

/** Remembers a just-posted comment, if the server gave it an edit secret. */
export function rememberPosted(site: string, posted: PostedComment, body: string) {
  if (posted.editSecret && posted.editableUntil) {
    rememberOwn(site, posted.comment.id, {
      secret: posted.editSecret,
      until: Date.parse(posted.editableUntil),
      body,
    });
  }
}

/** Forgets a comment the reader deleted. */
export function forgetOwn(site: string, id: number) {
  const { [id]: _forgotten, ...rest } = readAll(site);
  writeAll(site, rest);
}

/** How many pages a browser remembers writing on, per site; the oldest are forgotten first. */
const maxPagesWritten = 500;

/**
 * Remembers that this browser posted or reacted on `page`: from then on, reads of that page carry
 * the reader's key (ChorusApi.wrote reads this list), so the reader sees what is theirs there.
 */
export function rememberWrote(site: string, page: string) {
  const key = `chorus:wrote:${site}`;
  try {
    const store = storage("localStorage");
    const pages = (store?.getItem(key) ?? "").split("\n").filter((known) => known && known !== page);
    store?.setItem(key, [...pages, page].slice(-maxPagesWritten).join("\n"));
  } catch {
    // Storage may be full or disabled: this reader's reads stay anonymous.
  }
}
