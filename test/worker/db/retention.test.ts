import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { PostedComment } from "../../../worker/api/schemas";
import { retention } from "../../../worker/db/retention";
import worker from "../../../worker/index";
import { createSite, postComment } from "../helpers";

const day = 24 * 60 * 60 * 1000;

async function post(site: string, fields: Record<string, unknown>) {
  return ((await (await postComment(site, fields)).json()) as PostedComment).comment.id;
}

describe("the daily retention cron", () => {
  it("drops old IP hashes, purges comments deleted over 30 days ago (keeping placeholders for replies) and expired rows", async () => {
    await createSite("retention");
    const old = await post("retention", { body: "old comment", authorEmail: "old@example.com" });
    const fresh = await post("retention", { body: "fresh comment" });
    const deletedLeaf = await post("retention", { body: "deleted long ago" });
    const deletedParent = await post("retention", { body: "deleted parent", authorEmail: "parent@example.com" });
    await post("retention", { body: "a reply that stays", parentId: deletedParent });
    const longAgo = Date.now() - retention.ipHashMs - day;
    await env.DB.prepare("UPDATE comments SET created_at = ? WHERE id = ?").bind(longAgo, old).run();
    await env.DB.prepare("UPDATE comments SET status = 'deleted', deleted_at = ? WHERE id IN (?, ?)")
      .bind(Date.now() - retention.deletedMs - day, deletedLeaf, deletedParent)
      .run();
    await env.DB.prepare("INSERT INTO used_form_tokens (token_id, expires_at) VALUES ('expired-token', ?)")
      .bind(Date.now() - day)
      .run();
    await env.DB.prepare(
      `INSERT INTO reports (site_id, comment_id, reader_hash, ip_hash, reason, weight, created_at)
       VALUES ('retention', ?, 'old-reporter', 'old-network', 'spam', 1, ?), ('retention', ?, 'new-reporter', 'new-network', 'spam', 1, ?)`,
    )
      .bind(fresh, Date.now() - retention.countersMs - 1000, fresh, Date.now())
      .run();

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "17 3 * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);

    const ipOf = (id: number) => env.DB.prepare("SELECT ip_hash FROM comments WHERE id = ?").bind(id).first("ip_hash");
    expect(await ipOf(old)).toBeNull();
    expect(await ipOf(fresh)).toMatch(/^[0-9a-f]{64}$/);
    expect(await env.DB.prepare("SELECT id FROM comments WHERE id = ?").bind(deletedLeaf).first()).toBeNull();
    expect(
      await env.DB.prepare("SELECT body, author_email FROM comments WHERE id = ?").bind(deletedParent).first(),
    ).toEqual({
      body: "",
      author_email: null,
    });
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM used_form_tokens WHERE token_id = 'expired-token'").first("n"),
    ).toBe(0);
    const reportNetworks = await env.DB.prepare(
      "SELECT reader_hash AS reader, ip_hash AS network FROM reports WHERE site_id = 'retention' ORDER BY id",
    ).all();
    expect(reportNetworks.results).toEqual([
      { reader: "old-reporter", network: "" },
      { reader: "new-reporter", network: "new-network" },
    ]);
  });
});
