import { generateCodeVerifier, generateState } from "arctic";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { signInProviderKinds } from "../../common/vocabulary";
import {
  deleteAccountSchema,
  emailSignInFinishSchema,
  emailSignInSchema,
  readerSessionSchema,
  type SignedInReader,
  signInCallbackQuerySchema,
  signInStartQuerySchema,
  ssoSignInSchema,
} from "../api/schemas";
import {
  authorizationUrl,
  finishSignIn,
  mastodonInstance,
  type ProviderSettings,
  registerMastodonApp,
  SignInError,
} from "../auth/providers";
import type { SsoUser } from "../auth/reader-sso";
import { verifySsoToken } from "../auth/reader-sso";
import { sendSignInLink, takeSignInLink } from "../db/email-sign-ins";
import { findMastodonApp, saveMastodonApp } from "../db/mastodon-apps";
import { deleteAccount, endSession, readerSessionMs, signIn } from "../db/reader-sessions";
import type { SignInProvider } from "../db/schema";
import { findSignInProvider, mayStartSignIn, signInFlowMs, startFlow, takeFlow } from "../db/sign-in-providers";
import { findSite } from "../db/sites";
import type { AppEnv } from "../env";
import { publicOrigin, signInCallbackAddress } from "../http/body";
import { ApiError, notFound, parseInput } from "../http/errors";
import { ipHash } from "../http/ip";
import { signInPage } from "../http/link-page";
import { signedInReader } from "../http/reader";
import { jsonRequest, validJson } from "../http/validate";
import { randomToken, sha256Hex } from "../lib/crypto";
import { announce } from "../live/announce";
import { signInMail } from "../mail/compose";
import { deliverInBackground } from "../mail/in-request";
import { sendsMail } from "../mail/notify";
import { admitOrigin } from "../middleware/cors";

/**
 * Readers signing in to a site. `POST /api/sites/:site/sso {token}`: the site's own server signed a
 * token for its logged-in user (worker/auth/reader-sso.ts); the answer is a session token for the
 * widget to send as `X-Chorus-Session` (only its hash is stored; 30 days). A refused token stores
 * nothing. `DELETE /api/sites/:site/session` signs the session out; `POST /api/sites/:site/account/delete`
 * deletes the account, its comments kept as a deleted account's or erased. `GET /api/sites/:site/sign-in/KIND`
 * starts a sign-in with an account provider in the reader's popup (`signInCallbackRoutes` finishes it);
 * `POST email-sign-in` emails a one-time link back to the page, which `POST email-sign-in/finish`
 * trades for a session in the browser that asked for it only.
 */
