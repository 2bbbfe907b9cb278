import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ErrorBody, PostedComment } from "../../../worker/api/schemas";
import { call, createSite, postComment } from "../helpers";
import { createModerator, signIn } from "../moderators";

describe("the smaller attacks", () => {
  it("answers 500 misconfigured naming a missing secret, and never runs with a default", async () => {
    await createSite("secrets");
    for (const name of ["IP_HASH_SALT", "FORM_TOKEN_SECRET"] as const) {
      const response = await call("/api/sites/secrets/form?page=/post/hello", { bindings: { [name]: undefined } });
      expect(response.status).toBe(500);
      const body = (await response.json()) as ErrorBody;
      expect(body.error.code).toBe("misconfigured");
      expect(body.error.message).toContain(name);
    }
  });

  it("counts a whole IPv6 /64 as one client for posting limits", async () => {
    await createSite("ipv6");
    const statuses: number[] = [];
    for (let host = 1; host <= 6; host++) {
      const address = host % 2 ? `2001:db8:1:2::${host.toString(16)}` : `2001:0db8:0001:0002:0:0:0:${host}`;
      const response = await postComment("ipv6", { body: `Comment number ${host}` }, { "CF-Connecting-IP": address });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    const elsewhere = await postComment("ipv6", { body: "Another network" }, { "CF-Connecting-IP": "2001:db8:1:3::1" });
    expect(elsewhere.status).toBe(201);
  });

  it("rate-limits previews", async () => {
    await createSite("previews");
    const statuses: number[] = [];
    for (let index = 0; index < 31; index++) {
      const response = await call("/api/sites/previews/preview", {
        body: { body: `draft ${index}` },
        headers: { "CF-Connecting-IP": "203.0.113.99" },
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it("refuses javascript: and data: origins in settings, naming the field", async () => {
    await createSite("bad-origins");
    await createModerator("owner@bad-origins.example", { "bad-origins": "owner" });
    const console_ = await signIn("owner@bad-origins.example");
    const settings = await (await console_.request("/api/admin/sites/bad-origins/settings")).json();
    for (const origin of ["javascript:alert(1)", "data:text/html,hi"]) {
      const response = await console_.request("/api/admin/sites/bad-origins/settings", {
        method: "PUT",
        body: { ...(settings as object), allowedOrigins: [origin] },
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error.fields?.[0]?.field).toMatch(/^allowedOrigins/);
    }
    const stored = await env.DB.prepare(
      "SELECT allowed_origins AS origins FROM sites WHERE id = 'bad-origins'",
    ).first();
    expect(stored?.origins).toBe('["https://blog.example"]');
  });

  it("never answers a repeat with a held comment's text for another reader", async () => {
    await createSite("repeat-leak", { moderationMode: "hold_all" });
    const fields = {
      authorName: "Ada",
      authorEmail: "ada@example.com",
      body: "My private draft of a complaint about the delivery service, which lost my parcel twice this month and never answered a single email about it.",
    };
    const first = await postComment("repeat-leak", fields, { "X-Chorus-Reader": "ada-own-reader-key-001" });
    expect(((await first.json()) as PostedComment).comment.status).toBe("pending");
    const prying = await postComment("repeat-leak", fields, { "X-Chorus-Reader": "someone-else-reader-02" });
    expect(prying.status).toBe(409);
    expect(await prying.text()).not.toContain("complaint");
    const again = await postComment("repeat-leak", fields, { "X-Chorus-Reader": "ada-own-reader-key-001" });
    expect(again.status).toBe(200);
    expect(((await again.json()) as PostedComment).alreadyReceived).toBe(true);
  });

  it("shows no Server-Timing on a reader's write, which would tell whose replies are emailed", async () => {
    await createSite("timing");
    const response = await postComment("timing", { body: "A plain comment" });
    expect(response.status).toBe(201);
    expect(response.headers.get("Server-Timing")).toBeNull();
    expect((await call("/api/sites/timing/thread?page=/post/hello")).headers.get("Server-Timing")).toContain(
      "round trips",
    );
  });
});
