import { env } from "cloudflare:workers";
import { generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import type { PostedComment, SignedInReader, ThreadPage } from "../../../worker/api/schemas";
import { blogOrigin, call, createSite, newReader, postComment } from "../helpers";
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
    expect(thread.comments.map((shown) => [shown.authorName, shown.badge, shown.signedInWith])).toEqual([
      ["Priya from Brand", "Staff", "sso"],
    ]);

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
    await createSite("sso-guarded");
    await createSite("elsewhere");
    await createModerator("owner@guarded.example", { "sso-guarded": "owner", elsewhere: "owner" });
    const secret = await ssoSecret("sso-guarded", "owner@guarded.example");
    const before = { identities: await stored("identities"), sessions: await stored("reader_sessions") };
    const user = { sub: "u-1", name: "Mallory" };
    const cases: [string, Promise<string>, RegExp][] = [
      [
        "forged",
        siteToken("ssosec_not-the-site-secret-at-all-000000000", user, { audience: "sso-guarded" }),
        /not signed with this site's SSO secret/,
      ],
      ["expired", siteToken(secret, user, { audience: "sso-guarded", expiresIn: "-1m" }), /expired/],
      [
        "issued two hours ago",
        siteToken(secret, user, {
          audience: "sso-guarded",
          issuedAt: Math.floor(Date.now() / 1000) - 7200,
          expiresIn: "10h",
        }),
        /expired/,
      ],
      ["for another site", siteToken(secret, user, { audience: "elsewhere" }), /aud/],
      ["nameless", siteToken(secret, { sub: "u-1" }, { audience: "sso-guarded" }), /name|expected string/i],
    ];
    for (const [what, token, reason] of cases) {
      const response = await ssoSignIn("sso-guarded", await token);
      expect(response.status, what).toBe(401);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code, what).toBe("sso_refused");
      expect(body.error.message, what).toMatch(reason);
    }
    const off = await ssoSignIn("elsewhere", await siteToken(secret, user, { audience: "elsewhere" }));
    expect(off.status).toBe(404);
    expect((await call("/api/sites/sso-guarded/sso", { body: { token: "not a token" } })).status).toBe(400);
    expect({ identities: await stored("identities"), sessions: await stored("reader_sessions") }).toEqual(before);
  });

  it("lets owners name a JWKS address for RS256 tokens, and refuses an algorithm the site does not use", async () => {
    await createSite("keys");
    await createModerator("owner@keys.example", { keys: "owner" });
    await createModerator("mod@keys.example", { keys: "moderator" });
    const secret = await ssoSecret("keys", "owner@keys.example");
    const moderator = await signIn("mod@keys.example");
    expect(
      (await moderator.request("/api/admin/sites/keys/sso-jwks", { method: "PUT", body: { url: null } })).status,
    ).toBe(403);
    const owner = await signIn("owner@keys.example");
    const plain = await owner.request("/api/admin/sites/keys/sso-jwks", {
      method: "PUT",
      body: { url: "http://keys.example/jwks.json" },
    });
    expect(plain.status).toBe(400);
    expect(((await plain.json()) as { error: { fields: { field: string }[] } }).error.fields[0]?.field).toBe("url");
    const { privateKey } = await generateKeyPair("RS256");
    const rs256 = await new SignJWT({ sub: "u-1", name: "Rita" })
      .setProtectedHeader({ alg: "RS256" })
      .setIssuedAt()
      .setExpirationTime("10m")
      .setAudience("keys")
      .sign(privateKey);
    const refused = await ssoSignIn("keys", rs256);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      "signed with RS256, which this site does not use",
    );
    // An HS256 token is still checked against the secret alone.
    const saved = await owner.request("/api/admin/sites/keys/sso-jwks", {
      method: "PUT",
      body: { url: "https://keys.example/.well-known/jwks.json" },
    });
    expect(await saved.json()).toEqual({ url: "https://keys.example/.well-known/jwks.json" });
    const settings = (await (await owner.request("/api/admin/sites/keys/settings")).json()) as { ssoJwksUrl: string };
    expect(settings.ssoJwksUrl).toBe("https://keys.example/.well-known/jwks.json");
    const hs256 = await siteToken(secret, { sub: "u-2", name: "Hal" }, { audience: "keys" });
    expect((await ssoSignIn("keys", hs256)).status).toBe(201);
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

describe("what a signed-in account changes", () => {
  async function session(site: string, secret: string, claims: Record<string, unknown>): Promise<string> {
    const answer = await ssoSignIn(site, await siteToken(secret, claims, { audience: site }));
    expect(answer.status).toBe(201);
    return ((await answer.json()) as SignedInReader).session;
  }

  function postAs(site: string, session: string, body: string) {
    return postComment(site, { body }, { ...newReader(), "X-Chorus-Session": session });
  }

  it("holds an account's first comment on a hold-first site, publishes its later ones, and shows moderators the account", async () => {
    await createSite("firsts", { moderationMode: "hold_first" });
    await createModerator("owner@firsts.example", { firsts: "owner" });
    const secret = await ssoSecret("firsts", "owner@firsts.example");
    // No email: standing follows the account itself.
    const noEmail = await session("firsts", secret, { sub: "u-1", name: "Nadia" });
    const first = ((await (await postAs("firsts", noEmail, "My first comment here.")).json()) as PostedComment).comment;
    expect(first.status).toBe("pending");
    const owner = await signIn("owner@firsts.example");
    const listed = (await (await owner.request("/api/admin/sites/firsts/comments?queue=held")).json()) as {
      comments: { id: number; identity: { provider: string; name: string } | null }[];
    };
    expect(listed.comments.find((comment) => comment.id === first.id)?.identity).toMatchObject({
      provider: "sso",
      name: "Nadia",
    });
    await owner.request("/api/admin/sites/firsts/comments/actions", { body: { action: "approve", ids: [first.id] } });
    const second = (await (await postAs("firsts", noEmail, "And a second one.")).json()) as PostedComment;
    expect(second.comment.status).toBe("published");
    // Another account with the same name is new here, and held.
    const other = await session("firsts", secret, { sub: "u-2", name: "Nadia" });
    expect(((await (await postAs("firsts", other, "Me too.")).json()) as PostedComment).comment.status).toBe("pending");
  });

  it("lets moderators ban an account, whose comments then go to spam silently, or are refused when the site says so", async () => {
    await createSite("banning");
    await createModerator("owner@banning.example", { banning: "owner" });
    const secret = await ssoSecret("banning", "owner@banning.example");
    const troll = await session("banning", secret, { sub: "troll", name: "Troll", email: "troll@banning.example" });
    const posted = ((await (await postAs("banning", troll, "First, harmless.")).json()) as PostedComment).comment;
    expect(posted.status).toBe("published");
    const identityId = await env.DB.prepare("SELECT identity_id FROM comments WHERE id = ?")
      .bind(posted.id)
      .first<number>("identity_id");
    const owner = await signIn("owner@banning.example");
    const badValue = await owner.request("/api/admin/sites/banning/bans", {
      body: { kind: "identity", value: "troll" },
    });
    expect(badValue.status).toBe(400);
    const banned = await owner.request("/api/admin/sites/banning/bans", {
      body: { kind: "identity", value: String(identityId) },
    });
    expect(banned.status).toBe(201);
    const after = ((await (await postAs("banning", troll, "Now something nasty.")).json()) as PostedComment).comment;
    // The author is told it waits, as with any ban; it is stored as spam, saying why.
    expect(after.status).toBe("pending");
    const stored = await env.DB.prepare("SELECT status, reasons FROM comments WHERE id = ?")
      .bind(after.id)
      .first<{ status: string; reasons: string }>();
    expect(stored?.status).toBe("spam");
    expect(JSON.parse(stored?.reasons ?? "[]")).toEqual([
      { check: "ban.identity", score: 10, detail: String(identityId) },
    ]);
    await env.DB.prepare("UPDATE sites SET ban_action = 'reject' WHERE id = 'banning'").run();
    expect((await postAs("banning", troll, "And again.")).status).toBe(403);
    // A guest is not touched by the account's ban.
    const guest = await postComment("banning", { body: "A guest's comment." }, newReader());
    expect(((await guest.json()) as PostedComment).comment.status).toBe("published");
  });

  it("takes only signed-in readers' comments where the site or a thread says so, and tells the form", async () => {
    await createSite("members");
    await createModerator("owner@members.example", { members: "owner" });
    const secret = await ssoSecret("members", "owner@members.example");
    const owner = await signIn("owner@members.example");
    const form = async (page: string) =>
      ((await (await call(`/api/sites/members/form?page=${page}`)).json()) as { signInRequired: boolean })
        .signInRequired;
    const guestPost = (page: string) => postComment("members", { body: "A guest here.", page }, newReader());

    // One thread asks for it; the rest of the site still takes guests.
    const thread = await owner.request("/api/admin/sites/members/threads", {
      body: { page: "/members-only", requireSignIn: true },
    });
    expect(thread.status).toBe(200);
    expect(await form("/members-only")).toBe(true);
    expect(await form("/post/hello")).toBe(false);
    const refused = await guestPost("/members-only");
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("sign_in_required");
    expect((await guestPost("/post/hello")).status).toBe(201);
    const member = await session("members", secret, { sub: "m-1", name: "Member" });
    const signedIn = await postComment(
      "members",
      { body: "A member here.", page: "/members-only" },
      { ...newReader(), "X-Chorus-Session": member },
    );
    expect(signedIn.status).toBe(201);

    // The site asks for it everywhere (forms read it from a ten-second cache: a new page reads it now).
    const settings = await owner.request("/api/admin/sites/members/settings");
    const saved = await owner.request("/api/admin/sites/members/settings", {
      method: "PUT",
      body: { ...((await settings.json()) as object), requireSignIn: true },
    });
    expect(saved.status).toBe(200);
    expect((await guestPost("/another")).status).toBe(401);
    expect(await form("/yet-another")).toBe(true);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE site_id = 'members'").first<number>(
      "n",
    );
    expect(stored).toBe(2);
  });

  it("deletes a reader's account at their request, keeping their comments as a deleted account's or erasing them", async () => {
    await createSite("leavers");
    await createModerator("owner@leavers.example", { leavers: "owner" });
    const secret = await ssoSecret("leavers", "owner@leavers.example");
    const read = async () =>
      ((await (await call("/api/sites/leavers/thread?page=/post/hello")).json()) as ThreadPage).comments.map(
        (comment) => [comment.authorName, comment.bodyHtml],
      );
    const keeper = await session("leavers", secret, { sub: "k", name: "Kim", email: "kim@leavers.example" });
    const eraser = await session("leavers", secret, { sub: "e", name: "Eve", email: "eve@leavers.example" });
    const otherBrowser = await session("leavers", secret, { sub: "e", name: "Eve", email: "eve@leavers.example" });
    await postAs("leavers", keeper, "Kim thinks so too.");
    await postAs("leavers", eraser, "Eve disagrees.");
    const guest = await postComment("leavers", { body: "A guest replies." }, newReader());
    expect(guest.status).toBe(201);

    const remove = (token: string, comments: string) =>
      call("/api/sites/leavers/account/delete", { body: { comments }, headers: { "X-Chorus-Session": token } });
    const bad = await remove(keeper, "shred");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fields: { field: string }[] } }).error.fields[0]?.field).toBe("comments");
    expect((await call("/api/sites/leavers/account/delete", { body: { comments: "keep" } })).status).toBe(400);

    expect(await (await remove(keeper, "keep")).json()).toEqual({ deleted: true, comments: 1 });
    expect(await (await remove(eraser, "erase")).json()).toEqual({ deleted: true, comments: 1 });
    expect(await read()).toEqual([
      ["deleted account", "<p>Kim thinks so too.</p>"],
      ["deleted", "<p>deleted</p>"],
      ["Ada", "<p>A guest replies.</p>"],
    ]);
    const traces = await env.DB.prepare(
      "SELECT count(*) AS n FROM comments WHERE site_id = 'leavers' AND (author_email LIKE '%@leavers.example' OR identity_id IS NOT NULL)",
    ).first<number>("n");
    expect(traces).toBe(0);
    // Every browser of the account is signed out, and the account is gone.
    expect((await postAs("leavers", otherBrowser, "Still here?")).status).toBe(401);
    expect((await remove(eraser, "keep")).status).toBe(401);
    const audit = await env.DB.prepare(
      "SELECT detail FROM audit_log WHERE site_id = 'leavers' AND action = 'account_delete' ORDER BY id",
    ).all<{ detail: string }>();
    expect(audit.results.map((entry) => JSON.parse(entry.detail))).toEqual([
      { count: 1, comments: "keep" },
      { count: 1, comments: "erase" },
    ]);
  });

  it("makes a moderator of the site who signs in with their verified email staff, and nobody else", async () => {
    await createSite("brand-people", { moderationMode: "hold_all" });
    await createModerator("owner@people.example", { "brand-people": "owner" });
    await createModerator("mod@elsewhere.example", {});
    const secret = await ssoSecret("brand-people", "owner@people.example");
    const sam = await ssoSignIn(
      "brand-people",
      await siteToken(secret, { sub: "sam", name: "Sam", email: "Owner@People.example" }, { audience: "brand-people" }),
    );
    expect(((await sam.json()) as SignedInReader).reader.role).toBe("staff");
    const stranger = await ssoSignIn(
      "brand-people",
      await siteToken(
        secret,
        { sub: "x", name: "Not a moderator here", email: "mod@elsewhere.example" },
        { audience: "brand-people" },
      ),
    );
    expect(((await stranger.json()) as SignedInReader).reader.role).toBe("reader");
  });
});

