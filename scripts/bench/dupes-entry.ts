/**
 * The Worker side of `npm run bench:dupes`: indexes comments into D1 exactly as posting does, and
 * runs the Worker's duplicate check (`checkDuplicate` with the D1 index) on request.
 */
import { sql } from "drizzle-orm";
import { openDatabase } from "../../worker/db/client";
import { addKeysStatement, D1DuplicateIndex } from "../../worker/db/duplicate-index";
import { comments, sites, threads } from "../../worker/db/schema";
import { checkDuplicate, normalizeForComparison } from "../../worker/duplicates";
import { fingerprint } from "../../worker/duplicates/fingerprint";

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
    const check = await checkDuplicate(new D1DuplicateIndex(db), site, {
      body,
      thread,
      author: "probe@example.com",
      createdAt: Date.now(),
    });
    return Response.json({ flagged: check.match !== null, roundTrips: meter.roundTrips });
  },
};
