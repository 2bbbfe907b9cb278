import type { Context } from "hono";
import type { AppEnv } from "../env";
import { ApiError } from "./errors";

/** The request's JSON body; anything else is a 415 or a 400, never a 500. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header("Content-Type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as application/json");
  }
  try {
    return await c.req.json();
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON", [
      { field: "body", message: "is not valid JSON" },
    ]);
  }
}

/** The origin links in emails point at: the deployment's public origin, else this request's. */
export function publicOrigin(c: Context<AppEnv>): string {
  return c.env.PUBLIC_ORIGIN || new URL(c.req.url).origin;
}

/** Where every sign-in provider sends readers back: one address per deployment, registered with each provider. */
export function signInCallbackAddress(c: Context<AppEnv>): string {
  return `${publicOrigin(c)}/api/sign-in/callback`;
}
