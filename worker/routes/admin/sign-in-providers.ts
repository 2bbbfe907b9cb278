import { Hono } from "hono";
import { signInProviderKinds } from "../../../common/vocabulary";
import { type SignInProviderEntry, signInProviderSchema } from "../../api/admin-schemas";
import { ownerOnly } from "../../auth/session";
import { deleteSignInProvider, listSignInProviders, saveSignInProvider } from "../../db/sign-in-providers";
import type { AppEnv } from "../../env";
import { signInCallbackAddress } from "../../http/body";
import { ApiError } from "../../http/errors";
import { jsonRequest, validJson } from "../../http/validate";

/**
 * The account providers a site's readers may sign in with, for its owners: list them (with the one
 * redirect address to register with each provider), set one (a new client replaces the old; its
 * secret is never shown again), remove one.
 */
export const adminSignInProviderRoutes = new Hono<AppEnv>()
  .use("/sign-in-providers", ownerOnly)
  .use("/sign-in-providers/*", ownerOnly)
  .get("/sign-in-providers", async (c) => {
    const providers: SignInProviderEntry[] = await listSignInProviders(c.var.database.db, c.var.siteId);
    return c.json({ providers, redirectUri: signInCallbackAddress(c) });
  })
  .post("/sign-in-providers", jsonRequest, validJson(signInProviderSchema), async (c) => {
    const provider: SignInProviderEntry = await saveSignInProvider(c.var.database.db, {
      ...c.req.valid("json"),
      siteId: c.var.siteId,
      moderatorId: c.var.signedIn.moderator.id,
    });
    return c.json({ provider }, 201);
  })
  .delete("/sign-in-providers/:kind", async (c) => {
    const kind = signInProviderKinds.find((known) => known === c.req.param("kind"));
    if (!kind || !(await deleteSignInProvider(c.var.database.db, c.var.siteId, kind, c.var.signedIn.moderator.id))) {
      throw new ApiError(404, "sign_in_provider_not_found", "This site has no such sign-in provider");
    }
    return c.body(null, 204);
  });
