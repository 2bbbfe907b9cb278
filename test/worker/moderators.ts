import { env } from "cloudflare:workers";
import type { SessionBody } from "../../worker/api/schemas";
import { hashPassword } from "../../worker/auth/password";
import type { Env } from "../../worker/env";
import { call } from "./helpers";

export const password = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

/** Creates a moderator with `role` on each of `siteIds`, as the moderator CLI would. */
export async function createModerator(email: string, roles: Record<string, "owner" | "moderator">): Promise<void> {
  passwordHash ??= hashPassword(password);
  await env.DB.prepare("INSERT INTO moderators (email, display_name, password_hash) VALUES (?, ?, ?)")
    .bind(email, email.split("@")[0], await passwordHash)
    .run();
  for (const [siteId, role] of Object.entries(roles)) {
    await env.DB.prepare(
      "INSERT INTO site_moderators (site_id, moderator_id, role) VALUES (?, (SELECT id FROM moderators WHERE email = ?), ?)",
    )
      .bind(siteId, email, role)
      .run();
  }
}

/** A signed-in console: calls carry the session cookie and, for changes, the CSRF token. */
export interface Console {
  session: SessionBody;
  request(
    path: string,
    init?: { method?: string; body?: unknown; csrf?: string | null; bindings?: Partial<Env> },
  ): Promise<Response>;
}

export async function signIn(email: string): Promise<Console> {
  const response = await call("/api/admin/session", { body: { email, password }, origin: "https://chorus.example" });
  if (response.status !== 201) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  const session = (await response.json()) as SessionBody;
  return {
    session,
    request: (path, init = {}) =>
      call(path, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        body: init.body,
        bindings: init.bindings,
        origin: "https://chorus.example",
        headers: {
          Cookie: cookie,
          ...(init.csrf === null ? {} : { "X-CSRF-Token": init.csrf ?? session.csrfToken }),
        },
      }),
  };
}
