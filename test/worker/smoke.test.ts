import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
it("has D1", async () => {
  const r = await env.DB.prepare("select count(*) as n from sites").first();
  expect(r).toEqual({ n: 0 });
});