export const signInRoutes = new Hono<AppEnv>()
  .post("/sso", jsonRequest, validJson(ssoSignInSchema), async (c) => {
    const { siteId } = c.var;
    const { db } = c.var.database;
    const site = await findSite(db, siteId);
    if (!site) throw notFound.site();
    admitOrigin(c, site, "write");
    if (!site.ssoSecret && !site.ssoJwksUrl) {
      throw new ApiError(404, "sso_off", "This site does not sign readers in with its own accounts");
    }
    const keys = { secret: site.ssoSecret, jwksUrl: site.ssoJwksUrl };
    const checked = await verifySsoToken(keys, c.req.valid("json").token, siteId);
    if (!checked.ok) {
      throw new ApiError(401, "sso_refused", `Sign-in refused: ${checked.reason}`, [
        { field: "token", message: checked.reason },
      ]);
    }
    return c.json(await newSession(c, siteId, "sso", checked.user), 201);
  })
  .get("/sign-in/:kind", async (c) => {
    const { siteId } = c.var;
    const { db } = c.var.database;
    const kind = signInProviderKinds.find((known) => known === c.req.param("kind"));
    const query = signInStartQuerySchema.safeParse(c.req.query());
    if (!query.success) {
      const [issue] = query.error.issues;
      return signInPage(
        c,
        400,
        { title: "Sign-in refused", detail: `${String(issue?.path[0])}: ${issue?.message}` },
        null,
      );
    }
    const { origin, nonce: openerNonce } = query.data;
    const site = await findSite(db, siteId);
    const provider = site && kind ? await findSignInProvider(db, siteId, kind) : undefined;
    if (!site || !provider) {
      return signInPage(c, 404, { title: "Sign-in refused", detail: "This site offers no such sign-in" }, null);
    }
    if (!site.allowedOrigins.includes(origin)) {
      return signInPage(
        c,
        400,
        { title: "Sign-in refused", detail: `origin: ${origin} is not one of this site's origins` },
        null,
      );
    }
    if (!(await mayStartSignIn(db, siteId, await ipHash(c), Date.now()))) {
      const detail = "Too many sign-ins started from this network; try again in an hour";
      return signInPage(c, 429, { title: "Sign-in refused", detail }, null);
    }
    const instance = provider.kind === "mastodon" ? mastodonInstance(query.data.instance ?? "") : null;
    if (provider.kind === "mastodon" && !instance) {
      const detail = "instance: name your Mastodon server, such as mastodon.social";
      return signInPage(c, 400, { title: "Sign-in refused", detail }, null);
    }
    const flow = { state: generateState(), codeVerifier: generateCodeVerifier(), nonce: randomToken(16) };
    let destination: URL;
    try {
      const settings = await providerSettings(c, provider, instance, "register");
      destination = await authorizationUrl(c.env, settings, signInCallbackAddress(c), flow);
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      return signInPage(
        c,
        502,
        { title: "Sign-in failed", detail: error.message },
        { origin, message: { type: "chorus-sign-in", nonce: openerNonce, error: error.message } },
      );
    }
    const binding = randomToken(32);
    await startFlow(db, {
      stateHash: await sha256Hex(flow.state),
      siteId,
      providerId: provider.id,
      codeVerifier: flow.codeVerifier,
      nonce: flow.nonce,
      openerOrigin: origin,
      openerNonce,
      instance,
      bindingHash: await sha256Hex(binding),
      expiresAt: Date.now() + signInFlowMs,
    });
    setCookie(c, bindingCookie, binding, {
      path: "/api/sign-in",
      httpOnly: true,
      sameSite: "Lax",
      secure: new URL(c.req.url).protocol === "https:",
      maxAge: signInFlowMs / 1000,
    });
    c.header("Cross-Origin-Opener-Policy", "unsafe-none");
    c.header("Cache-Control", "no-store");
    return c.redirect(destination.toString(), 302);
  })
  .post("/email-sign-in", jsonRequest, validJson(emailSignInSchema), async (c) => {
    const { siteId } = c.var;
    const { db } = c.var.database;
    const site = await findSite(db, siteId);
    if (!site) throw notFound.site();
    admitOrigin(c, site, "write");
    if (!site.emailSignIn || !sendsMail(c.env)) {
      throw new ApiError(404, "email_sign_in_off", "This site does not sign readers in by email");
    }
    const input = c.req.valid("json");
    const back = new URL(input.returnUrl);
    if (!site.allowedOrigins.includes(back.origin)) {
      throw new ApiError(400, "invalid_input", "returnUrl: is not on one of this site's origins", [
        { field: "returnUrl", message: "is not on one of this site's origins" },
      ]);
    }
    const code = randomToken(32);
    back.hash = `chorus-sign-in=${code}`;
    const sent = await sendSignInLink(db, {
      siteId,
      email: input.email,
      name: input.name,
      codeHash: await sha256Hex(code),
      browserHash: await sha256Hex(input.browserSecret),
      ipHash: await ipHash(c),
      mail: signInMail({ siteName: site.name, signInUrl: back.toString() }),
      now: Date.now(),
    });
    if (!sent) throw new ApiError(429, "rate_limited", "Too many sign-in links asked for; try again in an hour");
    deliverInBackground(c);
    return c.json({ sent: true }, 202);
  })
  .post("/email-sign-in/finish", jsonRequest, validJson(emailSignInFinishSchema), async (c) => {
    const { siteId } = c.var;
    const { db } = c.var.database;
    const site = await findSite(db, siteId);
    if (!site) throw notFound.site();
    admitOrigin(c, site, "write");
    const { code, browserSecret } = c.req.valid("json");
    const link = await takeSignInLink(db, siteId, await sha256Hex(code), Date.now());
    if (!link) {
      throw new ApiError(401, "email_sign_in_refused", "This sign-in link has expired or was already used");
    }
    if ((await sha256Hex(browserSecret)) !== link.browserHash) {
      throw new ApiError(
        401,
        "email_sign_in_refused",
        "This sign-in link works only in the browser that asked for it: ask for a new one here",
      );
    }
    const user = { subject: link.email, name: link.name, email: link.email, avatar: null, role: "reader" as const };
    return c.json(await newSession(c, siteId, "email", user), 201);
  })
  .post("/account/delete", jsonRequest, validJson(deleteAccountSchema), async (c) => {
    const { siteId } = c.var;
    const { db } = c.var.database;
    const site = await findSite(db, siteId);
    if (!site) throw notFound.site();
    admitOrigin(c, site, "write");
    const identity = await signedInReader(c, siteId);
    if (!identity) {
      throw new ApiError(400, "invalid_input", "X-Chorus-Session is required to delete an account", [
        { field: "header:X-Chorus-Session", message: "is required to delete an account" },
      ]);
    }
    const changed = await deleteAccount(db, {
      siteId,
      identityId: identity.id,
      comments: c.req.valid("json").comments,
    });
    announce(c, siteId, { ids: changed });
    return c.json({ deleted: true, comments: changed.length });
  })
  .delete("/session", async (c) => {
    const { siteId } = c.var;
    const token = parseInput(readerSessionSchema, c.req.header("X-Chorus-Session") ?? "", "header:X-Chorus-Session");
    const site = await findSite(c.var.database.db, siteId);
    if (!site) throw notFound.site();
    admitOrigin(c, site, "write");
    await endSession(c.var.database.db, siteId, await sha256Hex(token));
    return c.body(null, 204);
  });

