/**
 * The API's OpenAPI 3.1 description, served at GET /api/openapi.json. Each operation's parameters and
 * request body are generated from the very zod schemas its route validates with (`z.toJSONSchema`,
 * as the input a client sends); answers are described in words (docs/api.md has them in full).
 */
import { z } from "zod";
import {
  auditQuerySchema,
  banSchema,
  commentActionSchema,
  commentListQuerySchema,
  personRequestSchema,
  settingsSchema,
  signInProviderSchema,
  ssoJwksSchema,
  staffReplySchema,
  threadStateSchema,
  trustSchema,
  webhookSchema,
} from "./admin-schemas";
import {
  alertLinkQuerySchema,
  changesQuerySchema,
  commentDeleteSchema,
  commentEditSchema,
  countsQuerySchema,
  deleteAccountSchema,
  emailSignInFinishSchema,
  emailSignInSchema,
  feedQuerySchema,
  formQuerySchema,
  liveQuerySchema,
  loginSchema,
  mailLinkQuerySchema,
  muteLinkQuerySchema,
  newCommentSchema,
  previewSchema,
  reactionSchema,
  repliesQuerySchema,
  reportSchema,
  signInCallbackQuerySchema,
  signInStartQuerySchema,
  ssoSignInSchema,
  threadQuerySchema,
  webmentionSchema,
} from "./schemas";

type Method = "get" | "post" | "put" | "delete" | "options";

interface Operation {
  method: Method;
  /** The route as Hono declares it, such as /api/sites/:site/thread. */
  path: string;
  summary: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body's media type, when not JSON. */
  bodyType?: "application/x-www-form-urlencoded";
  /** What a success answers, in words. */
  answers: string;
}

