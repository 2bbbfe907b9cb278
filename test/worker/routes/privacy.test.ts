import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import { alertLinkToken } from "../../../worker/alerts/links";
import type { PostedComment } from "../../../worker/api/schemas";
import { createApp } from "../../../worker/app";
import { sha256Hex } from "../../../worker/lib/crypto";
import { muteToken, subscriberTokens } from "../../../worker/mail/notify";
import { blogOrigin, call, connectLive, createSite, postComment, roomHolds } from "../helpers";

/** Every public (non-console) route, with a request that exercises it. Adding a route means adding it here. */
const publicRoutes: Record<string, (site: string) => Promise<Response>> = {
  "GET /api/health": () => call("/api/health"),
  "GET /api/openapi.json": () => call("/api/openapi.json"),
  "GET /api/sites/:site/thread": (site) => call(`/api/sites/${site}/thread?page=/post/hello`, { headers: reader() }),
  "GET /api/sites/:site/replies": async (site) => {
    const root = await walkersComment(site);
    return call(`/api/sites/${site}/replies?page=/post/hello&root=${root}&from=1`, { headers: reader() });
  },
  "GET /api/sites/:site/changes": (site) =>
    call(`/api/sites/${site}/changes?page=/post/hello&since=0`, { headers: reader() }),
  "GET /api/sites/:site/live": async (site) => {
    const live = await connectLive(site, "/post/hello", readerHeader["X-Chorus-Reader"]);
    await roomHolds(site, "/post/hello", 1);
    await postComment(site, { body: "Said live, by the same person", authorEmail: walkerEmail }, reader());
    await vi.waitFor(() => expect(live.events.length).toBe(1));
    live.socket?.close();
    // What the live connection carried: its upgrade's headers, then every event it sent.
    return new Response(JSON.stringify(live.events), { headers: live.response.headers });
  },
  "GET /api/sites/:site/counts": (site) => call(`/api/sites/${site}/counts?page=/post/hello&page=/other`),
  "GET /api/sites/:site/form": (site) => call(`/api/sites/${site}/form?page=/post/hello`),
  "OPTIONS /api/sites/:site/*": (site) => call(`/api/sites/${site}/comments`, { method: "OPTIONS" }),
  "POST /api/sites/:site/comments": (site) =>
    postComment(site, { body: "One more, from the same person", authorEmail: "walker@private.example" }, reader()),
  "POST /api/sites/:site/preview": (site) => call(`/api/sites/${site}/preview`, { body: { body: "A draft" } }),
  "GET /api/sites/:site/feed.atom": (site) => call(`/api/sites/${site}/feed.atom`, { origin: null }),
  "POST /api/sites/:site/comments/:id/report": async (site) => {
    const root = await walkersComment(site);
    return call(`/api/sites/${site}/comments/${root}/report`, { body: { reason: "off_topic" }, headers: reader() });
  },
  "POST /api/sites/:site/reactions": (site) =>
    call(`/api/sites/${site}/reactions`, { body: { page: "/post/hello", kind: "like" }, headers: reader() }),
  "POST /api/sites/:site/comments/:id/edit": async (site) => {
    const posted = (await (
      await postComment(site, { body: "To be edited", authorEmail: "walker@private.example" }, reader())
    ).json()) as PostedComment;
    return call(`/api/sites/${site}/comments/${posted.comment.id}/edit`, {
      body: { secret: posted.editSecret, body: "Edited, by the same person" },
      headers: reader(),
    });
  },
  "POST /api/sites/:site/comments/:id/delete": async (site) => {
    const posted = (await (
      await postComment(site, { body: "To be deleted", authorEmail: "walker@private.example" }, reader())
    ).json()) as PostedComment;
    return call(`/api/sites/${site}/comments/${posted.comment.id}/delete`, {
      body: { secret: posted.editSecret },
      headers: reader(),
    });
  },
  "GET /api/mail/confirm": (site) => mailLink(site, "confirm", "GET"),
  "POST /api/mail/confirm": (site) => mailLink(site, "confirm", "POST"),
  "GET /api/mail/unsubscribe": (site) => mailLink(site, "unsubscribe", "GET"),
  "POST /api/mail/unsubscribe": (site) => mailLink(site, "unsubscribe", "POST"),
  "GET /api/mail/mute": (site) => muteLink(site, "GET"),
  "POST /api/mail/mute": (site) => muteLink(site, "POST"),
  "POST /api/webmention": () => sendWebmention(),
  "POST /api/pingback": () =>
    call("/api/pingback", {
      method: "POST",
      origin: null,
      headers: { "Content-Type": "text/xml" },
      rawBody: `<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName><params><param><value><string>https://elsewhere.example/ping</string></value></param><param><value><string>${blogOrigin}/post/hello</string></value></param></params></methodCall>`,
    }),
  "GET /api/webmention/:id": async () => {
    const sent = (await (await sendWebmention()).json()) as { statusUrl: string };
    return call(new URL(sent.statusUrl).pathname, { origin: null });
  },
  "POST /api/sites/:site/sso": (site) => ssoSignIn(site),
  "DELETE /api/sites/:site/session": async (site) => {
    const { session } = (await (await ssoSignIn(site)).json()) as { session: string };
    return call(`/api/sites/${site}/session`, { method: "DELETE", headers: { "X-Chorus-Session": session } });
  },
  "POST /api/sites/:site/account/delete": async (site) => {
    const { session } = (await (await ssoSignIn(site)).json()) as { session: string };
    await postComment(site, { body: "Said while signed in" }, { ...reader(), "X-Chorus-Session": session });
    return call(`/api/sites/${site}/account/delete`, {
      body: { comments: "keep" },
      headers: { ...reader(), "X-Chorus-Session": session },
    });
  },
  "POST /api/sites/:site/email-sign-in": (site) => askForSignInLink(site),
  "POST /api/sites/:site/email-sign-in/finish": async (site) => {
    await askForSignInLink(site);
    const row = await env.DB.prepare(
      "SELECT text_body FROM outbox WHERE site_id = ? AND kind = 'sign_in' ORDER BY id DESC LIMIT 1",
    )
      .bind(site)
      .first<{ text_body: string }>();
    const code = /#chorus-sign-in=([A-Za-z0-9_-]+)/.exec(row?.text_body ?? "")?.[1] ?? "";
    return call(`/api/sites/${site}/email-sign-in/finish`, {
      body: { code, browserSecret: "privacy-walk-browser-01" },
      headers: reader(),
    });
  },
  "GET /api/sites/:site/sign-in/:kind": (site) => startSignIn(site),
  // Without a provider to answer, the walk finishes a sign-in the way a stranger's browser would: refused (400).
  "GET /api/sign-in/callback": async (site) => {
    const started = await startSignIn(site);
    const state = new URL(started.headers.get("Location") ?? "https://github.test").searchParams.get("state") ?? "";
    return call(`/api/sign-in/callback?state=${encodeURIComponent(state)}&code=walk`, { origin: null });
  },
  "GET /api/alerts/act": (site) => alertLink(site, "GET"),
  "POST /api/alerts/act": (site) => alertLink(site, "POST"),
};

