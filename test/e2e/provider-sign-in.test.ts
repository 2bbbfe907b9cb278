import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { OAuth2Server } from "oauth2-mock-server";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";
import { blockThirdPartyCookies, launchChromium } from "../support/browser";

/**
 * Readers signing in with accounts they already have, in Chromium with third-party cookies blocked:
 * a blog on another origin than Chorus, a real OpenID Connect server for Google and for a brand's own
 * identity provider (oauth2-mock-server: discovery, JWKS, signed ID tokens, PKCE), and a local
 * stand-in that implements GitHub's documented OAuth and REST endpoints.
 */

interface GitHubStandIn {
  server: Server;
  origin: string;
  /** Codes GitHub handed out, with the PKCE challenge and redirect address they were asked for. */
  codes: Map<string, { challenge: string; redirectUri: string }>;
}

const github = { clientId: "gh-client", clientSecret: "gh-secret", token: "gho_octocat" };

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => resolve(body));
  });
}

/** Whether an OAuth token request may have the code it names: asked for with this PKCE challenge and redirect address. */
function codeExchangeHolds(
  codes: Map<string, { challenge: string; redirectUri: string }>,
  form: URLSearchParams,
): boolean {
  const asked = codes.get(form.get("code") ?? "");
  codes.delete(form.get("code") ?? "");
  const challenge = createHash("sha256")
    .update(form.get("code_verifier") ?? "")
    .digest("base64url");
  return asked !== undefined && asked.challenge === challenge && asked.redirectUri === form.get("redirect_uri");
}

/** The authorization page of a stand-in: remembers the PKCE challenge and sends the popup straight back with a code. */
function authorizeAndReturn(
  codes: Map<string, { challenge: string; redirectUri: string }>,
  query: URLSearchParams,
  response: import("node:http").ServerResponse,
): void {
  const code = randomUUID();
  const redirectUri = query.get("redirect_uri") ?? "";
  codes.set(code, { challenge: query.get("code_challenge") ?? "", redirectUri });
  const back = new URL(redirectUri);
  back.searchParams.set("code", code);
  back.searchParams.set("state", query.get("state") ?? "");
  response.writeHead(302, { Location: back.toString() }).end();
}

/** GitHub's OAuth app flow (with PKCE) and the two REST calls Chorus makes, plus a page on a third origin. */
function startGitHub(blogOrigin: () => string, apiOrigin: () => string): Promise<GitHubStandIn> {
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://github.test");
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === "/login/oauth/authorize") {
      const query = url.searchParams;
      if (query.get("client_id") !== github.clientId || query.get("code_challenge_method") !== "S256") {
        response.writeHead(400).end("bad authorization request");
        return;
      }
      authorizeAndReturn(codes, query, response);
      return;
    }
    if (url.pathname === "/login/oauth/access_token" && request.method === "POST") {
      const form = new URLSearchParams(await readBody(request));
      const basic = Buffer.from(`${github.clientId}:${github.clientSecret}`).toString("base64");
      if (request.headers.authorization !== `Basic ${basic}` || !codeExchangeHolds(codes, form)) {
        json(200, { error: "bad_verification_code" });
        return;
      }
      json(200, { access_token: github.token, token_type: "bearer", scope: "read:user,user:email" });
      return;
    }
    if (url.pathname.startsWith("/api/")) {
      if (request.headers.authorization !== `Bearer ${github.token}`) return json(401, { message: "Bad credentials" });
      if (url.pathname === "/api/user") {
        return json(200, {
          id: 583231,
          login: "octocat",
          name: "The Octocat",
          avatar_url: "https://avatars.example/u/583231",
        });
      }
      if (url.pathname === "/api/user/emails") {
        return json(200, [
          { email: "old@github.example", primary: false, verified: true },
          { email: "Octocat@GitHub.example", primary: true, verified: true },
        ]);
      }
    }
    if (url.pathname === "/attacker.html") {
      // A page on a third origin that opens Chorus's sign-in popup as if it were the blog.
      const start = `${apiOrigin()}/api/sites/brand/sign-in/github?${new URLSearchParams({
        origin: url.searchParams.get("as") ?? blogOrigin(),
        nonce: "attacker-nonce-0123456789",
      })}`;
      response.writeHead(200, { "Content-Type": "text/html" });
      response.end(`<!doctype html><html lang="en"><head><title>Not the blog</title></head><body>
        <button id="go">Sign in</button><script>
        window.received = [];
        addEventListener("message", (event) => window.received.push(event.data));
        document.getElementById("go").onclick = () => window.open(${JSON.stringify(start)}, "steal", "popup");
        </script></body></html>`);
      return;
    }
    response.writeHead(404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ server, origin: `http://127.0.0.1:${port}`, codes });
    }),
  );
}

