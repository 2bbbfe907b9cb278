import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { SignInProviderEntry } from "../../../worker/api/admin-schemas";
import type { FormBody } from "../../../worker/api/schemas";
import { mastodonInstance } from "../../../worker/auth/providers";
import { blogOrigin, call, createSite } from "../helpers";
import { createModerator, signIn } from "../moderators";

const githubUrl = "https://github.test";

async function count(table: "sign_in_flows" | "identities" | "reader_sessions" | "sign_in_providers", site: string) {
  const query = `SELECT count(*) AS n FROM ${table} WHERE site_id = ?`;
  return (await env.DB.prepare(query).bind(site).first<{ n: number }>())?.n ?? 0;
}

async function siteWithGitHub(site: string) {
  await createSite(site);
  await createModerator(`owner@${site}.example`, { [site]: "owner" });
  const owner = await signIn(`owner@${site}.example`);
  const saved = await owner.request(`/api/admin/sites/${site}/sign-in-providers`, {
    body: { kind: "github", clientId: "gh-client", clientSecret: "gh-secret" },
  });
  expect(saved.status).toBe(201);
  return owner;
}

/** A reader's popup opening the sign-in, as the widget opens it from a page on `origin`. */
function start(site: string, kind: string, query: Record<string, string>, network = "198.51.100.1") {
  return call(`/api/sites/${site}/sign-in/${kind}?${new URLSearchParams(query)}`, {
    origin: null,
    headers: { "CF-Connecting-IP": network },
    bindings: { GITHUB_URL: githubUrl },
  });
}

const nonce = "page-nonce-0123456789";

describe("sign-in providers, as a site's owners set them", () => {
  it("lets owners add, list and remove providers, never shows the secret, and offers them on the form", async () => {
    const owner = await siteWithGitHub("gh");
    await createModerator("mod@gh.example", { gh: "moderator" });
    const moderator = await signIn("mod@gh.example");
    expect((await moderator.request("/api/admin/sites/gh/sign-in-providers")).status).toBe(403);
    await createSite("other");
    await createModerator("owner@other.example", { other: "owner" });
    const otherOwner = await signIn("owner@other.example");
    expect((await otherOwner.request("/api/admin/sites/gh/sign-in-providers")).status).toBe(404);

    const brand = await owner.request("/api/admin/sites/gh/sign-in-providers", {
      body: {
        kind: "oidc",
        label: "Acme staff",
        clientId: "acme",
        clientSecret: "acme-secret",
        issuer: "https://id.acme.example",
      },
    });
    expect(brand.status).toBe(201);
    const listed = (await (await owner.request("/api/admin/sites/gh/sign-in-providers")).json()) as {
      providers: SignInProviderEntry[];
      redirectUri: string;
    };
    expect(listed.redirectUri).toBe("https://chorus.example/api/sign-in/callback");
    expect(listed.providers.map(({ kind, label, clientId, issuer }) => ({ kind, label, clientId, issuer }))).toEqual([
      { kind: "github", label: "GitHub", clientId: "gh-client", issuer: null },
      { kind: "oidc", label: "Acme staff", clientId: "acme", issuer: "https://id.acme.example" },
    ]);
    expect(JSON.stringify(listed)).not.toContain("secret");

    const form = (await (await call("/api/sites/gh/form?page=/post/hello")).json()) as FormBody;
    expect(form.signIn).toEqual([
      { kind: "github", label: "GitHub" },
      { kind: "oidc", label: "Acme staff" },
    ]);

    expect((await owner.request("/api/admin/sites/gh/sign-in-providers/github", { method: "DELETE" })).status).toBe(
      204,
    );
    expect((await owner.request("/api/admin/sites/gh/sign-in-providers/github", { method: "DELETE" })).status).toBe(
      404,
    );
    // Forms read the offer from the cache for ten seconds; another page reads it afresh.
    const after = (await (await call("/api/sites/gh/form?page=/post/other")).json()) as FormBody;
    expect(after.signIn).toEqual([{ kind: "oidc", label: "Acme staff" }]);
    const audit = await env.DB.prepare("SELECT action, detail FROM audit_log WHERE site_id = 'gh' ORDER BY id").all();
    expect(audit.results.map((entry) => entry.action)).toEqual([
      "sign_in_provider_save",
      "sign_in_provider_save",
      "sign_in_provider_delete",
    ]);
    expect(JSON.stringify(audit.results)).not.toContain("acme-secret");
  });

  it("refuses a provider it could not use, naming the field, and stores nothing", async () => {
    const owner = await siteWithGitHub("bad");
    const before = await count("sign_in_providers", "bad");
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: "facebook", clientId: "x", clientSecret: "y" }, "kind"],
      [{ kind: "oidc", label: "Acme", clientId: "x", clientSecret: "y" }, "issuer"],
      [{ kind: "oidc", label: "Acme", clientId: "x", clientSecret: "y", issuer: "http://id.acme.example" }, "issuer"],
      [{ kind: "oidc", clientId: "x", clientSecret: "y", issuer: "https://id.acme.example" }, "label"],
      [{ kind: "github", clientId: "x", clientSecret: "y", issuer: "https://evil.example" }, "issuer"],
      [{ kind: "microsoft", clientId: "x", clientSecret: "y", issuer: "../common" }, "issuer"],
      [{ kind: "google", clientId: "x" }, "clientSecret"],
      [{ kind: "mastodon", clientId: "x" }, "clientId"],
      [{ kind: "google", clientId: "", clientSecret: "y" }, "clientId"],
    ];
    for (const [body, field] of cases) {
      const refused = await owner.request("/api/admin/sites/bad/sign-in-providers", { body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      const error = ((await refused.json()) as { error: { fields: { field: string }[] } }).error;
      expect(error.fields.map((named) => named.field)).toContain(field);
    }
    expect(await count("sign_in_providers", "bad")).toBe(before);
  });
});