/** The walker's popup starting to sign in with GitHub (which the walk's site offers): a redirect there. */
async function startSignIn(site: string) {
  await env.DB.prepare(
    "INSERT OR IGNORE INTO sign_in_providers (site_id, kind, label, client_id, client_secret) VALUES (?, 'github', 'GitHub', 'walk-client', 'walk-secret')",
  )
    .bind(site)
    .run();
  const query = new URLSearchParams({ origin: blogOrigin, nonce: "privacy-walk-nonce-0001" });
  return call(`/api/sites/${site}/sign-in/github?${query}`, {
    origin: null,
    headers: reader(),
    bindings: { GITHUB_URL: "https://github.test" },
  });
}

/** The walker asking for a sign-in link by email, on a site that sends them (from a network of its own, clear of limits). */
async function askForSignInLink(site: string) {
  await env.DB.prepare("UPDATE sites SET email_sign_in = 1 WHERE id = ?").bind(site).run();
  return call(`/api/sites/${site}/email-sign-in`, {
    body: {
      email: walkerEmail,
      name: "Walker",
      returnUrl: `${blogOrigin}/post/hello`,
      browserSecret: "privacy-walk-browser-01",
    },
    headers: { ...reader(), "CF-Connecting-IP": `203.0.113.${++walkerNetworks}` },
    bindings: mailBindings,
  });
}

