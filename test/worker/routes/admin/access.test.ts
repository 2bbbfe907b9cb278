import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionBody } from "../../../../worker/api/schemas";
import { toBase64Url } from "../../../../worker/lib/crypto";
import { accessKeyPair, signAccessToken, tokenPart } from "../../../support/access-token";
import { call, createSite } from "../../helpers";
import { createModerator } from "../../moderators";

const teamDomain = "https://chorus-test.cloudflareaccess.com";
const audience = "aud-tag-0123456789abcdef";
const bindings = { ACCESS_TEAM_DOMAIN: teamDomain, ACCESS_AUD: audience };
const consoleOrigin = "https://chorus.example";

let access: CryptoKeyPair;
let impostor: CryptoKeyPair;
let published: JsonWebKey;
const certFetches: string[] = [];

beforeAll(async () => {
  [access, impostor] = await Promise.all([accessKeyPair(), accessKeyPair()]);
  published = (await crypto.subtle.exportKey("jwk", access.publicKey)) as JsonWebKey;
  const original = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.startsWith(teamDomain)) return original(input, init);
    certFetches.push(url);
    return Response.json({ keys: [{ kid: "key-1", kty: "RSA", alg: "RS256", n: published.n, e: published.e }] });
  });
  await createSite("access-site");
  await createModerator("ada@access.example", { "access-site": "owner" });
});

afterAll(() => {
  vi.restoreAllMocks();
});

/** A token as Access would sign it, with `claims` changed and signed with `key`. */
function accessToken(claims: Record<string, unknown> = {}, key = access.privateKey, kid = "key-1") {
  const now = Math.floor(Date.now() / 1000);
  return signAccessToken(key, kid, {
    aud: [audience],
    iss: teamDomain,
    email: "Ada@access.example",
    iat: now,
    nbf: now - 5,
    exp: now + 300,
    ...claims,
  });
}

/** A token with the Access claims that names another algorithm: `none` (unsigned), or HS256 keyed with the published key. */
async function otherAlgorithmToken(alg: "none" | "HS256") {
  const now = Math.floor(Date.now() / 1000);
  const claims = { aud: [audience], iss: teamDomain, email: "eve@access.example", nbf: now - 5, exp: now + 300 };
  const unsigned = `${tokenPart({ alg, kid: "key-1" })}.${tokenPart(claims)}`;
  if (alg === "none") return `${unsigned}.`;
  const secret = new TextEncoder().encode(JSON.stringify({ kty: "RSA", n: published.n, e: published.e }));
  const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(unsigned)));
  return `${unsigned}.${toBase64Url(signature)}`;
}

function signInWithAccess(token: string | null, options: { origin?: string; withBindings?: boolean } = {}) {
  return call("/api/admin/session/access", {
    method: "POST",
    origin: options.origin ?? consoleOrigin,
    headers: token === null ? {} : { "Cf-Access-Jwt-Assertion": token },
    bindings: options.withBindings === false ? undefined : bindings,
  });
}

