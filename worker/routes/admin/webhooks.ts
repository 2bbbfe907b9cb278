import { Hono } from "hono";
import { type WebhookEntry, webhookIdSchema, webhookSchema } from "../../api/admin-schemas";
import { ownerOnly } from "../../auth/session";
import { addWebhook, deleteWebhook, listWebhooks, maxWebhooksPerSite } from "../../db/webhooks";
import type { AppEnv } from "../../env";
import { ApiError, parseInput } from "../../http/errors";
import { jsonRequest, validJson } from "../../http/validate";
import { randomToken } from "../../lib/crypto";

/**
 * A site's webhooks, for its owners: list them, add one (its signing secret is in this answer and
 * never again), delete one (its waiting alerts and its one-click links go with it).
 */
export const adminWebhookRoutes = new Hono<AppEnv>()
  .use("/webhooks", ownerOnly)
  .use("/webhooks/*", ownerOnly)
  .get("/webhooks", async (c) => {
    const webhooks: WebhookEntry[] = await listWebhooks(c.var.database.db, c.var.siteId);
    return c.json({ webhooks });
  })
  .post("/webhooks", jsonRequest, validJson(webhookSchema), async (c) => {
    const input = c.req.valid("json");
    const secret = `whsec_${randomToken(24)}`;
    const webhook: WebhookEntry | null = await addWebhook(c.var.database.db, {
      ...input,
      siteId: c.var.siteId,
      telegramChatId: input.telegramChatId ?? null,
      secret,
      createdBy: c.var.signedIn.moderator.id,
    });
    if (!webhook) {
      throw new ApiError(409, "too_many_webhooks", `A site can have at most ${maxWebhooksPerSite} webhooks`);
    }
    return c.json({ webhook, secret }, 201);
  })
  .delete("/webhooks/:id", async (c) => {
    const id = parseInput(webhookIdSchema, c.req.param("id"), "id");
    if (!(await deleteWebhook(c.var.database.db, c.var.siteId, id, c.var.signedIn.moderator.id))) {
      throw new ApiError(404, "webhook_not_found", "This site has no such webhook");
    }
    return c.body(null, 204);
  });