/** Routes whose walk cannot succeed here, and the status they answer instead. */
const refusedInWalk: Record<string, number> = { "GET /api/sign-in/callback": 400 };

let walkerNetworks = 0;

/** The id of a new comment by the walker (from a network of its own, clear of rate limits), with a reply under it. */
async function walkersComment(site: string): Promise<number> {
  const headers = { ...reader(), "CF-Connecting-IP": `203.0.113.${++walkerNetworks}` };
  const posted = await postComment(site, { body: "Answer me", authorEmail: walkerEmail }, headers);
  const { comment } = (await posted.json()) as PostedComment;
  await postComment(site, { body: "An answer", parentId: comment.id }, headers);
  return comment.id;
}

/** The link in a reply email to the walker that stops emails about one of their comments. */
async function muteLink(site: string, method: string) {
  const comment = await walkersComment(site);
  const token = await muteToken(env.FORM_TOKEN_SECRET, site, comment);
  return call(`/api/mail/mute?site=${site}&comment=${comment}&token=${token}`, {
    method,
    origin: null,
    bindings: mailBindings,
  });
}

/** A one-click link from a webhook alert about the walker's comment, as a moderator would follow it. */
async function alertLink(site: string, method: string) {
  const comment = await walkersComment(site);
  const webhook = await env.DB.prepare(
    "INSERT INTO webhooks (site_id, url, format, events, secret) VALUES (?, 'https://hooks.example/in', 'json', '[\"held\"]', 'whsec_walk') RETURNING id",
  )
    .bind(site)
    .first<{ id: number }>();
  const token = await alertLinkToken(env.FORM_TOKEN_SECRET, {
    site,
    comment,
    action: "approve",
    webhook: webhook?.id ?? 0,
    expires: Date.now() + 60_000,
  });
  return call(`/api/alerts/act?token=${token}`, { method, origin: null });
}

/** A Webmention from another blog to the walk's page (its site allows the blog origin the helpers use). */
function sendWebmention() {
  return call("/api/webmention", {
    method: "POST",
    origin: null,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    rawBody: new URLSearchParams({
      source: "https://elsewhere.example/reply",
      target: `${blogOrigin}/post/hello`,
    }).toString(),
  });
}

/** The walker signed in by the site's own accounts (site SSO), their email in the site's token. */
async function ssoSignIn(site: string) {
  const secret = "ssosec_privacy-walk-secret-0000000000000000";
  await env.DB.prepare("UPDATE sites SET sso_secret = ? WHERE id = ?").bind(secret, site).run();
  const token = await new SignJWT({ sub: "walker", name: "Walker", email: walkerEmail })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime("5m")
    .setAudience(site)
    .sign(new TextEncoder().encode(secret));
  return call(`/api/sites/${site}/sso`, { body: { token }, headers: reader() });
}

const walkerEmail = "walker@private.example";
const mailBindings = { MAIL_FROM: "comments@chorus.example", EMAIL: { send: async () => undefined } };

/** A link from the walker's own emails, as they would follow it. */
async function mailLink(site: string, action: "confirm" | "unsubscribe", method: string) {
  const token = (await subscriberTokens(env.FORM_TOKEN_SECRET, site, walkerEmail))[action];
  return call(`/api/mail/${action}?token=${token}`, { method, origin: null, bindings: mailBindings });
}

