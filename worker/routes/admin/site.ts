import { Hono } from "hono";
import {
  auditQuerySchema,
  banSchema,
  type DuplicateCluster,
  type Settings,
  settingsSchema,
  threadStateSchema,
  trustSchema,
} from "../../api/admin-schemas";
import { commentIdSchema } from "../../api/schemas";
import { ownerOnly } from "../../auth/session";
import {
  addBan,
  addTrusted,
  listBans,
  listTrusted,
  readAudit,
  removeBan,
  removeTrusted,
} from "../../db/bans-and-trust";
import { readDashboard } from "../../db/dashboard";
import { copiesOf, listDuplicateClusters } from "../../db/moderation";
import type { Site } from "../../db/schema";
import { changeThread, findSite, updateSettings } from "../../db/sites";
import type { AppEnv } from "../../env";
import { ApiError, notFound, parseInput } from "../../http/errors";
import { sitePage } from "../../http/page";
import { jsonRequest, validJson, validQuery } from "../../http/validate";
import { spamSettingsOf } from "../../intake/decide";
import { moderate } from "../../lib/moderate";
import { announce } from "../../live/announce";

function settingsOf(site: Site): Settings {
  const spam = spamSettingsOf(site);
  return {
    name: site.name,
    allowedOrigins: site.allowedOrigins,
    pageParams: site.pageParams,
    reportThreshold: site.reportThreshold,
    moderationMode: site.moderationMode,
    banAction: site.banAction,
    staffLabel: site.staffLabel,
    autoCloseDays: site.autoCloseDays,
    ownerDigest: site.ownerDigest,
    holdMentions: site.holdMentions,
    countMentions: site.countMentions,
    requireSignIn: site.requireSignIn,
    emailSignIn: site.emailSignIn,
    gravatar: site.gravatar,
    holdAbove: spam.holdAbove,
    spamAbove: spam.spamAbove,
    linksToHold: spam.linksToHold,
    spamPrior: spam.prior,
    blocked: {
      words: [...spam.blocked.words],
      domains: [...spam.blocked.domains],
      emails: [...spam.blocked.emails],
      ipHashes: [...spam.blocked.ipHashes],
    },
    allowed: {
      domains: [...spam.allowed.domains],
      emails: [...spam.allowed.emails],
      ipHashes: [...spam.allowed.ipHashes],
    },
    turnstileSiteKey: site.turnstileSiteKey,
    turnstileSecretSet: site.turnstileSecret !== null,
    akismetKeySet: site.akismetKey !== null,
    ssoOn: site.ssoSecret !== null || site.ssoJwksUrl !== null,
    ssoJwksUrl: site.ssoJwksUrl,
  };
}

/** Duplicates, people, threads, settings and the audit log of one site, for its moderators. */
export const adminSiteRoutes = new Hono<AppEnv>()
  .get("/duplicates", async (c) => {
    const site = c.var.siteId;
    const clusters: DuplicateCluster[] = await listDuplicateClusters(c.var.database.db, site);
    return c.json({ clusters });
  })
  .post("/duplicates/:id/resolve", async (c) => {
    const site = c.var.siteId;
    const id = parseInput(commentIdSchema, c.req.param("id"), "id");
    const copies = await copiesOf(c.var.database.db, site, id);
    if (copies.length === 0) throw new ApiError(404, "cluster_not_found", "This comment has no copies left to remove");
    const result = await moderate(c.var.database.db, {
      siteId: site,
      moderatorId: c.var.signedIn.moderator.id,
      action: "delete",
      ids: copies,
    });
    announce(c, site, { ids: result.changed });
    return c.json(result);
  })
  .get("/bans", async (c) => {
    const site = c.var.siteId;
    return c.json({ bans: await listBans(c.var.database.db, site) });
  })
  .post("/bans", jsonRequest, validJson(banSchema), async (c) => {
    const site = c.var.siteId;
    const ban = c.req.valid("json");
    await addBan(c.var.database.db, site, c.var.signedIn.moderator.id, ban);
    return c.json({ ban }, 201);
  })
  .post("/bans/remove", jsonRequest, validJson(banSchema), async (c) => {
    const site = c.var.siteId;
    const ban = c.req.valid("json");
    await removeBan(c.var.database.db, site, c.var.signedIn.moderator.id, ban);
    return c.body(null, 204);
  })
  .get("/trusted", async (c) => {
    const site = c.var.siteId;
    return c.json({ trusted: await listTrusted(c.var.database.db, site) });
  })
  .post("/trusted", jsonRequest, validJson(trustSchema), async (c) => {
    const site = c.var.siteId;
    const { email } = c.req.valid("json");
    await addTrusted(c.var.database.db, site, c.var.signedIn.moderator.id, email);
    return c.json({ email }, 201);
  })
  .post("/trusted/remove", jsonRequest, validJson(trustSchema), async (c) => {
    const site = c.var.siteId;
    const { email } = c.req.valid("json");
    await removeTrusted(c.var.database.db, site, c.var.signedIn.moderator.id, email);
    return c.body(null, 204);
  })
  .post("/threads", jsonRequest, validJson(threadStateSchema), async (c) => {
    const site = c.var.siteId;
    const { page: address, ...change } = c.req.valid("json");
    const page = await sitePage(c, address);
    const { db } = c.var.database;
    if (change.url !== undefined) {
      const found = await findSite(db, site);
      if (!found) throw notFound.site();
      if (!found.allowedOrigins.includes(new URL(change.url).origin)) {
        throw new ApiError(400, "invalid_input", "The address must be on one of the site's origins", [
          { field: "url", message: `is not on ${found.allowedOrigins.join(", ")}` },
        ]);
      }
    }
    const thread = await changeThread(db, site, page, change, c.var.signedIn.moderator.id);
    announce(c, site, { path: page });
    return c.json({
      page,
      closed: thread.closed,
      title: thread.title,
      url: thread.url,
      fediverse: thread.fediverseStatus,
    });
  })
  .get("/dashboard", async (c) => c.json(await readDashboard(c.var.database.db, c.var.siteId, Date.now())))
  .get("/settings", ownerOnly, async (c) => {
    const { siteId } = c.var;
    const site = await findSite(c.var.database.db, siteId);
    if (!site) throw notFound.site();
    return c.json(settingsOf(site));
  })
  .put("/settings", ownerOnly, jsonRequest, validJson(settingsSchema), async (c) => {
    const { siteId } = c.var;
    const input = c.req.valid("json");
    const { holdAbove, spamAbove, linksToHold, spamPrior, blocked, allowed, turnstileSecret, akismetKey, ...columns } =
      input;
    const site = await updateSettings(c.var.database.db, siteId, c.var.signedIn.moderator.id, {
      ...columns,
      spamSettings: { holdAbove, spamAbove, linksToHold, prior: spamPrior, blocked, allowed },
      ...(turnstileSecret === undefined ? {} : { turnstileSecret }),
      ...(akismetKey === undefined ? {} : { akismetKey }),
    });
    if (!site) throw notFound.site();
    return c.json(settingsOf(site));
  })
  .get("/audit", ownerOnly, validQuery(auditQuerySchema), async (c) => {
    const site = c.var.siteId;
    const { cursor } = c.req.valid("query");
    return c.json(await readAudit(c.var.database.db, site, cursor));
  });