describe("POST /api/admin/session/access", () => {
  it("is offered by the session check only to requests Access vouches for", async () => {
    const offered = await call("/api/admin/session", {
      origin: consoleOrigin,
      headers: { "Cf-Access-Jwt-Assertion": await accessToken() },
      bindings,
    });
    expect(offered.status).toBe(401);
    expect(await offered.json()).toMatchObject({ error: { code: "access_sign_in" } });
    const plain = await call("/api/admin/session", { origin: consoleOrigin, bindings });
    expect(await plain.json()).toMatchObject({ error: { code: "not_signed_in" } });
  });

  it("trades a valid Access token of a moderator for a console session", async () => {
    const response = await signInWithAccess(await accessToken());
    expect(response.status).toBe(201);
    const session = (await response.json()) as SessionBody;
    expect(session.moderator.email).toBe("ada@access.example");
    expect(session.sites).toEqual([expect.objectContaining({ id: "access-site", role: "owner" })]);
    const cookie = (response.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    const again = await call("/api/admin/session", { origin: consoleOrigin, headers: { Cookie: cookie } });
    expect(again.status).toBe(200);
    expect(certFetches.length).toBe(1);
  });

  it("is a 404 when the deployment is not behind Access", async () => {
    const response = await signInWithAccess(await accessToken(), { withBindings: false });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "access_not_configured" } });
  });

  it("takes the team domain with a trailing slash, and answers 500 naming the setting when it is no address", async () => {
    const withSlash = await call("/api/admin/session/access", {
      method: "POST",
      origin: consoleOrigin,
      headers: { "Cf-Access-Jwt-Assertion": await accessToken() },
      bindings: { ...bindings, ACCESS_TEAM_DOMAIN: `${teamDomain}/` },
    });
    expect(withSlash.status).toBe(201);
    const misconfigured = await call("/api/admin/session/access", {
      method: "POST",
      origin: consoleOrigin,
      headers: { "Cf-Access-Jwt-Assertion": await accessToken() },
      bindings: { ...bindings, ACCESS_TEAM_DOMAIN: "chorus-test.cloudflareaccess.com" },
    });
    expect(misconfigured.status).toBe(500);
    expect(await misconfigured.json()).toMatchObject({ error: { code: "access_misconfigured" } });
  });

  it("names the missing header with a 400", async () => {
    const response = await signInWithAccess(null);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { fields: [{ field: "header:Cf-Access-Jwt-Assertion" }] } });
  });

  it("refuses tokens Access did not issue for this application now, with a 401 and no cookie", async () => {
    const now = Math.floor(Date.now() / 1000);
    const valid = await accessToken();
    const [header, , signature] = valid.split(".");
    const refused = [
      await accessToken({ aud: ["another-application"] }),
      await accessToken({ iss: "https://elsewhere.cloudflareaccess.com" }),
      await accessToken({ exp: now - 120 }),
      await accessToken({ nbf: now + 600 }),
      await accessToken({}, impostor.privateKey),
      await accessToken({}, access.privateKey, "unknown-key"),
      await accessToken({ exp: undefined }),
      await otherAlgorithmToken("none"),
      await otherAlgorithmToken("HS256"),
      `${header}.${tokenPart({ aud: [audience], iss: teamDomain, email: "eve@access.example", exp: now + 300 })}.${signature}`,
      "not.a.token",
      "x".repeat(200),
    ];
    for (const token of refused) {
      const response = await signInWithAccess(token);
      expect(response.status, token.slice(0, 60)).toBe(401);
      expect(response.headers.get("Set-Cookie")).toBeNull();
    }
  });

  it("refuses a person Access knows but this console does not, and sign-ins from other origins", async () => {
    const stranger = await signInWithAccess(await accessToken({ email: "mallory@access.example" }));
    expect(stranger.status).toBe(403);
    expect(await stranger.json()).toMatchObject({ error: { code: "not_a_moderator" } });
    const elsewhere = await signInWithAccess(await accessToken(), { origin: "https://evil.example" });
    expect(elsewhere.status).toBe(403);
  });
});

describe("behind Cloudflare Access, the console is a wall", () => {
  it("re-checks the Access token and its email on every console request", async () => {
    const response = await signInWithAccess(await accessToken());
    expect(response.status).toBe(201);
    const cookie = (response.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    const withToken = (token: string | null) =>
      call("/api/admin/session", {
        origin: consoleOrigin,
        headers: { Cookie: cookie, ...(token === null ? {} : { "Cf-Access-Jwt-Assertion": token }) },
        bindings,
      });
    expect((await withToken(await accessToken())).status).toBe(200);
    const cookieOnly = await withToken(null);
    expect(cookieOnly.status).toBe(401);
    expect(await cookieOnly.json()).toMatchObject({ error: { code: "access_denied" } });
    expect((await withToken(await accessToken({ email: "mallory@access.example" }))).status).toBe(401);
    expect((await withToken(await accessToken({ exp: Math.floor(Date.now() / 1000) - 120 }))).status).toBe(401);
    const sites = await call("/api/admin/sites/access-site/comments?queue=held", {
      origin: consoleOrigin,
      headers: { Cookie: cookie },
      bindings,
    });
    expect(sites.status).toBe(401);
  });

  it("turns the password sign-in off", async () => {
    const response = await call("/api/admin/session", {
      body: { email: "ada@access.example", password: "the right one, even" },
      origin: consoleOrigin,
      bindings,
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "password_sign_in_off" } });
  });
});