const readerKey = "privacy-reader-key-000000001";
const readerHeader = { "X-Chorus-Reader": readerKey, "CF-Connecting-IP": "198.51.100.77" };

/** The reader the walk's requests come from: the walker, or (`strangers`) someone new every time. */
let walkAs: "walker" | "strangers" = "walker";
let strangerCount = 0;
function reader(): Record<string, string> {
  if (walkAs === "walker") return readerHeader;
  strangerCount++;
  return {
    "X-Chorus-Reader": `privacy-stranger-${String(strangerCount).padStart(8, "0")}`,
    "CF-Connecting-IP": "198.51.100.77",
  };
}

describe("privacy of the public API", () => {
  it("lists every public route it checks (a new public route must be added to this walk)", () => {
    const routes = createApp()
      .routes.filter((route) => route.path.startsWith("/api") && !route.path.startsWith("/api/admin"))
      .filter((route) => route.method !== "ALL")
      .map((route) => `${route.method} ${route.path}`);
    expect([...new Set(routes)].sort()).toEqual(Object.keys(publicRoutes).sort());
  });

  it("never returns an email, an IP address, or any hash of either, on any public route", async () => {
    await createSite("privacy");
    const first = await postComment(
      "privacy",
      { authorEmail: walkerEmail, body: "Held? no.", notifyReplies: true },
      readerHeader,
      mailBindings,
    );
    const { comment } = (await first.json()) as PostedComment;
    const stored = await env.DB.prepare("SELECT ip_hash, reader_hash FROM comments WHERE id = ?")
      .bind(comment.id)
      .first<{ ip_hash: string; reader_hash: string }>();
    const secrets = [walkerEmail, "private.example", "198.51.100.77", stored?.ip_hash, stored?.reader_hash, readerKey];
    expect(secrets.every(Boolean)).toBe(true);
    for (const [route, request] of Object.entries(publicRoutes)) {
      const response = await request("privacy");
      if (refusedInWalk[route]) expect(response.status, route).toBe(refusedInWalk[route]);
      else expect(response.status, route).toBeLessThan(400);
      const text = `${[...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n")}\n${await response.text()}`;
      for (const secret of secrets) expect(text.includes(String(secret)), `${route} leaks ${secret}`).toBe(false);
    }
  });

  it("never returns the Gravatar hash of an email that strangers typed, on a Gravatar site", async () => {
    await createSite("privacy-gravatar");
    await env.DB.prepare("UPDATE sites SET gravatar = 1 WHERE id = 'privacy-gravatar'").run();
    walkAs = "strangers";
    try {
      await postComment(
        "privacy-gravatar",
        { authorEmail: walkerEmail, body: "Typed someone's address.", notifyReplies: true },
        reader(),
        mailBindings,
      );
      const gravatar = await sha256Hex(walkerEmail);
      for (const [route, request] of Object.entries(publicRoutes)) {
        const response = await request("privacy-gravatar");
        if (refusedInWalk[route]) expect(response.status, route).toBe(refusedInWalk[route]);
        else expect(response.status, route).toBeLessThan(400);
        const text = `${[...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n")}\n${await response.text()}`;
        for (const secret of [walkerEmail, gravatar]) {
          expect(text.includes(secret), `${route} leaks ${secret}`).toBe(false);
        }
      }
    } finally {
      walkAs = "walker";
    }
  });

  it("marks API answers, errors too, nosniff, unframeable and same-origin, and sends no referrer", async () => {
    for (const path of ["/api/health", "/api/sites/no-such-site/form?page=/x", "/api/no-such-route"]) {
      const response = await call(path);
      expect(response.headers.get("X-Content-Type-Options"), path).toBe("nosniff");
      expect(response.headers.get("Referrer-Policy"), path).toBe("no-referrer");
      expect(response.headers.get("X-Frame-Options"), path).toBe("DENY");
      expect(response.headers.get("Cross-Origin-Resource-Policy"), path).toBe("same-origin");
    }
  });
});