describe("a reader's sign-in popup", () => {
  it("sends the popup to the provider with state, PKCE and the deployment's redirect address, bound to this browser", async () => {
    await siteWithGitHub("pop");
    const started = await start("pop", "github", { origin: blogOrigin, nonce });
    expect(started.status).toBe(302);
    const destination = new URL(started.headers.get("Location") ?? "");
    expect(`${destination.origin}${destination.pathname}`).toBe(`${githubUrl}/login/oauth/authorize`);
    expect(destination.searchParams.get("client_id")).toBe("gh-client");
    expect(destination.searchParams.get("redirect_uri")).toBe("https://chorus.example/api/sign-in/callback");
    expect(destination.searchParams.get("code_challenge_method")).toBe("S256");
    expect(destination.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(destination.searchParams.get("state")).toMatch(/.{20,}/);
    expect(started.headers.get("Set-Cookie")).toMatch(
      /^chorus_sign_in=[^;]+; Max-Age=600; Path=\/api\/sign-in; HttpOnly; Secure; SameSite=Lax/,
    );
    expect(started.headers.get("Cross-Origin-Opener-Policy")).toBe("unsafe-none");
    const flow = await env.DB.prepare(
      "SELECT opener_origin, opener_nonce, code_verifier FROM sign_in_flows WHERE site_id = 'pop'",
    ).first<Record<string, string>>();
    expect(flow).toMatchObject({ opener_origin: blogOrigin, opener_nonce: nonce });
    expect(destination.toString()).not.toContain(flow?.code_verifier ?? "none");
  });

  it("refuses a page on another origin, an unknown provider and a bad nonce, storing nothing", async () => {
    await siteWithGitHub("refuse");
    const foreign = await start("refuse", "github", { origin: "https://evil.example", nonce });
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain("origin: https://evil.example is not one of this site&#39;s origins");
    expect((await start("refuse", "google", { origin: blogOrigin, nonce })).status).toBe(404);
    expect((await start("refuse", "myspace", { origin: blogOrigin, nonce })).status).toBe(404);
    const badNonce = await start("refuse", "github", { origin: blogOrigin, nonce: "short" });
    expect(badNonce.status).toBe(400);
    expect(await badNonce.text()).toContain("nonce: nonce must be 16-64 letters");
    const notAnOrigin = await start("refuse", "github", { origin: `${blogOrigin}/post`, nonce });
    expect(await notAnOrigin.text()).toContain("origin: origin must be an origin");
    await env.DB.prepare(
      "INSERT INTO sign_in_providers (site_id, kind, label, client_id, client_secret) VALUES ('refuse', 'mastodon', 'Mastodon', '', '')",
    ).run();
    const noServer = await start("refuse", "mastodon", { origin: blogOrigin, nonce });
    expect(noServer.status).toBe(400);
    expect(await noServer.text()).toContain("instance: name your Mastodon server");
    const notAServer = await start("refuse", "mastodon", {
      origin: blogOrigin,
      nonce,
      instance: "ftp://files.example",
    });
    expect(notAServer.status).toBe(400);
    expect(await count("sign_in_flows", "refuse")).toBe(0);
  });

  it("takes 60 sign-ins an hour from one network, then refuses more, writing no flow", async () => {
    await siteWithGitHub("flood-starts");
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 62; attempt++) {
      statuses.push((await start("flood-starts", "github", { origin: blogOrigin, nonce }, "198.51.100.99")).status);
    }
    expect(statuses.filter((status) => status === 302)).toHaveLength(60);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    expect(await count("sign_in_flows", "flood-starts")).toBe(60);
    expect((await start("flood-starts", "github", { origin: blogOrigin, nonce }, "198.51.100.100")).status).toBe(302);
  });

  it("refuses a wrong state, a state finished in another browser, a replayed one and a provider's error, signing nobody in", async () => {
    await siteWithGitHub("cb");
    const callback = (query: Record<string, string>, cookie?: string) =>
      call(`/api/sign-in/callback?${new URLSearchParams(query)}`, {
        origin: null,
        headers: cookie ? { Cookie: cookie } : {},
        bindings: { GITHUB_URL: githubUrl },
      });

    const wrong = await callback({ state: "made-up-state", code: "c" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("This sign-in has expired or was already used");

    const started = await start("cb", "github", { origin: blogOrigin, nonce });
    const state = new URL(started.headers.get("Location") ?? "").searchParams.get("state") ?? "";
    const elsewhere = await callback({ state, code: "c" }, "chorus_sign_in=an-attackers-browser");
    expect(elsewhere.status).toBe(400);
    const page = await elsewhere.text();
    expect(page).toContain("started in another browser window");
    expect(page).toContain(`data-origin="${blogOrigin}"`);
    expect(elsewhere.headers.get("Content-Security-Policy")).toMatch(/script-src 'nonce-[A-Za-z0-9_-]+'/);
    const replayed = await callback({ state, code: "c" }, "chorus_sign_in=an-attackers-browser");
    expect(await replayed.text()).toContain("expired or was already used");

    const again = await start("cb", "github", { origin: blogOrigin, nonce });
    const cookie = (again.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    const againState = new URL(again.headers.get("Location") ?? "").searchParams.get("state") ?? "";
    const denied = await callback({ state: againState, error: "access_denied" }, cookie);
    expect(denied.status).toBe(400);
    expect(await denied.text()).toContain("GitHub did not sign you in (access_denied)");

    expect(await count("identities", "cb")).toBe(0);
    expect(await count("reader_sessions", "cb")).toBe(0);
    expect(await count("sign_in_flows", "cb")).toBe(0);
  });
});

describe("a reader's Mastodon server, as they type it", () => {
  it("is read from a domain, a handle or an address, and nothing else", () => {
    expect(
      [
        "mastodon.social",
        "@dana@mastodon.social",
        "dana@hachyderm.io",
        "https://fosstodon.org/@me",
        " Mastodon.Social ",
      ].map(mastodonInstance),
    ).toEqual([
      "https://mastodon.social",
      "https://mastodon.social",
      "https://hachyderm.io",
      "https://fosstodon.org",
      "https://mastodon.social",
    ]);
    expect(mastodonInstance("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
    for (const bad of [
      "",
      "ftp://files.example",
      "javascript:alert(1)",
      "http://mastodon.social",
      "https://user:pw@x.example",
      "intranet",
      "a b.example",
    ]) {
      expect(mastodonInstance(bad), bad).toBeNull();
    }
  });
});
