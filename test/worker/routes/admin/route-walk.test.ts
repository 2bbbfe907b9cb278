import { describe, expect, it } from "vitest";
import { createApp } from "../../../../worker/app";
import { call, createSite } from "../../helpers";
import { createModerator, signIn } from "../../moderators";

/** Every console route under a site, as the app declares it: a new route is walked without being listed. */
const siteRoutes = createApp()
  .routes.filter((route) => route.path.startsWith("/api/admin/sites/:site/") && route.method !== "ALL")
  .map((route) => ({ method: route.method, path: route.path }));

const concrete = (path: string, site: string) => path.replace(":site", site).replace(/:[a-z]+/gi, "1");
const changes = (method: string) => method !== "GET" && method !== "HEAD";

describe("every /api/admin/sites/:site route", () => {
  it("is walked (the app declares console routes)", () => {
    expect(siteRoutes.length).toBeGreaterThan(15);
  });

  it("needs a session", async () => {
    await createSite("walk-open");
    for (const route of siteRoutes) {
      const response = await call(concrete(route.path, "walk-open"), {
        method: route.method,
        body: changes(route.method) ? {} : undefined,
        origin: "https://chorus.example",
      });
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it("needs the CSRF token for every change", async () => {
    await createSite("walk-csrf");
    await createModerator("owner@walk-csrf.example", { "walk-csrf": "owner" });
    const console_ = await signIn("owner@walk-csrf.example");
    for (const route of siteRoutes.filter((candidate) => changes(candidate.method))) {
      const response = await console_.request(concrete(route.path, "walk-csrf"), {
        method: route.method,
        body: {},
        csrf: null,
      });
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
    }
  });

  it("answers 404 for a site the moderator does not moderate", async () => {
    await createSite("walk-mine");
    await createSite("walk-theirs");
    await createModerator("owner@walk-mine.example", { "walk-mine": "owner" });
    const console_ = await signIn("owner@walk-mine.example");
    for (const route of siteRoutes) {
      const response = await console_.request(concrete(route.path, "walk-theirs"), {
        method: route.method,
        body: changes(route.method) ? {} : undefined,
      });
      expect(response.status, `${route.method} ${route.path}`).toBe(404);
    }
  });
});