/** Every route of the API, with the schemas it validates. A test holds this list to the app's routes. */
export const operations: readonly Operation[] = [
  {
    method: "options",
    path: "/api/sites/:site/*",
    summary: "CORS preflight for the site's allowed origins",
    answers: "204 with the CORS headers",
  },
  {
    method: "get",
    path: "/api/sites/:site/thread",
    summary: "A page of a thread",
    query: threadQuerySchema,
    answers: "200 ThreadPage",
  },
  {
    method: "get",
    path: "/api/sites/:site/replies",
    summary: "More replies under a top-level comment (its moreReplies)",
    query: repliesQuerySchema,
    answers: "200 MoreReplies",
  },
  {
    method: "get",
    path: "/api/sites/:site/live",
    summary: "A live connection to a thread (WebSocket, subprotocol chorus; reader key as subprotocol reader.KEY)",
    query: liveQuerySchema,
    answers: "101 Switching Protocols; then a ThreadChanges message per change",
  },
  {
    method: "get",
    path: "/api/sites/:site/changes",
    summary: "What changed in a thread since a revision",
    query: changesQuerySchema,
    answers: "200 ThreadChanges",
  },
  {
    method: "get",
    path: "/api/sites/:site/counts",
    summary: "Comment counts of many pages",
    query: countsQuerySchema,
    answers: "200 Counts",
  },
  {
    method: "post",
    path: "/api/sites/:site/comments",
    summary: "Post a comment or a reply",
    body: newCommentSchema,
    answers: "201 PostedComment (200 for a replay or a repeat)",
  },
  {
    method: "get",
    path: "/api/sites/:site/form",
    summary: "A form token for a page",
    query: formQuerySchema,
    answers: "200 FormBody",
  },
  {
    method: "post",
    path: "/api/sites/:site/reactions",
    summary: "React to a comment or the page",
    body: reactionSchema,
    answers: "200 ReactionResult",
  },
  {
    method: "post",
    path: "/api/sites/:site/sso",
    summary: "Sign a reader in with a token the site's server signed (HS256, aud = site id); answers a session token",
    body: ssoSignInSchema,
    answers: "201 SignedInReader; 401 sso_refused naming why; 404 sso_off",
  },
  {
    method: "delete",
    path: "/api/sites/:site/session",
    summary: "Sign a reader's session out (X-Chorus-Session)",
    answers: "204",
  },
  {
    method: "post",
    path: "/api/sites/:site/comments/:id/report",
    summary: "Report a comment to the site's moderators (needs X-Chorus-Reader)",
    body: reportSchema,
    answers: "201 { received: true } (200 for a reader's second report of it)",
  },
  {
    method: "post",
    path: "/api/sites/:site/comments/:id/edit",
    summary: "Edit one's own comment",
    body: commentEditSchema,
    answers: "200 EditedComment",
  },
  {
    method: "post",
    path: "/api/sites/:site/comments/:id/delete",
    summary: "Delete one's own comment",
    body: commentDeleteSchema,
    answers: "200 { deleted, commentCount }",
  },
  {
    method: "post",
    path: "/api/sites/:site/preview",
    summary: "Render a draft as it would be posted",
    body: previewSchema,
    answers: "200 PreviewBody",
  },
  {
    method: "get",
    path: "/api/sites/:site/feed.atom",
    summary: "Atom feed of a site's or a page's comments",
    query: feedQuerySchema,
    answers: "200 application/atom+xml",
  },
  {
    method: "get",
    path: "/api/mail/confirm",
    summary: "The page that confirms reply emails",
    query: mailLinkQuerySchema,
    answers: "200 text/html",
  },
  {
    method: "post",
    path: "/api/mail/confirm",
    summary: "Confirm reply emails",
    query: mailLinkQuerySchema,
    answers: "200 text/html",
  },
  {
    method: "get",
    path: "/api/mail/unsubscribe",
    summary: "The page that stops reply emails",
    query: mailLinkQuerySchema,
    answers: "200 text/html",
  },
  {
    method: "post",
    path: "/api/mail/unsubscribe",
    summary: "Stop reply emails (one click)",
    query: mailLinkQuerySchema,
    answers: "200 text/html",
  },
  {
    method: "post",
    path: "/api/webmention",
    summary: "Receive a Webmention (W3C): form-encoded source and target; checked later by the queue",
    body: webmentionSchema,
    bodyType: "application/x-www-form-urlencoded",
    answers: "202 { status: queued, statusUrl } with Location",
  },
  {
    method: "post",
    path: "/api/pingback",
    summary: "Receive a Pingback (XML-RPC pingback.ping); checked later by the queue like a Webmention",
    answers: "200 text/xml: a string with the status address, or a fault (33 unusable target, 0 otherwise)",
  },
  {
    method: "get",
    path: "/api/webmention/:id",
    summary: "Where a received Webmention stands: queued, accepted, rejected or removed, and why",
    answers: "200 { status, detail, source, target }",
  },
  {
    method: "post",
    path: "/api/sites/:site/email-sign-in",
    summary: "Email a reader a one-time sign-in link back to the page (sites that sign readers in by email)",
    body: emailSignInSchema,
    answers: "202 { sent: true }; 404 email_sign_in_off; 429 past five an hour per address or network",
  },
  {
    method: "post",
    path: "/api/sites/:site/email-sign-in/finish",
    summary: "Trade a sign-in link's code for a session, in the browser that asked for the link",
    body: emailSignInFinishSchema,
    answers: "201 { session, expiresAt, reader }; 401 email_sign_in_refused",
  },
  {
    method: "post",
    path: "/api/sites/:site/account/delete",
    summary:
      "A signed-in reader deletes their account (X-Chorus-Session): comments kept as a deleted account's, or erased",
    body: deleteAccountSchema,
    answers: "200 { deleted: true, comments }",
  },
  {
    method: "get",
    path: "/api/sites/:site/sign-in/:kind",
    summary: "Start a reader's sign-in with a provider, in a popup: redirects there with state and PKCE",
    query: signInStartQuerySchema,
    answers: "302 to the provider, or 400/404 text/html saying why",
  },
  {
    method: "get",
    path: "/api/sign-in/callback",
    summary: "Where providers send the popup back: the session goes to the opening page by postMessage",
    query: signInCallbackQuerySchema,
    answers: "200 text/html (posts the session to the page's origin), or 400/502 text/html saying why",
  },
  {
    method: "get",
    path: "/api/alerts/act",
    summary: "A one-click moderation link from a webhook alert: a page with one button",
    query: alertLinkQuerySchema,
    answers: "200 text/html",
  },
  {
    method: "post",
    path: "/api/alerts/act",
    summary: "Approve a comment or mark it spam, once, from a webhook alert's link",
    query: alertLinkQuerySchema,
    answers: "200 text/html",
  },
  {
    method: "get",
    path: "/api/mail/mute",
    summary: "The page that stops emails about replies to one comment",
    query: muteLinkQuerySchema,
    answers: "200 text/html",
  },
  {
    method: "post",
    path: "/api/mail/mute",
    summary: "Stop emails about replies to one comment",
    query: muteLinkQuerySchema,
    answers: "200 text/html",
  },
  {
    method: "post",
    path: "/api/admin/session",
    summary: "Sign in with email and password",
    body: loginSchema,
    answers: "201 SessionBody and the session cookie",
  },
  {
    method: "post",
    path: "/api/admin/session/access",
    summary: "Sign in through Cloudflare Access",
    answers: "201 SessionBody and the session cookie",
  },
  { method: "get", path: "/api/admin/session", summary: "The signed-in moderator", answers: "200 SessionBody" },
  { method: "delete", path: "/api/admin/session", summary: "Sign out", answers: "204" },
  { method: "delete", path: "/api/admin/sessions", summary: "Sign out everywhere", answers: "204" },
  {
    method: "get",
    path: "/api/admin/sites/:site/comments",
    summary: "A queue or a search",
    query: commentListQuerySchema,
    answers: "200 CommentList",
  },
  {
    method: "post",
    path: "/api/admin/sites/:site/comments/actions",
    summary: "Act on comments",
    body: commentActionSchema,
    answers: "200 ActionResult",
  },
  {
    method: "post",
    path: "/api/admin/sites/:site/replies",
    summary: "Reply as the site's staff",
    body: staffReplySchema,
    answers: "201 ModeratedComment",
  },
  {
    method: "get",
    path: "/api/admin/sites/:site/duplicates",
    summary: "Clusters of copies",
    answers: "200 DuplicateCluster[]",
  },
  {
    method: "post",
    path: "/api/admin/sites/:site/duplicates/:id/resolve",
    summary: "Send a comment's copies to spam",
    answers: "200 ActionResult",
  },
  { method: "get", path: "/api/admin/sites/:site/bans", summary: "The site's bans", answers: "200 Ban[]" },
  { method: "post", path: "/api/admin/sites/:site/bans", summary: "Ban", body: banSchema, answers: "201" },
  {
    method: "post",
    path: "/api/admin/sites/:site/bans/remove",
    summary: "Lift a ban",
    body: banSchema,
    answers: "200",
  },
  {
    method: "get",
    path: "/api/admin/sites/:site/trusted",
    summary: "The site's trusted authors",
    answers: "200 TrustedAuthor[]",
  },
  {
    method: "post",
    path: "/api/admin/sites/:site/trusted",
    summary: "Trust an author",
    body: trustSchema,
    answers: "201",
  },
  {
    method: "post",
    path: "/api/admin/sites/:site/trusted/remove",
    summary: "Stop trusting an author",
    body: trustSchema,
    answers: "200",
  },
  {
    method: "post",
    path: "/api/admin/sites/:site/threads",
    summary: "Close, reopen or correct a thread",
    body: threadStateSchema,
    answers: "200 Thread",
  },
  {
    method: "get",
    path: "/api/admin/sites/:site/dashboard",
    summary:
      "The site's last 30 days: comments per day by verdict, layers, waiting, the filter against moderators, busiest threads",
    answers: "200 Dashboard",
  },
  { method: "get", path: "/api/admin/sites/:site/settings", summary: "The site's settings", answers: "200 Settings" },
  {
    method: "post",
    path: "/api/admin/sites/:site/sso-secret",
    summary: "Make the site's SSO secret (owners); shown once, the old one stops working",
    answers: "201 { secret }",
  },
  {
    method: "delete",
    path: "/api/admin/sites/:site/sso-secret",
    summary: "Turn the site's own sign-in (SSO) off (owners)",
    answers: "204",
  },
  {
    method: "put",
    path: "/api/admin/sites/:site/sso-jwks",
    summary:
      "Check the site's RS256/ES256 sign-in tokens with the keys it publishes at this JWKS address (owners); null clears it",
    body: ssoJwksSchema,
    answers: "200 { url }",
  },
  {
    method: "get",
    path: "/api/admin/sites/:site/sign-in-providers",
    summary:
      "The accounts the site's readers may sign in with (owners; never the client secrets), and the redirect address to register",
    answers: "200 { providers: SignInProviderEntry[], redirectUri }",
  },
  {
    method: "post",
    path: "/api/admin/sites/:site/sign-in-providers",
    summary:
      "Let readers sign in with GitHub, Google, Microsoft or an OpenID Connect provider (owners); replaces that kind's client",
    body: signInProviderSchema,
    answers: "201 { provider: SignInProviderEntry }",
  },
  {
    method: "delete",
    path: "/api/admin/sites/:site/sign-in-providers/:kind",
    summary: "Stop readers signing in with that provider (owners)",
    answers: "204",
  },
  {
    method: "get",
    path: "/api/admin/sites/:site/webhooks",
    summary: "The site's webhooks (owners; never their secrets)",
    answers: "200 { webhooks: WebhookEntry[] }",
  },
  {
    method: "post",
    path: "/api/admin/sites/:site/webhooks",
    summary: "Add a webhook (owners); the answer carries its signing secret, shown once",
    body: webhookSchema,
    answers: "201 { webhook: WebhookEntry, secret }",
  },
  {
    method: "delete",
    path: "/api/admin/sites/:site/webhooks/:id",
    summary: "Delete a webhook (owners), with its waiting alerts and one-click links",
    answers: "204",
  },
  {
    method: "put",
    path: "/api/admin/sites/:site/settings",
    summary: "Change the site's settings (owners)",
    body: settingsSchema,
    answers: "200 Settings",
  },
  {
    method: "get",
    path: "/api/admin/sites/:site/audit",
    summary: "The audit log (owners)",
    query: auditQuerySchema,
    answers: "200 { entries, nextCursor }",
  },
  {
    method: "post",
    path: "/api/admin/sites/:site/people/export",
    summary: "Everything one person wrote, for them",
    body: personRequestSchema,
    answers: "200 PersonExport",
  },
  {
    method: "post",
    path: "/api/admin/sites/:site/people/erase",
    summary: "Erase one person's comments, keeping the replies",
    body: personRequestSchema,
    answers: "200 { erased }",
  },
  { method: "get", path: "/api/health", summary: "Health check", answers: "200 { ok: true }" },
  { method: "get", path: "/api/openapi.json", summary: "This document", answers: "200 OpenAPI 3.1" },
];