/** The cookie that binds a sign-in to the browser whose popup started it (first-party there: the popup is on our origin). */
const bindingCookie = "chorus_sign_in";

/**
 * The client a sign-in uses: the site's, or for Mastodon this deployment's app on the reader's
 * instance (`register`: made there on first use and kept in D1; `find`: as it was kept).
 */
async function providerSettings(
  c: Context<AppEnv>,
  provider: SignInProvider,
  instance: string | null,
  mode: "register" | "find",
): Promise<ProviderSettings> {
  if (provider.kind !== "mastodon") return provider;
  if (!instance) throw new SignInError("This sign-in names no Mastodon server");
  const { db } = c.var.database;
  const redirectUri = signInCallbackAddress(c);
  let app = await findMastodonApp(db, instance, redirectUri);
  if (!app && mode === "register") {
    const made = await registerMastodonApp(instance, redirectUri, publicOrigin(c));
    app = { instance, redirectUri, ...made, createdAt: Date.now() };
    await saveMastodonApp(db, app);
  }
  if (!app) throw new SignInError("This Mastodon server's app is gone: start again from the page");
  return { ...provider, clientId: app.clientId, clientSecret: app.clientSecret, issuer: instance };
}

/** Signs `user` in to the site through `provider`: a new session token, of which only the hash is stored. */
async function newSession(c: Context<AppEnv>, siteId: string, provider: string, user: SsoUser) {
  const session = randomToken(32);
  const now = Date.now();
  const identity = await signIn(c.var.database.db, {
    siteId,
    provider,
    user,
    tokenHash: await sha256Hex(session),
    now,
  });
  const body: SignedInReader = {
    session,
    expiresAt: new Date(now + readerSessionMs).toISOString(),
    reader: { name: identity.name, role: identity.role, provider: identity.provider },
  };
  return body;
}

/**
 * `GET /api/sign-in/callback?state=&code=`: where the provider sends the reader's popup back. The
 * state names the flow (taken once, so a replayed code finds nothing), the cookie must be the one
 * set when this browser started it (login CSRF: nobody can finish a sign-in in another's browser),
 * the code is traded with the flow's PKCE verifier, and the session goes to the opening page's origin
 * only. Every refusal stores nothing and says why; the page that opened the popup hears it too.
 */
export const signInCallbackRoutes = new Hono<AppEnv>().get("/callback", async (c) => {
  const { db } = c.var.database;
  const refused = (detail: string) => ({ title: "Sign-in refused", detail });
  const query = signInCallbackQuerySchema.safeParse(c.req.query());
  if (!query.success) {
    const [issue] = query.error.issues;
    return signInPage(c, 400, refused(`${String(issue?.path[0])}: ${issue?.message}`), null);
  }
  const { state, code, error } = query.data;
  const binding = getCookie(c, bindingCookie);
  deleteCookie(c, bindingCookie, { path: "/api/sign-in" });
  const taken = await takeFlow(db, await sha256Hex(state), Date.now());
  if (!taken) {
    return signInPage(c, 400, refused("This sign-in has expired or was already used: start again from the page"), null);
  }
  const { flow, provider } = taken;
  const answer = (status: 200 | 400 | 502, text: { title: string; detail: string }, result: object) =>
    signInPage(c, status, text, {
      origin: flow.openerOrigin,
      message: { type: "chorus-sign-in", nonce: flow.openerNonce, ...result },
    });
  if (!binding || (await sha256Hex(binding)) !== flow.bindingHash) {
    const detail = "This sign-in was started in another browser window: start again from the page";
    return answer(400, refused(detail), { error: detail });
  }
  if (error || !code) {
    const detail = `${provider.label} did not sign you in (${error ?? "no code"})`;
    return answer(400, refused(detail), { error: detail });
  }
  try {
    const settings = await providerSettings(c, provider, flow.instance, "find");
    const user = await finishSignIn(c.env, settings, signInCallbackAddress(c), code, flow);
    const signedIn = await newSession(c, flow.siteId, provider.kind, user);
    return answer(
      200,
      { title: "Signed in", detail: `You are signed in as ${user.name}. You can close this window.` },
      { signedIn },
    );
  } catch (failure) {
    if (!(failure instanceof SignInError)) throw failure;
    return answer(502, { title: "Sign-in failed", detail: failure.message }, { error: failure.message });
  }
});
