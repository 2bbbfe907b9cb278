/**
 * Seeds the local database with the demo site, a few conversations and a local owner for the
 * console, so `npm start` shows a living blog, and the console shows what Chorus does: every seeded
 * comment is judged by the Worker's own decision (`MemorySite`, the code `POST …/comments` runs), so
 * the spam lands held or in Spam with its reasons and the copy of another comment as a duplicate;
 * readers have reported one comment and the owner answered one as staff. Safe to run again:
 * nothing is duplicated.
 *
 *   npm run db:seed [-- --origin http://localhost:8787 ...] [--persist-to DIR]
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import type { ReportReason } from "../common/vocabulary";
import { hashPassword } from "../worker/auth/password";
import { caughtByOf } from "../worker/db/dashboard";
import { renderMarkdown } from "../worker/render/markdown";
import { closeD1, runStatements, sqlLiteral } from "./lib/d1";
import { MemorySite } from "./lib/memory-site";

const { values } = parseArgs({
  options: { origin: { type: "string", multiple: true }, "persist-to": { type: "string" } },
});
const origins = z
  .array(z.url({ error: "--origin must be an origin such as http://localhost:8787" }))
  .parse(values.origin ?? ["http://localhost:8787", "http://127.0.0.1:8787"]);

interface SeedComment {
  key: string;
  parent?: string;
  author: string;
  website?: string;
  body: string;
  minutesAgo: number;
  /** Written by the demo owner as staff (shown with the site's staff badge). */
  staff?: boolean;
  /** Readers' reports of it: their reasons. */
  reports?: ReportReason[];
}

const threads: { path: string; title: string; closed: boolean; comments: SeedComment[] }[] = [
  {
    path: "/demo/posts/hello-chorus",
    title: "Hello, Chorus",
    closed: false,
    comments: [
      {
        key: "hello-1",
        author: "Maren",
        body: "So glad the comments are back *here*. The old forum felt so far away.",
        minutesAgo: 3000,
      },
      {
        key: "hello-2",
        parent: "hello-1",
        author: "Tomás",
        website: "https://tomas.example",
        body: "Same. And no account to make!",
        minutesAgo: 2900,
      },
      { key: "hello-3", parent: "hello-2", author: "Maren", body: "Exactly — just a name.", minutesAgo: 2800 },
      {
        key: "hello-4",
        author: "Priya",
        body: "Does it do **Markdown**? Let's see:\n\n- a list\n- with `code`\n\n> and a quote",
        minutesAgo: 1500,
      },
      {
        key: "hello-4-staff",
        parent: "hello-4",
        author: "Demo owner",
        body: "It does: a small, safe subset. Everything else shows as the text you typed.",
        minutesAgo: 1400,
        staff: true,
      },
      {
        key: "hello-5",
        author: "Jonas",
        body: "<script>alert('hi')</script> ← raw HTML shows as text, as it should.",
        minutesAgo: 600,
      },
      {
        key: "hello-6",
        author: "Kettlehater",
        body: "Kettles are for people with nothing better to do. Whoever wrote this should find a real hobby.",
        minutesAgo: 300,
        reports: ["abuse", "off_topic"],
      },
      {
        key: "hello-spam-1",
        author: "Cheap Flats Dubai",
        website: "https://cheap-flats-dubai.example",
        body: "Great post! Really appreciate your effort. Visit https://cheap-flats-dubai.example/offers and https://cheap-flats-dubai.example/book for cheap flats dubai",
        minutesAgo: 200,
      },
      {
        key: "hello-spam-2",
        author: "SEO Services",
        website: "https://rank-first.example",
        body: "{Hello|Hi} there, {nice|great} {post|article}! I'll bookmark your blog. Best backlinks and SEO services at https://rank-first.example",
        minutesAgo: 150,
      },
      {
        key: "hello-copy-1",
        author: "Lena",
        body: "I like the valuable info you provide in your articles. I will bookmark your blog and check again here regularly.",
        minutesAgo: 120,
      },
    ],
  },
  {
    path: "/demo/posts/closed-thread",
    title: "An old post with closed comments",
    closed: true,
    comments: [
      {
        key: "closed-1",
        author: "Alex",
        body: "Five years on, still the best kettle advice online.",
        minutesAgo: 900000,
      },
      {
        key: "closed-copy-1",
        author: "Mona",
        body: "I like the valuable info you provide in your articles. I will bookmark your blog and check again here regularly!",
        minutesAgo: 100,
      },
    ],
  },
];

