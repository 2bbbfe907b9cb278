/**
 * Duplicate detection for new comments: is this text, after normalisation, the same as, nearly the
 * same as, or a part of an earlier comment on the same site? The Worker's decision
 * (worker/intake/decide.ts) runs it, as do the evaluation CLI, the benchmark and the tests (with
 * `MemoryDuplicateIndex` in scripts/lib/memory-index.ts):
 *
 *   `comparableForm` (normalise → fingerprint) → candidates from the index by key → `findDuplicate`.
 *
 * After the comment is stored, the caller adds it to the index with the `normalized` text and keys
 * computed once. A comment too short to count has no keys and need not be added.
 *
 * The D1 index (one row per key, at most `MAX_KEYS` = 49 keys per comment):
 *
 *   CREATE TABLE duplicate_bands (
 *     site_id    TEXT    NOT NULL,
 *     band_key   TEXT    NOT NULL,  -- a fingerprint key, at most 20 characters: x:…, b<n>:…, p:…
 *     comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
 *     PRIMARY KEY (site_id, band_key, comment_id)
 *   ) WITHOUT ROWID;
 *   CREATE INDEX duplicate_bands_by_comment ON duplicate_bands (comment_id);  -- serves the cascade
 *
 * plus each indexed comment's normalised text, e.g. a `comments.normalized_body` column. Then
 * `candidates` is one statement, so a check is one round trip (?2 is the key list as one JSON array,
 * or bind the keys as ≤ 49 separate parameters):
 *
 *   SELECT c.id, c.thread_id, coalesce(c.author_email, c.author_name) AS author, c.created_at, c.normalized_body
 *   FROM (SELECT comment_id, count(*) AS shared FROM duplicate_bands
 *         WHERE site_id = ?1 AND band_key IN (SELECT value FROM json_each(?2))
 *         GROUP BY comment_id HAVING count(*) >= 2            -- MIN_SHARED_KEYS
 *         ORDER BY shared DESC, comment_id LIMIT ?3) AS k      -- MAX_CANDIDATES
 *   JOIN comments AS c ON c.id = k.comment_id ORDER BY k.shared DESC, c.id
 *
 * It reads at most 49 × `MAX_COMMENTS_PER_KEY` index rows and 20 comments, whatever the size of
 * the site. `add` is one statement too, which keeps every key's list at its first 4 comments and can
 * go in the same `db.batch` as the comment's insert:
 *
 *   INSERT INTO duplicate_bands (site_id, band_key, comment_id)
 *   SELECT ?1, key.value, ?2 FROM json_each(?3) AS key
 *   WHERE (SELECT count(*) FROM duplicate_bands WHERE site_id = ?1 AND band_key = key.value) < 4
 */
import { type Fingerprint, fingerprint } from "./fingerprint";
import type { CandidateComment } from "./match";
import { normalizeForComparison } from "./normalize";
import { MAX_COMPARED_CHARACTERS } from "./shingles";

export { type Fingerprint, fingerprint, MAX_KEYS } from "./fingerprint";
export type {
  CandidateComment,
  CommentId,
  CommentOrigin,
  DuplicateKind,
  DuplicateMatch,
  DuplicateScope,
  ThreadId,
} from "./match";
export { classifyScope, findDuplicate } from "./match";
export { normalizeForComparison } from "./normalize";

/** Candidates verified per check: the earlier comments sharing the most keys. */
export const MAX_CANDIDATES = 20;

/**
 * Comments listed under one key: the first ones that had it. Finding one earlier instance of a text
 * is enough, so a text reposted a hundred times is still found through its first copies, and the
 * spare places cover deleted comments. A phrase that many comments share (a key that is not a sign
 * of copying) then costs at most this many rows, so a lookup reads at most `MAX_KEYS` × 4 rows
 * however large the site.
 */
export const MAX_COMMENTS_PER_KEY = 4;

/**
 * Keys an earlier comment must share with the new one to be a candidate. One shared key is one
 * shared phrase or one chance band collision; a copy shares several (in the evaluation corpus every
 * found duplicate shares at least three).
 */
export const MIN_SHARED_KEYS = 2;

/** A comment as stored in the index: where it came from, its normalised text and its keys. */
export interface IndexedComment extends CandidateComment {
  keys: readonly string[];
}

/**
 * Only the start of a body is normalised: four times the part that is compared, room for the
 * whitespace and invisible characters normalisation removes. Bounds the work on hostile bodies.
 */
export const MAX_CHECKED_BODY_CHARACTERS = 4 * MAX_COMPARED_CHARACTERS;

/**
 * A body's comparable form: its normalised text (stored with the comment) and its fingerprint,
 * whose keys find candidates in the index and, once stored, make it findable. Posting, editing and
 * importing all take a body through here; `findDuplicate` then verifies the candidates.
 */
export function comparableForm(body: string): { normalized: string; fingerprint: Fingerprint } {
  const normalized = normalizeForComparison(body.slice(0, MAX_CHECKED_BODY_CHARACTERS));
  return { normalized, fingerprint: fingerprint(normalized) };
}