/** A schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), for what a client sends. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return rest;
}

/** `/api/sites/:site/comments/:id/edit` as OpenAPI writes it, `/api/sites/{site}/comments/{id}/edit`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, "{$1}");
}

const errorAnswer = {
  description: "An error: a stable code, a sentence, and the fields at fault",
  content: {
    "application/json": {
      schema: {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            properties: {
              code: { type: "string" },
              message: { type: "string" },
              fields: {
                type: "array",
                items: {
                  type: "object",
                  properties: { field: { type: "string" }, message: { type: "string" } },
                },
              },
            },
          },
        },
      },
    },
  },
};

function operationObject(operation: Operation) {
  const pathParameters = [...operation.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  const query = operation.query ? jsonSchema(operation.query) : undefined;
  const queryProperties = (query?.properties ?? {}) as Record<string, unknown>;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  const queryParameters = Object.entries(queryProperties).map(([name, schema]) => ({
    name,
    in: "query",
    required: required.has(name),
    schema,
  }));
  return {
    summary: operation.summary,
    parameters: [...pathParameters, ...queryParameters],
    ...(operation.body
      ? {
          requestBody: {
            required: true,
            content: { [operation.bodyType ?? "application/json"]: { schema: jsonSchema(operation.body) } },
          },
        }
      : {}),
    responses: { "2XX": { description: operation.answers }, "4XX": errorAnswer },
  };
}

let document: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 document of the whole API, built once. */
export function openApiDocument(): Record<string, unknown> {
  if (!document) {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const operation of operations) {
      const path = openApiPath(operation.path);
      paths[path] = { ...paths[path], [operation.method]: operationObject(operation) };
    }
    document = {
      openapi: "3.1.0",
      info: {
        title: "Chorus API",
        version: "1",
        description: "Threaded comments for any blog. Bodies are JSON; errors share one shape.",
      },
      paths,
    };
  }
  return document;
}