const demoOwner = { email: "owner@demo.test", password: "chorus-demo-password" };
const ownerId = `(SELECT id FROM moderators WHERE email = ${sqlLiteral(demoOwner.email)})`;
const statements = [
  // Readers of the demo may sign in with a link sent to the local mailbox (.mail/).
  `INSERT INTO sites (id, name, allowed_origins, moderation_mode, email_sign_in) VALUES ('demo', 'The Slow Kettle (demo)', ${sqlLiteral(JSON.stringify(origins))}, 'publish', 1) ON CONFLICT (id) DO UPDATE SET allowed_origins = excluded.allowed_origins, email_sign_in = 1`,
  `INSERT INTO moderators (email, display_name, password_hash) VALUES (${sqlLiteral(demoOwner.email)}, 'Demo owner', ${sqlLiteral(await hashPassword(demoOwner.password))}) ON CONFLICT (email) DO NOTHING`,
  `INSERT INTO site_moderators (site_id, moderator_id, role) SELECT 'demo', id, 'owner' FROM moderators WHERE email = ${sqlLiteral(demoOwner.email)} ON CONFLICT DO NOTHING`,
];
const now = Date.now();
const judge = new MemorySite();
/** The seed key of each comment the in-memory site judged, by the id it had there. */
const keyOfMemoryId = new Map<number, string>();
const idOf = (key: string) => `(SELECT id FROM comments WHERE site_id = 'demo' AND idempotency_key = 'seed-${key}')`;
for (const [threadIndex, thread] of threads.entries()) {
  statements.push(
    `INSERT INTO threads (site_id, path, title, closed) VALUES ('demo', ${sqlLiteral(thread.path)}, ${sqlLiteral(thread.title)}, ${sqlLiteral(thread.closed)}) ON CONFLICT (site_id, path) DO NOTHING`,
  );
  const threadId = `(SELECT id FROM threads WHERE site_id = 'demo' AND path = ${sqlLiteral(thread.path)})`;
  for (const comment of thread.comments) {
    const createdAt = now - comment.minutesAgo * 60_000;
    const memoryId = keyOfMemoryId.size + 1;
    keyOfMemoryId.set(memoryId, comment.key);
    const decision = comment.staff
      ? null
      : await judge.decide(
          { body: comment.body, authorName: comment.author, authorWebsite: comment.website, pageTitle: thread.title },
          { id: memoryId, thread: threadIndex, createdAt },
        );
    const verdict = decision?.kind === "store" ? decision : null;
    const duplicateOf = verdict?.duplicate ? keyOfMemoryId.get(Number(verdict.duplicate.duplicateOf)) : undefined;
    const parent = comment.parent ? idOf(comment.parent) : "NULL";
    const root = comment.parent
      ? `(SELECT coalesce(root_id, id) FROM comments WHERE site_id = 'demo' AND idempotency_key = 'seed-${comment.parent}')`
      : "NULL";
    const depth = comment.parent
      ? `(SELECT depth + 1 FROM comments WHERE site_id = 'demo' AND idempotency_key = 'seed-${comment.parent}')`
      : "0";
    const values = [
      "'demo'",
      threadId,
      parent,
      root,
      depth,
      sqlLiteral(comment.author),
      sqlLiteral(comment.website ?? null),
      sqlLiteral(comment.body),
      sqlLiteral(renderMarkdown(comment.body)),
      sqlLiteral(verdict?.status ?? "published"),
      sqlLiteral(verdict?.status ?? null),
      sqlLiteral(verdict?.score ?? null),
      sqlLiteral(JSON.stringify(verdict?.reasons ?? [])),
      sqlLiteral(verdict && verdict.status !== "published" ? caughtByOf(verdict.reasons) : null),
      duplicateOf ? idOf(duplicateOf) : "NULL",
      sqlLiteral(duplicateOf ? (verdict?.duplicate?.kind ?? null) : null),
      sqlLiteral(duplicateOf ? (verdict?.duplicate?.similarity ?? null) : null),
      comment.staff ? ownerId : "NULL",
      `'seed-${comment.key}'`,
      String(createdAt),
    ];
    statements.push(
      `INSERT INTO comments (site_id, thread_id, parent_id, root_id, depth, author_name, author_website, body, body_html, status, auto_status, spam_score, reasons, caught_by, duplicate_of, duplicate_kind, duplicate_similarity, staff_moderator_id, idempotency_key, created_at) VALUES (${values.join(", ")}) ON CONFLICT (site_id, idempotency_key) DO NOTHING`,
    );
    for (const [index, reason] of (comment.reports ?? []).entries()) {
      statements.push(
        `INSERT INTO reports (site_id, comment_id, reader_hash, ip_hash, reason, weight) VALUES ('demo', ${idOf(comment.key)}, 'seed-reader-${index}', 'seed-network-${index}', ${sqlLiteral(reason)}, 1) ON CONFLICT DO NOTHING`,
      );
    }
  }
  statements.push(
    `UPDATE threads SET comment_count = (SELECT count(*) FROM comments WHERE thread_id = threads.id AND status = 'published') WHERE site_id = 'demo' AND path = ${sqlLiteral(thread.path)}`,
  );
}
// A webhook to `npm start`'s local receiver (scripts/lib/mailbox.ts), with an alert for each comment
// the console's queues show, as the Worker queues them when such a comment arrives.
const demoWebhookUrl = "http://127.0.0.1:8025/webhook";
statements.push(
  `INSERT INTO webhooks (site_id, url, format, events, secret, created_by)
    SELECT 'demo', ${sqlLiteral(demoWebhookUrl)}, 'json', '["held","spam","duplicate","reported"]', 'whsec_demo-local-only', id
    FROM moderators WHERE email = ${sqlLiteral(demoOwner.email)} AND NOT EXISTS (SELECT 1 FROM webhooks WHERE site_id = 'demo')`,
  `INSERT INTO outbox (site_id, kind, subject_key, recipient, subject, text_body, html_body, headers, next_attempt_at, webhook_id)
    SELECT 'demo', 'alert', event || ':' || comment_id, 'webhook:' || webhook.id, event, ${sqlLiteral(JSON.stringify({ origin: "http://localhost:8787" }))}, '', '{}', ${now}, webhook.id
    FROM (SELECT id AS comment_id, CASE WHEN duplicate_of IS NOT NULL THEN 'duplicate' WHEN status = 'spam' THEN 'spam' ELSE 'held' END AS event
            FROM comments WHERE site_id = 'demo' AND status IN ('pending', 'spam')
          UNION ALL SELECT DISTINCT comment_id, 'reported' FROM reports WHERE site_id = 'demo')
    JOIN webhooks AS webhook ON webhook.site_id = 'demo' AND webhook.url = ${sqlLiteral(demoWebhookUrl)}
    ON CONFLICT DO NOTHING`,
);
await runStatements(statements, { remote: false, persistTo: values["persist-to"] });
await closeD1();
console.log(`seeded site "demo" (origins ${origins.join(", ")}) with ${threads.length} threads`);
console.log(`console: /admin — ${demoOwner.email} / ${demoOwner.password} (local only)`);
