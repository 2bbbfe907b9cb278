import { createServer, type Server } from "node:http";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";
import { blockThirdPartyCookies, launchChromium } from "../support/browser";

/**
 * A brand's blog, on another origin than Chorus, whose own server signs its logged-in users in
 * (site SSO): the page puts the token on `<chorus-thread sso="…">`, as the README says.
 */
const secret = "ssosec_e2e-brand-secret-000000000000000000000";

function brandToken(claims: Record<string, unknown>, key = secret): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime("10m")
    .setAudience("brand")
    .sign(new TextEncoder().encode(key));
}

/** The brand's key pair for RS256 tokens, and another that signs forgeries with the same key id. */
async function rs256Tokens(): Promise<{ jwks: object; good: string; forged: string }> {
  const brand = await generateKeyPair("RS256", { extractable: true });
  const forger = await generateKeyPair("RS256");
  const sign = (key: CryptoKey, claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "brand-2026" })
      .setIssuedAt()
      .setExpirationTime("10m")
      .setAudience("brand")
      .sign(key);
  return {
    jwks: { keys: [{ ...(await exportJWK(brand.publicKey)), kid: "brand-2026", alg: "RS256", use: "sig" }] },
    good: await sign(brand.privateKey, { sub: "u-7", name: "Ravi from Brand", role: "staff" }),
    forged: await sign(forger.privateKey, { sub: "u-666", name: "Not Ravi", role: "staff" }),
  };
}

let jwksServer: Server;
let worker: LocalWorker;
let browser: Browser;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  tokens.staff = await brandToken({
    sub: "u-1",
    name: "Priya from Brand",
    email: "priya@brand.example",
    role: "staff",
  });
  tokens.forged = await brandToken(
    { sub: "u-666", name: "Not Priya", role: "staff" },
    "ssosec_someone-elses-secret-0000000000000000",
  );
  const rs256 = await rs256Tokens();
  jwksServer = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify(rs256.jwks));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  const jwksAddress = jwksServer.address();
  const jwksUrl = `http://127.0.0.1:${typeof jwksAddress === "object" && jwksAddress ? jwksAddress.port : 0}/jwks.json`;
  const page = (apiOrigin: string, sso: string | null) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Brand post</title></head><body>
      <h1>A brand's post</h1>
      <chorus-thread site="brand" api="${apiOrigin}" page="/launch"${sso ? ` sso="${sso}"` : ""}></chorus-thread>
      <script src="${apiOrigin}/embed.js" async></script></body></html>`;
  worker = await startLocalWorker({
    pages: (apiOrigin) => ({
      "signed-in.html": page(apiOrigin, tokens.staff ?? null),
      "plain.html": page(apiOrigin, null),
      "forged.html": page(apiOrigin, tokens.forged ?? null),
      "rs256.html": page(apiOrigin, rs256.good),
      "rs256-forged.html": page(apiOrigin, rs256.forged),
    }),
  });
  worker.site("create", "brand", "--name", "Brand", "--origin", worker.blogOrigin);
  await worker.sql([`UPDATE sites SET sso_secret = '${secret}', sso_jwks_url = '${jwksUrl}' WHERE id = 'brand'`]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  jwksServer?.close();
});

describe("a reader signed in by the brand's own site (SSO), in Chromium", () => {
  it("posts as the brand's staff under their name, stays signed in after a reload, and signs out", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await blockThirdPartyCookies(page);
    await page.goto(`${worker.blogOrigin}/signed-in.html`);
    const form = page.locator("chorus-thread chorus-form").first();
    await expect.poll(() => form.locator("[part=signed-in]").textContent()).toContain("Commenting as Priya from Brand");
    expect(await form.locator("input[name=authorEmail]").count()).toBe(0);
    expect(await page.evaluate(() => document.cookie)).toBe("");

    await form.locator("textarea[name=body]").fill("We hear you: the fix ships on Monday.");
    await page.waitForTimeout(3_100);
    await form.locator("button[type=submit]").click();
    const mine = page.locator("chorus-comment").first();
    await expect.poll(() => mine.locator(".author").textContent()).toBe("Priya from Brand");
    await expect.poll(() => mine.locator(".badge.staff").textContent()).toBe("Staff");

    // The same browser on a page that passes no token: still signed in, from its session.
    await page.goto(`${worker.blogOrigin}/plain.html`);
    await expect.poll(() => form.locator("[part=signed-in]").textContent()).toContain("Commenting as Priya from Brand");
    await form.locator("[part=sign-out]").click();
    await expect.poll(() => form.locator("input[name=authorName]").getAttribute("type")).not.toBe("hidden");
    const [sessions] = await worker.sql(["SELECT count(*) AS n FROM reader_sessions"]);
    expect(sessions?.results[0]?.n).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem("chorus:session:brand"))).toBeNull();
    await context.close();
  });

  it("signs in with an RS256 token checked against the keys the brand publishes, and refuses a forgery", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${worker.blogOrigin}/rs256.html`);
    const form = page.locator("chorus-thread chorus-form").first();
    await expect.poll(() => form.locator("[part=signed-in]").textContent()).toContain("Commenting as Ravi from Brand");
    const forged = await (await browser.newContext()).newPage();
    await forged.goto(`${worker.blogOrigin}/rs256-forged.html`);
    await expect
      .poll(() => forged.locator("chorus-thread [part=status]").textContent())
      .toContain("Sign-in refused: the token is not signed with this site's SSO secret");
    const [names] = await worker.sql(["SELECT name FROM identities WHERE name LIKE '%Ravi%'"]);
    expect(names?.results).toEqual([{ name: "Ravi from Brand" }]);
    await context.close();
    await forged.context().close();
  });

  it("never loads the sign-in code for a guest on a page that offers no sign-in", async () => {
    const page = await (await browser.newContext()).newPage();
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(`${worker.blogOrigin}/plain.html`);
    const form = page.locator("chorus-thread chorus-form").first();
    await form.locator("input[name=authorName]").waitFor();
    await page.waitForLoadState("networkidle");
    expect(scripts).toContain("/write.js");
    expect(scripts).not.toContain("/sign-in.js");
    await page.context().close();
  });

  it("refuses a token the brand did not sign, says so, and signs nobody in", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${worker.blogOrigin}/forged.html`);
    await expect
      .poll(() => page.locator("chorus-thread [part=status]").textContent())
      .toContain("Sign-in refused: the token is not signed with this site's SSO secret");
    const form = page.locator("chorus-thread chorus-form").first();
    expect(await form.locator("[part=signed-in]").count()).toBe(0);
    const [identities] = await worker.sql(["SELECT name FROM identities WHERE name = 'Not Priya'"]);
    expect(identities?.results).toEqual([]);
    await page.context().close();
  });
});
