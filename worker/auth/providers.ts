/**
 * Readers signing in with an account they already have: GitHub and Mastodon (OAuth 2.0), and Google,
 * Microsoft or any OpenID Connect provider a site names. arctic runs the OAuth flows (authorization code with
 * PKCE, S256), jose checks OpenID ID tokens against the issuer's published keys (issuer, audience,
 * nonce, expiry). Each provider is data: where to send the reader, where to trade the code, and how
 * to read who came back.
 */
import { CodeChallengeMethod, OAuth2Client } from "arctic";
import { type JWTPayload, jwtVerify } from "jose";
import { z } from "zod";
import { fieldLimits } from "../../common/vocabulary";
import type { SignInProvider } from "../db/schema";
import type { Env } from "../env";
import { outboundAddressProblem } from "../lib/outbound";
import { publishedKeys, type SsoUser } from "./reader-sso";

/** The parts of a sign-in flow kept between its start and the provider's answer. */
export interface FlowSecrets {
  state: string;
  codeVerifier: string;
  nonce: string;
}

export type ProviderSettings = Pick<SignInProvider, "kind" | "clientId" | "clientSecret" | "issuer">;
type ProviderEnv = Pick<Env, "GITHUB_URL" | "GITHUB_API_URL" | "GOOGLE_ISSUER">;

/** What went wrong talking to a provider, in words a reader can be shown. */
export class SignInError extends Error {}

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  jwks_uri: z.url(),
});
type Discovery = z.infer<typeof discoverySchema>;

const discoveries = new Map<string, { discovery: Discovery; readAt: number }>();
const discoveryMs = 60 * 60 * 1000;

/** The issuer's OpenID configuration (`/.well-known/openid-configuration`), kept an hour in this isolate. */
async function discover(issuer: string): Promise<Discovery> {
  const kept = discoveries.get(issuer);
  if (kept && Date.now() - kept.readAt < discoveryMs) return kept.discovery;
  const problem = outboundAddressProblem(issuer);
  if (problem) throw new SignInError(`The provider's issuer ${problem}`);
  const response = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, {
    headers: { Accept: "application/json" },
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  if (!response?.ok) throw new SignInError("The sign-in provider could not be reached");
  const parsed = discoverySchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new SignInError("The sign-in provider's configuration is not usable");
  for (const address of [parsed.data.authorization_endpoint, parsed.data.token_endpoint, parsed.data.jwks_uri]) {
    if (outboundAddressProblem(address)) throw new SignInError("The sign-in provider's configuration is not usable");
  }
  discoveries.set(issuer, { discovery: parsed.data, readAt: Date.now() });
  return parsed.data;
}

/** Microsoft's multi-tenant endpoints name the tenant in each token (`tid`) instead of one issuer. */
const microsoftShared = ["common", "organizations", "consumers"];

/** The issuer a provider's ID tokens must name; Microsoft's shared tenants sign as the reader's own tenant. */
function issuerOf(env: ProviderEnv, provider: ProviderSettings): string {
  if (provider.kind === "google") return env.GOOGLE_ISSUER || "https://accounts.google.com";
  if (provider.kind === "microsoft") return `https://login.microsoftonline.com/${provider.issuer ?? "common"}/v2.0`;
  if (!provider.issuer) throw new SignInError("This provider has no issuer");
  return provider.issuer;
}

function github(env: ProviderEnv) {
  const web = (env.GITHUB_URL || "https://github.com").replace(/\/$/, "");
  return {
    authorize: `${web}/login/oauth/authorize`,
    token: `${web}/login/oauth/access_token`,
    api: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/$/, ""),
  };
}

function clientOf(provider: ProviderSettings, redirectUri: string): OAuth2Client {
  return new OAuth2Client(provider.clientId, provider.clientSecret, redirectUri);
}

