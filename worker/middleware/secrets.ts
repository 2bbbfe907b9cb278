import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";

/** The secrets a deployment must set; the Worker never runs with a default in their place. */
const requiredSecrets = ["IP_HASH_SALT", "FORM_TOKEN_SECRET"] as const;

/** Answers 500 `misconfigured`, naming the first required secret that is missing or too short to be one. */
export const requireSecrets = createMiddleware<AppEnv>(async (c, next) => {
  for (const name of requiredSecrets) {
    const value: unknown = c.env[name];
    if (typeof value !== "string" || value.length < 8) {
      throw new ApiError(500, "misconfigured", `The Worker's secret ${name} is not set (wrangler secret put ${name})`);
    }
  }
  await next();
});
