import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ErrorBody } from "../../../worker/api/schemas";
import { blogOrigin, call, createSite, postComment } from "../helpers";
import { createModerator, signIn } from "../moderators";

async function storedThread(site: string, path: string) {
  return env.DB.prepare("SELECT title, url FROM threads WHERE site_id = ? AND path = ?")
    .bind(site, path)
    .first<{ title: string | null; url: string | null }>();
}

describe("a thread's address comes from the site", () => {
  it("ignores a first comment's pageUrl on another origin and records the page on the site's origin", async () => {
    await createSite("poisoned");
    const response = await postComment("poisoned", {
      page: "/post/upcoming",
      pageUrl: "https://attacker.example/phish?from=chorus",
    });
    expect(response.status).toBe(201);
    expect((await storedThread("poisoned", "/post/upcoming"))?.url).toBe(`${blogOrigin}/post/upcoming`);
    const feed = await (await call("/api/sites/poisoned/feed.atom?page=/post/upcoming")).text();
    expect(feed).not.toContain("attacker.example");
  });

  it("keeps a pageUrl on one of the site's origins, without its hash or parameters that name no page", async () => {
    await createSite("honest");
    await postComment("honest", { page: "/post/a", pageUrl: `${blogOrigin}/post/a/?utm=x#comments` });
    expect((await storedThread("honest", "/post/a"))?.url).toBe(`${blogOrigin}/post/a/`);
    await postComment("honest", { page: "/?p=4&utm=x", pageUrl: `${blogOrigin}/?utm=x&p=4` });
    expect((await storedThread("honest", "/?p=4"))?.url).toBe(`${blogOrigin}/?p=4`);
  });

  it("lets a moderator correct the title and address, on the site's origins only", async () => {
    await createSite("corrected");
    await createModerator("mod@corrected.example", { corrected: "moderator" });
    await postComment("corrected", { page: "/post/b", pageTitle: "Buy cheap pills here" });
    const console_ = await signIn("mod@corrected.example");
    const wrongOrigin = await console_.request("/api/admin/sites/corrected/threads", {
      body: { page: "/post/b", url: "https://elsewhere.example/post/b" },
    });
    expect(wrongOrigin.status).toBe(400);
    expect(((await wrongOrigin.json()) as ErrorBody).error.fields?.[0]?.field).toBe("url");
    const empty = await console_.request("/api/admin/sites/corrected/threads", { body: { page: "/post/b" } });
    expect(empty.status).toBe(400);
    const fixed = await console_.request("/api/admin/sites/corrected/threads", {
      body: { page: "/post/b", title: "How we test", url: `${blogOrigin}/2026/how-we-test` },
    });
    expect(fixed.status).toBe(200);
    expect(await fixed.json()).toEqual({
      page: "/post/b",
      closed: false,
      title: "How we test",
      url: `${blogOrigin}/2026/how-we-test`,
      fediverse: null,
    });
    expect(await storedThread("corrected", "/post/b")).toEqual({
      title: "How we test",
      url: `${blogOrigin}/2026/how-we-test`,
    });
  });
});
