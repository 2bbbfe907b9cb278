import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { PostedComment, SignedInReader, ThreadPage } from "../../../worker/api/schemas";
import { call, createSite, newReader, postComment } from "../helpers";
import { createModerator, signIn } from "../moderators";

/** A token as a site's own server signs one for its logged-in user. */
function siteToken(
  secret: string,
  claims: Record<string, unknown>,
  options: { audience?: string; expiresIn?: string; issuedAt?: number } = {},
): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setExpirationTime(options.expiresIn ?? "10m");
  if (options.issuedAt === undefined) jwt.setIssuedAt();
  else jwt.setIssuedAt(options.issuedAt);
  if (options.audience !== null) jwt.setAudience(options.audience ?? "");
  return jwt.sign(new TextEncoder().encode(secret));
}

async function ssoSecret(site: string, owner: string): Promise<string> {
  const console_ = await signIn(owner);
  const made = await console_.request(`/api/admin/sites/${site}/sso-secret`, { method: "POST" });
  expect(made.status).toBe(201);
  return ((await made.json()) as { secret: string }).secret;
}

function ssoSignIn(site: string, token: string) {
  return call(`/api/sites/${site}/sso`, { body: { token } });
}

async function stored(table: "identities" | "reader_sessions"): Promise<number> {
  return (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? 0;
}

describe("site SSO: readers signed in by the site's own accounts", () => {
  it("signs a reader in with the site's token, posts under their name, and shows its staff as staff", async () => {
    await createSite("brand", { moderationMode: "hold_all" });
    await createModerator("owner@brand.example", { brand: "owner" });
    await createModerator("mod@brand.example", { brand: "moderator" });
    const moderator = await signIn("mod@brand.example");
    expect((await moderator.request("/api/admin/sites/brand/sso-secret", { method: "POST" })).status).toBe(403);
    const secret = await ssoSecret("brand", "owner@brand.example");
    expect(secret).toMatch(/^ssosec_/);

    const token = await siteToken(
      secret,
      { sub: "u-42", name: "Priya from Brand", email: "Priya@Brand.example", role: "staff" },
      { audience: "brand" },
    );
    const signedIn = await ssoSignIn("brand", token);
    expect(signedIn.status).toBe(201);
    const reader = (await signedIn.json()) as SignedInReader;
    expect(reader.reader).toEqual({ name: "Priya from Brand", role: "staff", provider: "sso" });
    expect(reader.session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(reader)).not.toContain("priya@brand.example");

    const posted = await postComment(
      "brand",
      { body: "Thanks for the question, we'll ship it next month.", authorName: "Someone Else" },
      { ...newReader(), "X-Chorus-Session": reader.session },
    );
    expect(posted.status).toBe(201);
    const { comment } = (await posted.json()) as PostedComment;
    expect(comment).toMatchObject({ authorName: "Priya from Brand", status: "published" });
    const row = await env.DB.prepare("SELECT author_email, author_proven, identity_id FROM comments WHERE id = ?")
      .bind(comment.id)
      .first<{ author_email: string; author_proven: number; identity_id: number }>();
    expect(row).toMatchObject({ author_email: "priya@brand.example", author_proven: 1 });
    expect(row?.identity_id).toBeGreaterThan(0);
    const thread = (await (await call("/api/sites/brand/thread?page=/post/hello")).json()) as ThreadPage;
    expect(thread.comments.map((shown) => [shown.authorName, shown.badge])).toEqual([["Priya from Brand", "Staff"]]);

    const readerToken = await siteToken(secret, { id: 7, name: "Reader Rae" }, { audience: "brand" });
    const rae = (await (await ssoSignIn("brand", readerToken)).json()) as SignedInReader;
    const held = await postComment(
      "brand",
      { body: "A reader's question" },
      { ...newReader(), "X-Chorus-Session": rae.session },
    );
    expect(((await held.json()) as PostedComment).comment).toMatchObject({
      authorName: "Reader Rae",
      status: "pending",
    });
  });

  it("refuses a forged, expired, old, other-site or nameless token, and a site without SSO, storing nothing", async () => {
    await createSite("guarded");
    await createSite("elsewhere");
    await createModerator("owner@guarded.example", { guarded: "owner", elsewhere: "owner" });
    const secret = await ssoSecret("guarded", "owner@guarded.example");
    const before = { identities: await stored("identities"), sessions: await stored("reader_sessions") };
    const user = { sub: "u-1", name: "Mallory" };
    const cases: [string, Promise<string>, RegExp][] = [
      [
        "forged",
        siteToken("ssosec_not-the-site-secret-at-all-000000000", user, { audience: "guarded" }),
        /not signed with this site's SSO secret/,
      ],
      ["expired", siteToken(secret, user, { audience: "guarded", expiresIn: "-1m" }), /expired/],
      [
        "issued two hours ago",
        siteToken(secret, user, {
          audience: "guarded",
          issuedAt: Math.floor(Date.now() / 1000) - 7200,
          expiresIn: "10h",
        }),
        /expired/,
      ],
      ["for another site", siteToken(secret, user, { audience: "elsewhere" }), /aud/],
      ["nameless", siteToken(secret, { sub: "u-1" }, { audience: "guarded" }), /name|expected string/i],
    ];
    for (const [what, token, reason] of cases) {
      const response = await ssoSignIn("guarded", await token);
      expect(response.status, what).toBe(401);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code, what).toBe("sso_refused");
      expect(body.error.message, what).toMatch(reason);
    }
    const off = await ssoSignIn("elsewhere", await siteToken(secret, user, { audience: "elsewhere" }));
    expect(off.status).toBe(404);
    expect((await call("/api/sites/guarded/sso", { body: { token: "not a token" } })).status).toBe(400);
    expect({ identities: await stored("identities"), sessions: await stored("reader_sessions") }).toEqual(before);
  });

  it("signs out, after which the session posts nothing; a made-up session is refused too", async () => {
    await createSite("leaving");
    await createModerator("owner@leaving.example", { leaving: "owner" });
    const secret = await ssoSecret("leaving", "owner@leaving.example");
    const { session } = (await (
      await ssoSignIn("leaving", await siteToken(secret, { sub: "u-9", name: "Lee" }, { audience: "leaving" }))
    ).json()) as SignedInReader;
    const out = await call("/api/sites/leaving/session", {
      method: "DELETE",
      headers: { "X-Chorus-Session": session },
    });
    expect(out.status).toBe(204);
    for (const header of [session, "A".repeat(43)]) {
      const refused = await postComment(
        "leaving",
        { body: "After signing out" },
        { ...newReader(), "X-Chorus-Session": header },
      );
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("session_ended");
    }
    const count = await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE site_id = 'leaving'").first<{
      n: number;
    }>();
    expect(count?.n).toBe(0);
  });
});
