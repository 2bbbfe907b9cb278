/**
 * The built console behind Cloudflare Access, against a real local Worker and D1: Access's token
 * (added to every request, as Access does at the edge) signs a moderator in without a password, and
 * a token Access did not sign, or for someone who moderates nothing here, does not.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlLiteral } from "../../scripts/lib/d1";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";
import type { ThreadPage } from "../../worker/api/schemas";
import { hashPassword } from "../../worker/auth/password";
import { accessKeyPair, signAccessToken } from "../support/access-token";
import { launchChromium } from "../support/browser";

const audience = "console-aud-tag";
const moderator = { email: "mo@blog.example", name: "Mo Derator" };

let keys: CryptoKeyPair;
let impostor: CryptoKeyPair;
let certs: Server;
let teamDomain: string;
let worker: LocalWorker;
let browser: Browser;

/** A token for `email` as the team's Access would sign it (or `key` would). */
function accessToken(email: string, key = keys.privateKey) {
  const now = Math.floor(Date.now() / 1000);
  return signAccessToken(key, "team-key", {
    aud: [audience],
    iss: teamDomain,
    email,
    iat: now,
    nbf: now,
    exp: now + 600,
  });
}

beforeAll(async () => {
  [keys, impostor] = await Promise.all([accessKeyPair(), accessKeyPair()]);
  const published = await crypto.subtle.exportKey("jwk", keys.publicKey);
  certs = createServer((request, response) => {
    const found = request.url === "/cdn-cgi/access/certs";
    response.writeHead(found ? 200 : 404, { "content-type": "application/json" });
    response.end(
      JSON.stringify(found ? { keys: [{ kid: "team-key", kty: "RSA", n: published.n, e: published.e }] } : {}),
    );
  });
  await new Promise<void>((resolve) => certs.listen(0, "127.0.0.1", resolve));
  teamDomain = `http://127.0.0.1:${(certs.address() as AddressInfo).port}`;
  worker = await startLocalWorker({ vars: { ACCESS_TEAM_DOMAIN: teamDomain, ACCESS_AUD: audience } });
  worker.site("create", "blog", "--name", "The Blog", "--origin", worker.blogOrigin);
  const unusedPassword = await hashPassword("not used behind Access");
  await worker.sql([
    `INSERT INTO moderators (id, email, display_name, password_hash) VALUES (1, ${sqlLiteral(moderator.email)}, ${sqlLiteral(moderator.name)}, ${sqlLiteral(unusedPassword)})`,
    "INSERT INTO site_moderators (site_id, moderator_id, role) VALUES ('blog', 1, 'moderator')",
    "INSERT INTO threads (id, site_id, path, title, comment_count) VALUES (1, 'blog', '/post/a', 'Post A', 0)",
    "INSERT INTO comments (id, site_id, thread_id, author_name, body, body_html, status, idempotency_key) VALUES (1, 'blog', 1, 'Held Hal', 'Please approve me.', '<p>Please approve me.</p>', 'pending', 'key-1')",
  ]);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await new Promise((resolve) => certs?.close(resolve));
});

/** The console opened in a fresh context whose every request carries `token`, as Access adds it. */
async function openConsole(token: string): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { "Cf-Access-Jwt-Assertion": token } });
  const page = await context.newPage();
  await page.goto(`${worker.apiOrigin}/admin/#/blog/held`);
  return page;
}

describe("console sign-in through Cloudflare Access", () => {
  it("signs in the moderator Access vouches for, with no password, and their actions carry CSRF", async () => {
    const page = await openConsole(await accessToken("Mo@Blog.example"));
    await page.locator("console-comment").first().waitFor();
    expect(await page.getByText(moderator.name).count()).toBe(1);
    expect(await page.getByLabel("Password").count()).toBe(0);
    await page.getByRole("button", { name: "Approve comment 1 by Held Hal" }).click();
    await page.locator("console-comment").first().waitFor({ state: "detached" });
    const response = await fetch(`${worker.apiOrigin}/api/sites/blog/thread?page=/post/a`);
    const thread = (await response.json()) as ThreadPage;
    expect(thread.comments.map((comment) => comment.authorName)).toEqual(["Held Hal"]);
  });

  it("falls back to the password form, saying why, for a forged token or a stranger", async () => {
    const forged = await openConsole(await accessToken(moderator.email, impostor.privateKey));
    await forged.getByLabel("Password").waitFor();
    expect(await forged.getByText("Cloudflare Access did not vouch for this request").count()).toBe(1);
    const stranger = await openConsole(await accessToken("stranger@elsewhere.example"));
    await stranger.getByLabel("Password").waitFor();
    expect(await stranger.getByText("stranger@elsewhere.example is not a moderator here").count()).toBe(1);
    expect(await stranger.locator("console-comment").count()).toBe(0);
  });
});
