import { describe, expect, it } from "vitest";
import type { ErrorBody } from "../../../worker/api/schemas";
import { createApp } from "../../../worker/app";
import { call } from "../helpers";

/** Every route under a site, readers' and the console's, as the app declares them. */
const siteRoutes = createApp()
  .routes.filter((route) => /^\/api\/(admin\/)?sites\/:site\//.test(route.path) && route.method !== "ALL")
  .map((route) => ({ method: route.method, path: route.path }));

describe("the site middleware", () => {
  it("walks every route under a site (the app declares them)", () => {
    expect(siteRoutes.length).toBeGreaterThan(25);
  });

  it("answers 400 naming `site` for an id that cannot be one, on every route, before anything else", async () => {
    for (const route of siteRoutes) {
      const path = route.path.replace(":site", "Not_A_Site!").replace(/:[a-z]+/gi, "1");
      const response = await call(path, {
        method: route.method,
        body: route.method === "GET" || route.method === "OPTIONS" ? undefined : {},
      });
      expect(response.status, `${route.method} ${route.path}`).toBe(400);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.fields, `${route.method} ${route.path}`).toEqual([
        { field: "site", message: "site must be 1-63 lowercase letters, digits or dashes" },
      ]);
    }
  });
});
