import { generateCodeVerifier, generateState } from "arctic";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { signInProviderKinds } from "../../common/vocabulary";
import {
  deleteAccountSchema,
  readerSessionSchema,
  type SignedInReader,
  signInCallbackQuerySchema,
  signInStartQuerySchema,
  ssoSignInSchema,
} from "../api/schemas";
import { authorizationUrl, finishSignIn, SignInError } from "../auth/providers";
import type { SsoUser } from "../auth/reader-sso";
import { verifySsoToken } from "../auth/reader-sso";
import { deleteAccount, endSession, readerSessionMs, signIn } from "../db/reader-sessions";
import { findSignInProvider, signInFlowMs, startFlow, takeFlow } from "../db/sign-in-providers";
import { findSite } from "../db/sites";
import type { AppEnv } from "../env";
import { signInCallbackAddress } from "../http/body";
import { ApiError, notFound, parseInput } from "../http/errors";
import { signInPage } from "../http/link-page";
import { signedInReader } from "../http/reader";
import { jsonRequest, validJson } from "../http/validate";
import { randomToken, sha256Hex } from "../lib/crypto";
import { announce } from "../live/announce";
import { admitOrigin } from "../middleware/cors";

/**
 * Readers signing in to a site. `POST /api/sites/:site/sso {token}`: the site's own server signed a
 * token for its logged-in user (worker/auth/reader-sso.ts); the answer is a session token for the
 * widget to send as `X-Chorus-Session` (only its hash is stored; 30 days). A refused token stores
 * nothing. `DELETE /api/sites/:site/session` signs the session out; `POST /api/sites/:site/account/delete`
 * deletes the account, its comments kept as a deleted account's or erased. `GET /api/sites/:site/sign-in/KIND`
 * starts a sign-in with an account provider in the reader's popup (`signInCallbackRoutes` finishes it).
 */
export const signInRoutes = new Hono<AppEnv>()
  .post("/sso", jsonRequest, validJson(ssoSignInSchema), async (c) => {
    const { siteId } = c.var;
    const { db } = c.var.database;
    const site = await findSite(db, siteId);
    if (!site) throw notFound.site();
    admitOrigin(c, site, "write");
    if (!site.ssoSecret) throw new ApiError(404, "sso_off", "This site does not sign readers in with its own accounts");
    const checked = await verifySsoToken(site.ssoSecret, c.req.valid("json").token, siteId);
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
    const flow = { state: generateState(), codeVerifier: generateCodeVerifier(), nonce: randomToken(16) };
    let destination: URL;
    try {
      destination = await authorizationUrl(c.env, provider, signInCallbackAddress(c), flow);
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
    const user = await finishSignIn(c.env, provider, signInCallbackAddress(c), code, flow);
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
