import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { PostedComment, ThreadPage } from "../../../worker/api/schemas";
import { forbiddenWebsites, hostileBodies, hostileNames, hostileWebsites } from "../../fixtures/hostile/payloads";
import { createSite, getThread, postComment } from "../helpers";

const allowedTag =
  /^<\/?(p|br|em|strong|code|pre|blockquote|ul|ol|li)>$|^<a href="(https?:|mailto:)[^"<>]*" rel="nofollow ugc noopener" target="_blank">$|^<\/a>$/;

describe("hostile text through every stored field", () => {
  it(`stores ${hostileBodies.length} hostile bodies and names as text, and serves only safe markup`, async () => {
    await createSite("hostile");
    let index = 0;
    for (const body of hostileBodies) {
      const response = await postComment("hostile", {
        body,
        authorName: hostileNames[index % hostileNames.length],
        authorWebsite: hostileWebsites[index % hostileWebsites.length],
        pageTitle: hostileNames[(index + 7) % hostileNames.length],
        page: `/hostile/${index % 10}`,
      });
      index++;
      expect(response.status, body).toBeLessThan(500);
      if (response.status !== 201) continue;
      const { comment } = (await response.json()) as PostedComment;
      for (const tag of comment.bodyHtml.match(/<[^>]*>?/g) ?? []) expect(tag, body).toMatch(allowedTag);
    }
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE site_id = 'hostile'").first<number>(
      "n",
    );
    expect(stored).toBeGreaterThan(hostileBodies.length * 0.9);
    const page = (await (await getThread("hostile", "/hostile/3")).json()) as ThreadPage;
    expect(page.thread.title).not.toBeNull();
    for (const comment of page.comments)
      expect(comment.authorWebsite ?? "https://").toMatch(/^https:\/\/ok\.example\//);
  }, 60_000);

  it("refuses websites that are not http(s) with 400, storing nothing", async () => {
    await createSite("hostile-websites");
    for (const authorWebsite of forbiddenWebsites) {
      expect((await postComment("hostile-websites", { authorWebsite })).status).toBe(400);
    }
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE site_id = 'hostile-websites'").first("n"),
    ).toBe(0);
  });

  it("never serves a non-http website even if one is in the database (say, from an import)", async () => {
    await createSite("hostile-import");
    const { comment } = (await (await postComment("hostile-import", {})).json()) as PostedComment;
    await env.DB.prepare("UPDATE comments SET author_website = 'javascript:alert(1)' WHERE id = ?")
      .bind(comment.id)
      .run();
    const page = (await (await getThread("hostile-import", "/post/hello")).json()) as ThreadPage;
    expect(page.comments[0]?.authorWebsite).toBeNull();
  });
});
