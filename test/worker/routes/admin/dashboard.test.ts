import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Dashboard } from "../../../../worker/api/admin-schemas";
import type { PostedComment } from "../../../../worker/api/schemas";
import { createSite, postComment } from "../../helpers";
import { createModerator, signIn } from "../../moderators";

async function post(site: string, fields: Record<string, unknown>) {
  const response = await postComment(site, fields);
  expect(response.status).toBe(201);
  return ((await response.json()) as PostedComment).comment.id;
}

describe("GET /api/admin/sites/:site/dashboard", () => {
  it("counts the last 30 days by verdict, the layers that caught, what waits, and moderators against the filter", async () => {
    await createSite("dash");
    await createModerator("mod@dash.example", { dash: "moderator" });
    const fine = await post("dash", { body: "A thoughtful note about kettles", page: "/post/busy" });
    await post("dash", { body: "Another reader agrees about kettles", page: "/post/busy" });
    await post("dash", { body: "A quiet page", page: "/post/quiet" });
    const spam = await post("dash", {
      body: "Buy cheap viagra now at https://pills.example and https://pills.example/more and https://pills.example/best",
      authorName: "Cheap Pills",
      page: "/post/busy",
    });
    await env.DB.prepare("UPDATE comments SET created_at = created_at - 40 * 86400000 WHERE id = ?").bind(fine).run();
    const console_ = await signIn("mod@dash.example");
    const approved = await console_.request("/api/admin/sites/dash/comments/actions", {
      body: { action: "approve", ids: [spam] },
    });
    expect(approved.status).toBe(200);

    const response = await console_.request("/api/admin/sites/dash/dashboard");
    expect(response.status).toBe(200);
    const dashboard = (await response.json()) as Dashboard;
    expect(dashboard.days).toHaveLength(30);
    const today = dashboard.days.at(-1);
    expect(today).toMatchObject({ day: new Date().toISOString().slice(0, 10), published: 3, held: 0, spam: 0 });
    expect(dashboard.days.reduce((sum, day) => sum + day.published, 0)).toBe(3);
    expect(dashboard.layers.map((layer) => layer.layer)).toContain("rules");
    expect(dashboard.waiting).toEqual({ held: 0, oldestHours: null, medianHours: null });
    expect(dashboard.verdicts).toEqual({ caught: 0, overruledCaught: 1, missed: 0, confirmed: 0 });
    expect(dashboard.busiest).toEqual([
      { page: "/post/busy", title: null, comments: 2 },
      { page: "/post/quiet", title: null, comments: 1 },
    ]);

    const other = await console_.request("/api/admin/sites/other-site/dashboard");
    expect(other.status).toBe(404);
  });
});