describe("signing in with a link sent by email", () => {
  const mail = { MAIL_FROM: "comments@chorus.example", EMAIL: { send: async () => undefined } };
  const browserSecret = "this-browser-secret-0001";

  function ask(site: string, body: Record<string, unknown>) {
    return call(`/api/sites/${site}/email-sign-in`, {
      body: { name: "Lin", email: "Lin@Mail.example", returnUrl: `${blogOrigin}/post/hello`, browserSecret, ...body },
      bindings: mail,
    });
  }

  function finish(site: string, code: string, secret = browserSecret) {
    return call(`/api/sites/${site}/email-sign-in/finish`, { body: { code, browserSecret: secret } });
  }

  /** The code in the newest sign-in email to `email`, from the outbox. */
  async function emailedCode(email: string): Promise<string> {
    const row = await env.DB.prepare(
      "SELECT text_body FROM outbox WHERE kind = 'sign_in' AND recipient = ? ORDER BY id DESC LIMIT 1",
    )
      .bind(email)
      .first<{ text_body: string }>();
    const link = /https?:\/\/\S+#chorus-sign-in=([A-Za-z0-9_-]{43})/.exec(row?.text_body ?? "");
    expect(link?.[0].startsWith(`${blogOrigin}/post/hello#`)).toBe(true);
    return link?.[1] ?? "";
  }

  it("emails a one-time link back to the page, which signs in the browser that asked and no other", async () => {
    await createSite("email-links");
    await env.DB.prepare("UPDATE sites SET email_sign_in = 1 WHERE id = 'email-links'").run();
    const form = (await (await call("/api/sites/email-links/form?page=/post/hello", { bindings: mail })).json()) as {
      signIn: { kind: string }[];
    };
    expect(form.signIn).toEqual([{ kind: "email", label: "email" }]);
    expect((await ask("email-links", {})).status).toBe(202);
    const code = await emailedCode("lin@mail.example");

    // Another browser (the link forwarded, or a scanner that runs scripts) signs nobody in, and uses it up.
    const elsewhere = await finish("email-links", code, "another-browser-secret-01");
    expect(elsewhere.status).toBe(401);
    expect(((await elsewhere.json()) as { error: { message: string } }).error.message).toContain(
      "only in the browser that asked",
    );
    expect((await finish("email-links", code)).status).toBe(401);

    expect((await ask("email-links", {})).status).toBe(202);
    const second = await emailedCode("lin@mail.example");
    const signedIn = await finish("email-links", second);
    expect(signedIn.status).toBe(201);
    expect(((await signedIn.json()) as SignedInReader).reader).toEqual({
      name: "Lin",
      role: "reader",
      provider: "email",
    });
    const replayed = await finish("email-links", second);
    expect(((await replayed.json()) as { error: { message: string } }).error.message).toContain("already used");
    const identity = await env.DB.prepare(
      "SELECT email FROM identities WHERE site_id = 'email-links' AND provider = 'email'",
    ).first<string>("email");
    expect(identity).toBe("lin@mail.example");
  });

  it("refuses a site without it, a page elsewhere, bad input, and a flood, sending nothing", async () => {
    await createSite("no-links");
    expect((await ask("no-links", {})).status).toBe(404);
    await createSite("flood");
    await env.DB.prepare("UPDATE sites SET email_sign_in = 1 WHERE id = 'flood'").run();
    const elsewhere = await ask("flood", { returnUrl: "https://evil.example/steal" });
    expect(elsewhere.status).toBe(400);
    expect(((await elsewhere.json()) as { error: { fields: { field: string }[] } }).error.fields[0]?.field).toBe(
      "returnUrl",
    );
    const bad = await ask("flood", { email: "not an address", browserSecret: "x" });
    expect(
      ((await bad.json()) as { error: { fields: { field: string }[] } }).error.fields.map((field) => field.field),
    ).toEqual(["email", "browserSecret"]);
    const answers: number[] = [];
    for (let sent = 0; sent < 7; sent++) answers.push((await ask("flood", { email: "victim@mail.example" })).status);
    expect(answers).toEqual([202, 202, 202, 202, 202, 429, 429]);
    const emails = await env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE site_id = 'flood'").first<number>("n");
    expect(emails).toBe(5);
  });
});
