import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { CommentList } from "../../../worker/api/admin-schemas";
import type { ErrorBody, PostedComment, ThreadPage } from "../../../worker/api/schemas";
import { call, createSite, getThread, newReader, postComment } from "../helpers";
import { createModerator, signIn } from "../moderators";

async function post(site: string, body: string) {
  const response = await postComment(site, { body });
  expect(response.status).toBe(201);
  return ((await response.json()) as PostedComment).comment;
}

function report(site: string, id: number, reason: string, headers: Record<string, string>) {
  return call(`/api/sites/${site}/comments/${id}/report`, { body: { reason }, headers });
}

async function publicBodies(site: string) {
  const response = await getThread(site, "/post/hello");
  return ((await response.json()) as ThreadPage).comments.map((comment) => comment.bodyHtml);
}

async function reportedQueue(site: string) {
  await createModerator(`mod@${site}.example`, { [site]: "moderator" });
  const console_ = await signIn(`mod@${site}.example`);
  const list = async () =>
    (await (await console_.request(`/api/admin/sites/${site}/comments?queue=reported`)).json()) as CommentList;
  return { console_, list };
}

describe("POST /api/sites/:site/comments/:id/report", () => {
  it("holds a comment once its reports weigh the site's threshold, counting one report per reader", async () => {
    await createSite("reports");
    await env.DB.prepare("UPDATE sites SET report_threshold = 2 WHERE id = 'reports'").run();
    const rude = await post("reports", "A rude comment");
    const ada = newReader();
    expect((await report("reports", rude.id, "abuse", ada)).status).toBe(201);
    expect(await (await report("reports", rude.id, "spam", ada)).json()).toEqual({ received: true });
    expect(await publicBodies("reports")).toEqual(["<p>A rude comment</p>"]);

    expect((await report("reports", rude.id, "abuse", newReader())).status).toBe(201);
    expect(await publicBodies("reports")).toEqual([]);
    const thread = (await (await getThread("reports", "/post/hello")).json()) as ThreadPage;
    expect(thread.thread.commentCount).toBe(0);

    const { list } = await reportedQueue("reports");
    const queue = await list();
    expect(queue.queueSizes.reported).toBe(1);
    expect(queue.comments.map((comment) => [comment.id, comment.status, comment.reports])).toEqual([
      [rude.id, "pending", { weight: 2, reasons: { abuse: 2 } }],
    ]);
    expect(queue.comments[0]?.reasons.map((reason) => reason.check)).toContain("reports.threshold");
  });

  it("weighs less the reports of a reader whose reports moderators overruled, and an approval clears the queue", async () => {
    await createSite("overruled");
    const fine = await post("overruled", "A perfectly fine comment");
    const other = await post("overruled", "Another fine comment");
    const grudge = newReader();
    expect((await report("overruled", fine.id, "spam", grudge)).status).toBe(201);
    const { console_, list } = await reportedQueue("overruled");
    expect((await list()).comments.map((comment) => comment.id)).toEqual([fine.id]);
    const approved = await console_.request("/api/admin/sites/overruled/comments/actions", {
      body: { action: "approve", ids: [fine.id] },
    });
    expect(approved.status).toBe(200);
    expect((await list()).comments).toEqual([]);

    expect((await report("overruled", other.id, "spam", grudge)).status).toBe(201);
    expect((await list()).comments[0]?.reports).toEqual({ weight: 0.5, reasons: { spam: 1 } });
    const resolutions = await env.DB.prepare(
      "SELECT resolution FROM reports WHERE site_id = 'overruled' ORDER BY id",
    ).all<{ resolution: string | null }>();
    expect(resolutions.results.map((row) => row.resolution)).toEqual(["overruled", null]);
  });

  it("needs a reader key, a known reason and a published comment, and takes 20 reports an hour from one network", async () => {
    await createSite("report-gates");
    const comment = await post("report-gates", "Something to report");
    const noKey = await call(`/api/sites/report-gates/comments/${comment.id}/report`, { body: { reason: "spam" } });
    expect(noKey.status).toBe(400);
    expect(((await noKey.json()) as ErrorBody).error.fields?.[0]?.field).toBe("header:X-Chorus-Reader");
    const badReason = await report("report-gates", comment.id, "boring", newReader());
    expect(badReason.status).toBe(400);
    expect(((await badReason.json()) as ErrorBody).error.fields?.[0]?.field).toBe("reason");
    expect((await report("report-gates", 999_999, "spam", newReader())).status).toBe(404);

    await env.DB.prepare("UPDATE sites SET report_threshold = 100 WHERE id = 'report-gates'").run();
    const statuses = [];
    for (let index = 0; index < 21; index++) {
      statuses.push((await report("report-gates", comment.id, "other", newReader("192.0.2.99"))).status);
    }
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    expect(statuses.at(-1)).toBe(429);
  });
});
