import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { grantStatements } from "../../../../scripts/lib/moderator-sql";
import type { ErrorBody } from "../../../../worker/api/schemas";
import { hashPassword } from "../../../../worker/auth/password";
import { call, createSite } from "../../helpers";
import { createModerator, password, signIn } from "../../moderators";

const console_ = "https://chorus.example";

/** A sign-in from the console page at `address`. */
function signInFrom(address: string, email: string, secret: string) {
  return call("/api/admin/session", {
    body: { email, password: secret },
    origin: console_,
    headers: { "CF-Connecting-IP": address },
  });
}

describe("POST /api/admin/session (sign in)", () => {
  it("signs a moderator in with an HttpOnly, Secure, SameSite=Strict __Host- cookie", async () => {
    await createSite("signin");
    await createModerator("owner@signin.example", { signin: "owner" });
    const response = await call("/api/admin/session", {
      body: { email: "Owner@Signin.example", password },
      origin: console_,
    });
    expect(response.status).toBe(201);
    const cookie = response.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/^__Host-chorus_session=[\w-]{40,};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("SameSite=Strict");
    const body = await response.json();
    expect(body).toMatchObject({
      moderator: { email: "owner@signin.example" },
      sites: [{ id: "signin", role: "owner" }],
    });
    const stored = await env.DB.prepare("SELECT token_hash FROM sessions").all<{ token_hash: string }>();
    const token = cookie.split(";")[0]?.split("=")[1] ?? "";
    expect(stored.results.map((row) => row.token_hash)).not.toContain(token);
  });

  it("refuses a wrong password with 401 and, after 10 attempts, locks out the address but not the moderator", async () => {
    await createSite("lockout");
    await createModerator("mod@lockout.example", { lockout: "moderator" });
    for (let attempt = 0; attempt < 10; attempt++) {
      const wrong = await signInFrom("203.0.113.7", "mod@lockout.example", "wrong password");
      expect(wrong.status).toBe(401);
    }
    const sameAddress = await signInFrom("203.0.113.7", "someone-else@lockout.example", password);
    expect(sameAddress.status).toBe(429);
    expect(((await sameAddress.json()) as ErrorBody).error.code).toBe("too_many_attempts");
    const moderatorElsewhere = await signInFrom("198.51.100.1", "mod@lockout.example", password);
    expect(moderatorElsewhere.status).toBe(201);
  });

  it("judges at most 10 of 40 parallel wrong passwords from one address", async () => {
    await createSite("lockout-race");
    await createModerator("mod@race.example", { "lockout-race": "moderator" });
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => signInFrom("203.0.113.40", "mod@race.example", "a wrong guess")),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30);
  });

  it("locks an email after 50 attempts from many addresses together", async () => {
    await createSite("lockout-spread");
    await createModerator("mod@spread.example", { "lockout-spread": "moderator" });
    for (let attempt = 0; attempt < 50; attempt++) {
      const wrong = await signInFrom(`192.0.2.${attempt}`, "mod@spread.example", "wrong password");
      expect(wrong.status).toBe(401);
    }
    const right = await signInFrom("198.51.100.50", "mod@spread.example", password);
    expect(right.status).toBe(429);
  });

  it("answers an unknown email exactly like a wrong password", async () => {
    const response = await call("/api/admin/session", {
      body: { email: "nobody@example.com", password: "whatever it is" },
      origin: console_,
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).error.code).toBe("invalid_credentials");
  });

  it("validates the body and refuses other origins", async () => {
    const invalid = await call("/api/admin/session", { body: { email: "nope" }, origin: console_ });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as ErrorBody).error.fields?.map((field) => field.field).sort()).toEqual([
      "email",
      "password",
    ]);
    const foreign = await call("/api/admin/session", {
      body: { email: "a@b.example", password: "x" },
      origin: "https://evil.example",
    });
    expect(foreign.status).toBe(403);
  });
});

describe("GET and DELETE /api/admin/session", () => {
  it("knows the signed-in moderator, requires CSRF to sign out, and signs out everywhere", async () => {
    await createSite("sessions");
    await createModerator("owner@sessions.example", { sessions: "owner" });
    const first = await signIn("owner@sessions.example");
    const second = await signIn("owner@sessions.example");
    expect((await first.request("/api/admin/session")).status).toBe(200);
    expect((await first.request("/api/admin/session", { method: "DELETE", csrf: null })).status).toBe(403);
    expect((await first.request("/api/admin/session", { method: "DELETE", csrf: "forged" })).status).toBe(403);
    expect((await first.request("/api/admin/sessions", { method: "DELETE" })).status).toBe(204);
    expect((await first.request("/api/admin/session")).status).toBe(401);
    expect((await second.request("/api/admin/session")).status).toBe(401);
  });

  it("answers 401 without a session", async () => {
    const response = await call("/api/admin/session", { origin: console_ });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).error.code).toBe("not_signed_in");
  });
});

describe("sessions end", () => {
  it("after 12 idle hours, and stay alive while used", async () => {
    await createSite("idle");
    await createModerator("owner@idle.example", { idle: "owner" });
    const used = await signIn("owner@idle.example");
    const idle = await signIn("owner@idle.example");
    const hoursAgo = (hours: number) => Date.now() - hours * 3_600_000;
    await env.DB.prepare("UPDATE sessions SET last_seen_at = ?").bind(hoursAgo(11)).run();
    expect((await used.request("/api/admin/session")).status).toBe(200);
    await env.DB.prepare(
      "UPDATE sessions SET last_seen_at = ? WHERE moderator_id = (SELECT id FROM moderators WHERE email = 'owner@idle.example') AND last_seen_at < ?",
    )
      .bind(hoursAgo(13), hoursAgo(1))
      .run();
    expect((await used.request("/api/admin/session")).status).toBe(200);
    expect((await idle.request("/api/admin/session")).status).toBe(401);
  });

  it("when the moderator CLI sets a new password", async () => {
    await createSite("new-password");
    await createModerator("owner@new-password.example", { "new-password": "owner" });
    const console_ = await signIn("owner@new-password.example");
    expect((await console_.request("/api/admin/session")).status).toBe(200);
    const statements = grantStatements({
      email: "owner@new-password.example",
      name: "Owner",
      passwordHash: await hashPassword("a brand new password"),
      siteId: "new-password",
      role: "owner",
    });
    await env.DB.batch(statements.map((statement) => env.DB.prepare(statement)));
    expect((await console_.request("/api/admin/session")).status).toBe(401);
  });
});