interface OidcProvider {
  server: OAuth2Server;
  /** Changes the next ID token it signs (only ID tokens carry the sign-in's nonce). */
  tamperNext(change: (payload: Record<string, unknown>) => void): void;
}

interface MastodonStandIn {
  server: Server;
  origin: string;
  /** How many apps Chorus registered here. */
  registrations: () => number;
}

/**
 * A Mastodon server's documented endpoints for sign-in: app registration (`POST /api/v1/apps`),
 * OAuth with PKCE (`/oauth/authorize`, `/oauth/token`), and `GET /api/v1/accounts/verify_credentials`.
 */
function startMastodon(): Promise<MastodonStandIn> {
  const apps = new Map<string, { secret: string; redirectUri: string }>();
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const token = "masto-token-dana";
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://mastodon.test");
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === "/api/v1/apps" && request.method === "POST") {
      const asked = JSON.parse(await readBody(request)) as { redirect_uris: string; scopes: string };
      const id = `masto-client-${apps.size + 1}`;
      apps.set(id, { secret: `${id}-secret`, redirectUri: asked.redirect_uris });
      return json(200, { client_id: id, client_secret: `${id}-secret`, redirect_uri: asked.redirect_uris });
    }
    if (url.pathname === "/oauth/authorize") {
      const app = apps.get(url.searchParams.get("client_id") ?? "");
      if (!app || app.redirectUri !== url.searchParams.get("redirect_uri"))
        return json(400, { error: "invalid_client" });
      authorizeAndReturn(codes, url.searchParams, response);
      return;
    }
    if (url.pathname === "/oauth/token" && request.method === "POST") {
      const form = new URLSearchParams(await readBody(request));
      const [id, secret] = Buffer.from((request.headers.authorization ?? "").replace(/^Basic /, ""), "base64")
        .toString()
        .split(":");
      if (apps.get(id ?? "")?.secret !== secret || !codeExchangeHolds(codes, form)) {
        return json(400, { error: "invalid_grant" });
      }
      return json(200, { access_token: token, token_type: "Bearer", scope: "read:accounts", created_at: 0 });
    }
    if (url.pathname === "/api/v1/accounts/verify_credentials") {
      if (request.headers.authorization !== `Bearer ${token}`)
        return json(401, { error: "The access token is invalid" });
      return json(200, {
        id: "109",
        username: "dana",
        acct: "dana",
        display_name: "Dana Theus",
        avatar: "https://files.example/dana.png",
      });
    }
    response.writeHead(404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ server, origin: `http://127.0.0.1:${port}`, registrations: () => apps.size });
    }),
  );
}

/** A real OpenID Connect provider on loopback, whose ID tokens name `person`. */
async function startOidc(person: Record<string, unknown>): Promise<OidcProvider> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  let tamper: ((payload: Record<string, unknown>) => void) | null = null;
  server.service.on("beforeTokenSigning", (token) => {
    Object.assign(token.payload, person);
    if (tamper && token.payload.nonce !== undefined) {
      tamper(token.payload);
      tamper = null;
    }
  });
  await server.start(0, "localhost");
  return {
    server,
    tamperNext: (change) => {
      tamper = change;
    },
  };
}

