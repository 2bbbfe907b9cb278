/**
 * The Worker side of `npm run bench:dupes`: indexes comments into D1 exactly as posting does, and
 * on request runs what posting runs for duplicates: `prepareComment`, the candidate query posting
 * puts in its read batch, and `decideIntake`.
 */
import { sql } from "drizzle-orm";
import { openDatabase } from "../../worker/db/client";
import { addKeysStatement, candidateQuery } from "../../worker/db/duplicate-index";
import { comments, sites, threads } from "../../worker/db/schema";
import { MAX_CANDIDATES, normalizeForComparison } from "../../worker/duplicates";
import { fingerprint } from "../../worker/duplicates/fingerprint";
import { decideIntake, prepareComment } from "../../worker/intake/decide";
import { defaultSpamSettings } from "../../worker/spam";

interface IndexRequest {
  site: string;
  comments: { key: string; body: string; thread: number }[];
}

interface CheckRequest {
  site: string;
  body: string;
  thread: number;
}

export default {
  async fetch(request: Request, env: { DB: D1Database }): Promise<Response> {
    const { db, meter } = openDatabase(env.DB, "first-primary");
    const path = new URL(request.url).pathname;
    if (path === "/site") {
      const { site, threadCount } = (await request.json()) as { site: string; threadCount: number };
      await db.batch([
        db.insert(sites).values({ id: site, name: site, allowedOrigins: [] }),
        db
          .insert(threads)
          .values(Array.from({ length: threadCount }, (_, index) => ({ siteId: site, path: `/t/${index}` }))),
      ]);
      return Response.json({ ok: true });
    }
    if (path === "/index") {
      const { site, comments: batch } = (await request.json()) as IndexRequest;
      const statements = batch.flatMap(({ key, body, thread }) => {
        const normalized = normalizeForComparison(body);
        const commentId = sql`(SELECT id FROM comments WHERE site_id = ${site} AND idempotency_key = ${key})`;
        return [
          db.insert(comments).values({
            siteId: site,
            threadId: sql`(SELECT id FROM threads WHERE site_id = ${site} AND path = ${`/t/${thread}`})`,
            authorName: `reader ${key}`,
            body,
            bodyHtml: "",
            status: "published",
            idempotencyKey: key,
            normalizedBody: normalized,
          }),
          addKeysStatement(db, site, commentId, fingerprint(normalized).keys),
        ];
      });
      const [first, ...rest] = statements;
      if (first) await db.batch([first, ...rest]);
      return Response.json({ indexed: batch.length });
    }
    const { site, body, thread } = (await request.json()) as CheckRequest;
    const content = { body, authorName: "probe", authorEmail: "probe@example.com", authorWebsite: null };
    const prepared = prepareComment(content);
    const candidates = await candidateQuery(db, site, prepared.fingerprint.keys, MAX_CANDIDATES);
    const model = { hamDocs: 0, spamDocs: 0, weights: new Map() };
    const decision = decideIntake(
      { spam: defaultSpamSettings, banAction: "spam", prior: null },
      { approvedCommentsByEmail: 0, authorIsTrusted: false, bans: [], model, candidates },
      { ...content, ipHash: "", threadId: thread, createdAt: Date.now(), prepared, honeypotFilled: false },
    );
    const flagged = decision.kind === "repeat" || (decision.kind === "store" && decision.duplicate !== null);
    return Response.json({ flagged, roundTrips: meter.roundTrips });
  },
};