/** Where the reader's popup goes to sign in: the provider's authorization page, with state and PKCE. */
export async function authorizationUrl(
  env: ProviderEnv,
  provider: ProviderSettings,
  redirectUri: string,
  flow: FlowSecrets,
): Promise<URL> {
  const client = clientOf(provider, redirectUri);
  if (provider.kind === "mastodon") {
    return client.createAuthorizationURLWithPKCE(
      `${provider.issuer}/oauth/authorize`,
      flow.state,
      CodeChallengeMethod.S256,
      flow.codeVerifier,
      ["read:accounts"],
    );
  }
  if (provider.kind === "github") {
    return client.createAuthorizationURLWithPKCE(
      github(env).authorize,
      flow.state,
      CodeChallengeMethod.S256,
      flow.codeVerifier,
      ["read:user", "user:email"],
    );
  }
  const discovery = await discover(issuerOf(env, provider));
  const url = client.createAuthorizationURLWithPKCE(
    discovery.authorization_endpoint,
    flow.state,
    CodeChallengeMethod.S256,
    flow.codeVerifier,
    ["openid", "profile", "email"],
  );
  url.searchParams.set("nonce", flow.nonce);
  return url;
}

const name = z.string().trim().min(1).max(fieldLimits.authorName);
const httpsUrl = z
  .url({ protocol: /^https$/ })
  .max(2000)
  .nullish()
  .catch(null);

const idClaimsSchema = z.object({
  sub: z.string().min(1).max(255),
  name: name.optional().catch(undefined),
  preferred_username: name.optional().catch(undefined),
  email: z.email().max(fieldLimits.authorEmail).optional().catch(undefined),
  email_verified: z.boolean().optional().catch(undefined),
  picture: httpsUrl,
});

/** Who an OpenID ID token signs in, once its signature, issuer, audience, expiry and nonce are checked. */
async function idTokenUser(
  env: ProviderEnv,
  provider: ProviderSettings,
  idToken: string,
  nonce: string,
): Promise<SsoUser> {
  const issuer = issuerOf(env, provider);
  const discovery = await discover(issuer);
  const shared = provider.kind === "microsoft" && microsoftShared.includes(provider.issuer ?? "common");
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, publishedKeys(discovery.jwks_uri), {
      algorithms: ["RS256", "PS256", "ES256", "EdDSA"],
      audience: provider.clientId,
      ...(shared ? {} : { issuer }),
      clockTolerance: 30,
      requiredClaims: ["sub", "exp", "iat"],
    }));
  } catch {
    throw new SignInError("The provider's ID token did not verify");
  }
  if (shared && payload.iss !== issuer.replace(/\/(common|organizations|consumers)\//, `/${String(payload.tid)}/`)) {
    throw new SignInError("The provider's ID token names another issuer");
  }
  if (payload.nonce !== nonce) throw new SignInError("The provider's ID token is not for this sign-in");
  const claims = idClaimsSchema.safeParse(payload);
  if (!claims.success) throw new SignInError("The provider's ID token names nobody");
  const { sub, email, email_verified, picture } = claims.data;
  // Only an address the provider says it verified counts (Microsoft's `email` is not verified: it is dropped).
  const verifiedEmail = email && email_verified === true ? email.toLowerCase() : null;
  const shown = claims.data.name ?? claims.data.preferred_username ?? verifiedEmail?.split("@")[0];
  if (!shown) throw new SignInError("The provider gave no name for this account");
  return { subject: sub, name: shown, email: verifiedEmail, avatar: picture ?? null, role: "reader" };
}

const githubUserSchema = z.object({
  id: z.number().int(),
  login: name,
  name: name.nullish().catch(null),
  avatar_url: httpsUrl,
});
const githubEmailsSchema = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