/** A post of the brand's blog, with its thread. */
function post(apiOrigin: string, path: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme's launch</title></head><body>
    <h1>Acme's launch</h1>
    <chorus-thread site="brand" api="${apiOrigin}" page="${path}"></chorus-thread>
    <script src="${apiOrigin}/embed.js" async></script></body></html>`;
}

let worker: LocalWorker;
let browser: Browser;
let gitHub: GitHubStandIn;
let mastodon: MastodonStandIn;
let google: OidcProvider;
let brandIdp: OidcProvider;

beforeAll(async () => {
  google = await startOidc({
    sub: "google-1001",
    name: "Grace Google",
    email: "grace@gmail.example",
    email_verified: true,
    picture: "https://photos.example/grace.png",
  });
  brandIdp = await startOidc({ sub: "emp-7", name: "Ada from Acme", email: "ada@acme.example", email_verified: true });
  mastodon = await startMastodon();
  gitHub = await startGitHub(
    () => worker.blogOrigin,
    () => worker.apiOrigin,
  );
  worker = await startLocalWorker({
    pages: (apiOrigin) => ({
      "post.html": post(apiOrigin, "/launch"),
      "members.html": post(apiOrigin, "/members"),
    }),
    mailbox: true,
    vars: {
      GITHUB_URL: gitHub.origin,
      GITHUB_API_URL: `${gitHub.origin}/api`,
      GOOGLE_ISSUER: google.server.issuer.url ?? "",
    },
  });
  worker.site("create", "brand", "--name", "Acme", "--origin", worker.blogOrigin);
  await worker.sql([
    "UPDATE sites SET email_sign_in = 1 WHERE id = 'brand'",
    `INSERT INTO sign_in_providers (site_id, kind, label, client_id, client_secret, issuer) VALUES
      ('brand', 'github', 'GitHub', '${github.clientId}', '${github.clientSecret}', NULL),
      ('brand', 'google', 'Google', 'google-client', 'google-secret', NULL),
      ('brand', 'mastodon', 'Mastodon', '', '', NULL),
      ('brand', 'oidc', 'Acme staff', 'acme-client', 'acme-secret', '${brandIdp.server.issuer.url}')`,
  ]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await google?.server.stop();
  await brandIdp?.server.stop();
  gitHub?.server.close();
  mastodon?.server.close();
});

async function count(table: "identities" | "reader_sessions" | "sign_in_flows"): Promise<number> {
  const [rows] = await worker.sql([`SELECT count(*) AS n FROM ${table}`]);
  return Number(rows?.results[0]?.n ?? 0);
}

/** Clicks a provider's button on the post and waits for its popup to finish and close. */
async function signInWith(page: Page, label: string): Promise<void> {
  const form = page.locator("chorus-thread chorus-form").first();
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    form.getByRole("button", { name: `Sign in with ${label}` }).click(),
  ]);
  await popup.waitForEvent("close", { timeout: 15_000 });
}

/** A reader's tab on the post, blocking third-party cookies. */
async function openPost(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await blockThirdPartyCookies(page);
  await page.goto(`${worker.blogOrigin}/post.html`);
  await page.locator("chorus-thread chorus-form [part=sign-in]").waitFor();
  return page;
}

describe("readers who sign in with their accounts, in a popup, with third-party cookies blocked", () => {
  it("signs in with GitHub, posts under the verified name, stays signed in after a reload, and signs out", async () => {
    const context = await browser.newContext();
    const page = await openPost(context);
    // The browser really blocks third-party cookies: Chorus's origin, framed in the blog, keeps none.
    await page.evaluate(async (src) => {
      const iframe = document.createElement("iframe");
      iframe.src = src;
      document.body.appendChild(iframe);
      await new Promise((resolve) => iframe.addEventListener("load", resolve));
    }, `${worker.apiOrigin}/embed.js`);
    const chorusFrame = page.frames().find((candidate) => candidate.url().startsWith(worker.apiOrigin));
    const kept = await chorusFrame?.evaluate(() => {
      // biome-ignore lint/suspicious/noDocumentCookie: the probe sets a cookie the way a framed third party would
      document.cookie = "probe=1; SameSite=None; Secure";
      return document.cookie;
    });
    expect(kept).toBe("");

    await signInWith(page, "GitHub");
    const form = page.locator("chorus-thread chorus-form").first();
    await expect.poll(() => form.locator("[part=signed-in]").textContent()).toContain("Commenting as The Octocat");
    expect(await form.locator("input[name=authorEmail]").count()).toBe(0);

    await form.locator("textarea[name=body]").fill("Signed in with GitHub, and glad to see the launch.");
    await page.waitForTimeout(3_100);
    await form.locator("button[type=submit]").click();
    const mine = page.locator("chorus-comment").first();
    await expect.poll(() => mine.locator(".author").textContent()).toBe("The Octocat");
    await expect.poll(() => mine.locator("[part=signed-in-with]").textContent()).toBe("Signed in with GitHub");
    const [rows] = await worker.sql([
      `SELECT i.provider, i.subject, i.email, c.author_email, c.author_proven FROM comments c
        JOIN identities i ON i.id = c.identity_id`,
    ]);
    expect(rows?.results).toEqual([
      {
        provider: "github",
        subject: "583231",
        email: "octocat@github.example",
        author_email: "octocat@github.example",
        author_proven: 1,
      },
    ]);

    await page.reload();
    await expect.poll(() => form.locator("[part=signed-in]").textContent()).toContain("Commenting as The Octocat");
    await form.locator("[part=sign-out]").click();
    await expect.poll(() => form.locator("[part=sign-in]").count()).toBe(1);
    expect(await count("reader_sessions")).toBe(0);
    await context.close();
  });

  it("signs in with Google and with the brand's own OpenID Connect provider, their ID tokens checked, and deletes the account", async () => {
    const context = await browser.newContext();
    const page = await openPost(context);
    const form = page.locator("chorus-thread chorus-form").first();
    await signInWith(page, "Google");
    await expect.poll(() => form.locator("[part=signed-in]").textContent()).toContain("Commenting as Grace Google");
    await form.locator("[part=sign-out]").click();
    await signInWith(page, "Acme staff");
    await expect.poll(() => form.locator("[part=signed-in]").textContent()).toContain("Commenting as Ada from Acme");
    const [identities] = await worker.sql(["SELECT provider, subject, email, avatar FROM identities ORDER BY id"]);
    expect(identities?.results.slice(-2)).toEqual([
      {
        provider: "google",
        subject: "google-1001",
        email: "grace@gmail.example",
        avatar: "https://photos.example/grace.png",
      },
      { provider: "oidc", subject: "emp-7", email: "ada@acme.example", avatar: null },
    ]);

    // Ada leaves: her account goes, and every session with it.
    await form.locator("[part=delete-account]").click();
    await form.getByRole("button", { name: "Erase my comments too" }).click();
    await expect.poll(() => form.locator("[part=sign-in]").count()).toBe(1);
    const [left] = await worker.sql(["SELECT count(*) AS n FROM identities WHERE subject = 'emp-7'"]);
    expect(left?.results[0]?.n).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem("chorus:session:brand"))).toBeNull();
    await context.close();
  });

  it("signs in with Mastodon on the reader's own server, registering Chorus there once", async () => {
    const context = await browser.newContext();
    const page = await openPost(context);
    const form = page.locator("chorus-thread chorus-form").first();
    for (const round of [1, 2]) {
      await form.getByRole("button", { name: "Sign in with Mastodon" }).first().click();
      await form.locator("[part=mastodon-sign-in] input[name=instance]").fill(mastodon.origin);
      const [popup] = await Promise.all([
        page.waitForEvent("popup"),
        form.locator("[part=mastodon-sign-in] button[type=submit]").click(),
      ]);
      await popup.waitForEvent("close", { timeout: 15_000 });
      await expect.poll(() => form.locator("[part=signed-in]").textContent()).toContain("Commenting as Dana Theus");
      if (round === 1) await form.locator("[part=sign-out]").click();
    }
    expect(mastodon.registrations()).toBe(1);
    const host = new URL(mastodon.origin).host;
    const [rows] = await worker.sql(["SELECT subject, avatar FROM identities WHERE provider = 'mastodon'"]);
    expect(rows?.results).toEqual([{ subject: `109@${host}`, avatar: "https://files.example/dana.png" }]);
    await context.close();
  });

  it("signs in with a link sent by email, in the browser that asked for it and no other", async () => {
    const context = await browser.newContext();
    const page = await openPost(context);
    const form = page.locator("chorus-thread chorus-form").first();
    await form.getByRole("button", { name: "Sign in with email" }).click();
    await form.locator("[part=email-sign-in] input[name=name]").fill("Lin Reader");
    await form.locator("[part=email-sign-in] input[name=email]").fill("lin@mail.example");
    await form.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect
      .poll(() => form.locator("[part=error]").last().textContent())
      .toBe("Check your email, and open the link in this browser.");
    const link = async () => {
      let found = "";
      await expect
        .poll(() => {
          const mail = worker.mailbox
            ?.read()
            .filter((sent) => sent.to === "lin@mail.example")
            .at(-1);
          found = /http\S+#chorus-sign-in=[\w-]+/.exec(mail?.text ?? "")?.[0] ?? "";
          return found;
        })
        .not.toBe("");
      return found;
    };
    const first = await link();
    expect(first.startsWith(`${worker.blogOrigin}/post#chorus-sign-in=`)).toBe(true);

    // Opened in another browser, the link signs nobody in (and is used up).
    const other = await (await browser.newContext()).newPage();
    await other.goto(first);
    await expect
      .poll(() => other.locator("chorus-thread [part=status]").textContent())
      .toContain("works only in the browser that asked for it");
    expect(other.url()).not.toContain("chorus-sign-in");
    await other.context().close();

    await form.getByRole("button", { name: "Sign in with email" }).click();
    await form.locator("[part=email-sign-in] input[name=name]").fill("Lin Reader");
    await form.locator("[part=email-sign-in] input[name=email]").fill("lin@mail.example");
    await form.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect.poll(link).not.toBe(first);
    // The reader opens it from their email: a new tab of the same browser.
    const opened = await context.newPage();
    await opened.goto(await link());
    const openedForm = opened.locator("chorus-thread chorus-form").first();
    await expect.poll(() => openedForm.locator("[part=signed-in]").textContent()).toContain("Commenting as Lin Reader");
    expect(opened.url()).toBe(`${worker.blogOrigin}/post`);
    await context.close();
  });

  it("asks guests to sign in where the thread takes signed-in readers only, then takes their comment", async () => {
    await worker.sql(["INSERT INTO threads (site_id, path, require_sign_in) VALUES ('brand', '/members', 1)"]);
    const context = await browser.newContext();
    const page = await context.newPage();
    await blockThirdPartyCookies(page);
    await page.goto(`${worker.blogOrigin}/members.html`);
    const form = page.locator("chorus-thread chorus-form").first();
    await expect.poll(() => form.locator("[part=sign-in-required]").textContent()).toBe("Sign in to comment.");
    expect(await form.locator("input[name=authorName]").count()).toBe(0);
    expect(await form.locator("button[type=submit]").isDisabled()).toBe(true);
    await signInWith(page, "GitHub");
    await expect.poll(() => form.locator("[part=signed-in]").textContent()).toContain("Commenting as The Octocat");
    await form.locator("textarea[name=body]").fill("Members only, and signed in.");
    await page.waitForTimeout(3_100);
    await form.locator("button[type=submit]").click();
    await expect.poll(() => page.locator("chorus-comment .author").first().textContent()).toBe("The Octocat");
    await context.close();
  });

  it("refuses an ID token made for another client, a replayed answer, and a page on another origin, signing nobody in", async () => {
    const context = await browser.newContext();
    const page = await openPost(context);
    const form = page.locator("chorus-thread chorus-form").first();
    const identities = await count("identities");
    const sessions = await count("reader_sessions");

    google.tamperNext((payload) => {
      payload.aud = "another-client";
    });
    await signInWith(page, "Google");
    await expect
      .poll(() => form.locator("[part=error]").last().textContent())
      .toContain("The provider's ID token did not verify");
    expect(await form.locator("[part=signed-in]").count()).toBe(0);
    expect([await count("identities"), await count("reader_sessions")]).toEqual([identities, sessions]);

    const callbacks: string[] = [];
    context.on("request", (request) => {
      if (request.url().includes("/api/sign-in/callback")) callbacks.push(request.url());
    });
    await signInWith(page, "GitHub");
    await expect.poll(() => form.locator("[part=signed-in]").textContent()).toContain("Commenting as The Octocat");
    const signedInSessions = await count("reader_sessions");
    const replay = await context.newPage();
    const replayed = await replay.goto(callbacks[0] ?? "about:blank");
    expect(replayed?.status()).toBe(400);
    expect(await replay.textContent("body")).toContain("This sign-in has expired or was already used");
    expect(await count("reader_sessions")).toBe(signedInSessions);

    const attacker = await context.newPage();
    await attacker.goto(`${gitHub.origin}/attacker.html?${new URLSearchParams({ as: gitHub.origin })}`);
    const [refused] = await Promise.all([attacker.waitForEvent("popup"), attacker.click("#go")]);
    await expect.poll(() => refused.textContent("body")).toContain("is not one of this site's origins");
    expect(await count("sign_in_flows")).toBe(0);
    await refused.close();

    await attacker.goto(`${gitHub.origin}/attacker.html`);
    const [stolen] = await Promise.all([attacker.waitForEvent("popup"), attacker.click("#go")]);
    await stolen.waitForEvent("close", { timeout: 15_000 });
    expect(await attacker.evaluate(() => (window as unknown as { received: unknown[] }).received)).toEqual([]);
    await context.close();
  });
});
