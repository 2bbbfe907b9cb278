/**
 * Seeds the local database with the demo site, a few conversations and a local owner for the
 * console, so `npm start` shows a living blog. Safe to run again: nothing is duplicated.
 *
 *   npm run db:seed [-- --origin http://localhost:8787 ...] [--persist-to DIR]
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { hashPassword } from "../worker/auth/password";
import { renderMarkdown } from "../worker/render/markdown";
import { closeD1, runStatements, sqlLiteral } from "./lib/d1";

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
        key: "hello-5",
        author: "Jonas",
        body: "<script>alert('hi')</script> ← raw HTML shows as text, as it should.",
        minutesAgo: 600,
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
    ],
  },
];

const statements = [
  `INSERT INTO sites (id, name, allowed_origins, moderation_mode) VALUES ('demo', 'The Slow Kettle (demo)', ${sqlLiteral(JSON.stringify(origins))}, 'publish') ON CONFLICT (id) DO UPDATE SET allowed_origins = excluded.allowed_origins`,
];
const now = Date.now();
for (const thread of threads) {
  statements.push(
    `INSERT INTO threads (site_id, path, title, closed) VALUES ('demo', ${sqlLiteral(thread.path)}, ${sqlLiteral(thread.title)}, ${sqlLiteral(thread.closed)}) ON CONFLICT (site_id, path) DO NOTHING`,
  );
  const threadId = `(SELECT id FROM threads WHERE site_id = 'demo' AND path = ${sqlLiteral(thread.path)})`;
  for (const comment of thread.comments) {
    const idOf = (key: string) =>
      `(SELECT id FROM comments WHERE site_id = 'demo' AND idempotency_key = 'seed-${key}')`;
    const parent = comment.parent ? idOf(comment.parent) : "NULL";
    const root = comment.parent
      ? `(SELECT coalesce(root_id, id) FROM comments WHERE site_id = 'demo' AND idempotency_key = 'seed-${comment.parent}')`
      : "NULL";
    const depth = comment.parent
      ? `(SELECT depth + 1 FROM comments WHERE site_id = 'demo' AND idempotency_key = 'seed-${comment.parent}')`
      : "0";
    statements.push(
      `INSERT INTO comments (site_id, thread_id, parent_id, root_id, depth, author_name, author_website, body, body_html, status, idempotency_key, created_at) VALUES ('demo', ${threadId}, ${parent}, ${root}, ${depth}, ${sqlLiteral(comment.author)}, ${sqlLiteral(comment.website ?? null)}, ${sqlLiteral(comment.body)}, ${sqlLiteral(renderMarkdown(comment.body))}, 'published', 'seed-${comment.key}', ${now - comment.minutesAgo * 60_000}) ON CONFLICT (site_id, idempotency_key) DO NOTHING`,
    );
  }
  statements.push(
    `UPDATE threads SET comment_count = (SELECT count(*) FROM comments WHERE thread_id = threads.id AND status = 'published') WHERE site_id = 'demo' AND path = ${sqlLiteral(thread.path)}`,
  );
}
const demoOwner = { email: "owner@demo.test", password: "chorus-demo-password" };
statements.push(
  `INSERT INTO moderators (email, display_name, password_hash) VALUES (${sqlLiteral(demoOwner.email)}, 'Demo owner', ${sqlLiteral(await hashPassword(demoOwner.password))}) ON CONFLICT (email) DO NOTHING`,
  `INSERT INTO site_moderators (site_id, moderator_id, role) SELECT 'demo', id, 'owner' FROM moderators WHERE email = ${sqlLiteral(demoOwner.email)} ON CONFLICT DO NOTHING`,
);
await runStatements(statements, { remote: false, persistTo: values["persist-to"] });
await closeD1();
console.log(`seeded site "demo" (origins ${origins.join(", ")}) with ${threads.length} threads`);
console.log(`console: /admin — ${demoOwner.email} / ${demoOwner.password} (local only)`);
