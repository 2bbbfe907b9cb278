/**
 * A site's duplicate index in memory, for the evaluations and benchmarks (scripts/lib/memory-site.ts)
 * and the matcher's tests. It works like the D1 table and its `candidateQuery`: a posting list of
 * comment ids per key, capped, so a lookup costs what its keys' lists hold, never a scan of the site.
 */
import type { CandidateComment, CommentId, IndexedComment } from "../../worker/duplicates";
import { MAX_COMMENTS_PER_KEY, MIN_SHARED_KEYS } from "../../worker/duplicates";

interface SiteIndex {
  commentsById: Map<CommentId, { comment: CandidateComment; order: number }>;
  commentIdsByKey: Map<string, CommentId[]>;
}

/** The in-memory index: one posting list per (site, key). */
export class MemoryDuplicateIndex {
  readonly #sites = new Map<string, SiteIndex>();

  /**
   * Up to `limit` earlier comments of the site that share at least `MIN_SHARED_KEYS` of `keys`,
   * those sharing the most first, then the earliest.
   */
  async candidates(siteId: string, keys: readonly string[], limit: number): Promise<CandidateComment[]> {
    const site = this.#sites.get(siteId);
    if (site === undefined) return [];
    const sharedKeys = new Map<CommentId, number>();
    for (const key of new Set(keys)) {
      for (const id of site.commentIdsByKey.get(key) ?? []) sharedKeys.set(id, (sharedKeys.get(id) ?? 0) + 1);
    }
    const qualified: { shared: number; order: number; comment: CandidateComment }[] = [];
    for (const [id, shared] of sharedKeys) {
      const entry = site.commentsById.get(id);
      if (shared >= MIN_SHARED_KEYS && entry !== undefined) qualified.push({ shared, ...entry });
    }
    return qualified
      .sort((first, second) => second.shared - first.shared || first.order - second.order)
      .slice(0, limit)
      .map(({ comment }) => comment);
  }

  /** Makes a stored comment findable by later ones; each key lists at most `MAX_COMMENTS_PER_KEY` comments. */
  async add(siteId: string, { keys, ...comment }: IndexedComment): Promise<void> {
    if (keys.length === 0) return;
    let site = this.#sites.get(siteId);
    if (site === undefined) {
      site = { commentsById: new Map(), commentIdsByKey: new Map() };
      this.#sites.set(siteId, site);
    }
    site.commentsById.set(comment.id, { comment, order: site.commentsById.size });
    for (const key of new Set(keys)) {
      const ids = site.commentIdsByKey.get(key);
      if (ids === undefined) site.commentIdsByKey.set(key, [comment.id]);
      else if (ids.length < MAX_COMMENTS_PER_KEY) ids.push(comment.id);
    }
  }
}