async function githubGet(env: ProviderEnv, path: string, accessToken: string): Promise<unknown> {
  const response = await fetch(`${github(env).api}${path}`, {
    headers: {
      Authorization: `Bearer ${accessToken}`,
      Accept: "application/vnd.github+json",
      "User-Agent": "Chorus comments",
    },
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  if (!response?.ok) throw new SignInError("GitHub did not say who signed in");
  return response.json().catch(() => null);
}

/** Who a GitHub access token belongs to: their account, and their primary email if GitHub verified it. */
async function githubUser(env: ProviderEnv, accessToken: string): Promise<SsoUser> {
  const user = githubUserSchema.safeParse(await githubGet(env, "/user", accessToken));
  if (!user.success) throw new SignInError("GitHub did not say who signed in");
  const emails = githubEmailsSchema.safeParse(await githubGet(env, "/user/emails", accessToken));
  const primary = emails.success ? emails.data.find((email) => email.primary && email.verified) : undefined;
  const email =
    primary && z.email().max(fieldLimits.authorEmail).safeParse(primary.email).success ? primary.email : null;
  return {
    subject: String(user.data.id),
    name: user.data.name ?? user.data.login,
    email: email?.toLowerCase() ?? null,
    avatar: user.data.avatar_url ?? null,
    role: "reader",
  };
}

/** Trades the provider's code (with the flow's PKCE verifier) and says who signed in. */
export async function finishSignIn(
  env: ProviderEnv,
  provider: ProviderSettings,
  redirectUri: string,
  code: string,
  flow: Omit<FlowSecrets, "state">,
): Promise<SsoUser> {
  const client = clientOf(provider, redirectUri);
  const tokenEndpoint =
    provider.kind === "github"
      ? github(env).token
      : provider.kind === "mastodon"
        ? `${provider.issuer}/oauth/token`
        : (await discover(issuerOf(env, provider))).token_endpoint;
  let tokens: Awaited<ReturnType<OAuth2Client["validateAuthorizationCode"]>>;
  try {
    tokens = await client.validateAuthorizationCode(tokenEndpoint, code, flow.codeVerifier);
  } catch {
    throw new SignInError("The sign-in provider refused the sign-in code");
  }
  if (provider.kind === "github") return githubUser(env, tokens.accessToken());
  if (provider.kind === "mastodon") return mastodonUser(provider.issuer ?? "", tokens.accessToken());
  let idToken: string;
  try {
    idToken = tokens.idToken();
  } catch {
    throw new SignInError("The sign-in provider sent no ID token");
  }
  return idTokenUser(env, provider, idToken, flow.nonce);
}

/**
 * A Mastodon instance's origin from what a reader typed: `mastodon.social`, `@me@mastodon.social` or
 * `https://mastodon.social/@me`; https (http only on this machine, for tests). Null when it is none.
 */
export function mastodonInstance(typed: string): string | null {
  const trimmed = typed.trim().replace(/^@?[^@\s/]+@(?=[^@\s/]+$)/, "");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) && !/^https?:\/\//i.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  const named = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(url.hostname) || url.hostname === "localhost";
  if (outboundAddressProblem(url.href) || !named) return null;
  return url.origin;
}

const mastodonAppSchema = z.object({
  client_id: z.string().min(1).max(500),
  client_secret: z.string().min(1).max(500),
});

/** Registers this deployment's app on a Mastodon instance (`POST /api/v1/apps`), for its redirect address. */
export async function registerMastodonApp(
  instance: string,
  redirectUri: string,
  website: string,
): Promise<{ clientId: string; clientSecret: string }> {
  const response = await fetch(`${instance}/api/v1/apps`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_name: "Chorus comments",
      redirect_uris: redirectUri,
      scopes: "read:accounts",
      website,
    }),
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  const app = mastodonAppSchema.safeParse(response?.ok ? await response.json().catch(() => null) : null);
  if (!app.success) throw new SignInError("That Mastodon server could not be reached, or refused this site");
  return { clientId: app.data.client_id, clientSecret: app.data.client_secret };
}

const mastodonAccountSchema = z.object({
  id: z.string().min(1).max(100),
  username: z.string().min(1).max(100),
  display_name: z.string().max(200).catch(""),
  avatar: httpsUrl,
});

/** Who a Mastodon access token belongs to: `id@instance`, by their display name (or @user@instance). */
async function mastodonUser(instance: string, accessToken: string): Promise<SsoUser> {
  const response = await fetch(`${instance}/api/v1/accounts/verify_credentials`, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" },
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null);
  const account = mastodonAccountSchema.safeParse(response?.ok ? await response.json().catch(() => null) : null);
  if (!account.success) throw new SignInError("Mastodon did not say who signed in");
  const host = new URL(instance).host;
  const shown = account.data.display_name.trim() || `@${account.data.username}@${host}`;
  return {
    subject: `${account.data.id}@${host}`,
    name: shown.slice(0, fieldLimits.authorName),
    email: null,
    avatar: account.data.avatar ?? null,
    role: "reader",
  };
}
