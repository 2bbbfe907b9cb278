import { Hono } from "hono";
import { personRequestSchema } from "../../api/admin-schemas";
import { ownerOnly } from "../../auth/session";
import { erasePerson, exportPerson, type PersonExport } from "../../db/person-requests";
import type { AppEnv } from "../../env";
import { jsonRequest, validJson } from "../../http/validate";
import { announce } from "../../live/announce";

/**
 * Access and erasure requests, for a site's owners: every comment written with an email, exported
 * for the person who asks, or erased (text and personal fields removed, replies kept). Both are
 * recorded in the audit log by comment ids and count, never by the email.
 *
 *   POST /people/export {"email": "…"} → 200 the person's export (format "chorus-person-export")
 *   POST /people/erase  {"email": "…"} → 200 {"erased": N}
 */
export const adminPeopleRoutes = new Hono<AppEnv>()
  .post("/people/export", ownerOnly, jsonRequest, validJson(personRequestSchema), async (c) => {
    const site = c.var.siteId;
    const { email } = c.req.valid("json");
    const exported: PersonExport = await exportPerson(c.var.database.db, site, email, c.var.signedIn.moderator.id);
    return c.json(exported);
  })
  .post("/people/erase", ownerOnly, jsonRequest, validJson(personRequestSchema), async (c) => {
    const site = c.var.siteId;
    const { email } = c.req.valid("json");
    const erased = await erasePerson(c.var.database.db, site, email, c.var.signedIn.moderator.id);
    announce(c, site, { ids: erased });
    return c.json({ erased: erased.length });
  });
