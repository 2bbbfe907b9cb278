import { Hono } from "hono";
import { normalizePagePath } from "../../common/vocabulary";
import { webmentionIdSchema, webmentionSchema } from "../api/schemas";
import { readWebmention, recordWebmention, siteOfOrigin } from "../db/webmentions";
import type { AppEnv } from "../env";
import { publicOrigin } from "../http/body";
import { ApiError, parseInput } from "../http/errors";
import { randomToken } from "../lib/crypto";
import { addressProblem } from "../mentions/address";
import type { MentionMessage } from "../mentions/consume";

const refuse = (field: "source" | "target", message: string) =>
  new ApiError(400, "invalid_input", `${field} ${message}`, [{ field, message }]);

/**
 * The Webmention receiver (W3C Webmention 3.2): `POST /api/webmention` with form-encoded `source`
 * and `target`. Only the synchronous checks happen here: both http(s) and public, different, and
 * `target` on one of a site's allowed origins, else 400 with the reason. Then 202 Accepted with a
 * status address (`Location`), and the source is read by the queue's consumer (worker/mentions).
 */
export const webmentionRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const type = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") {
      throw new ApiError(
        415,
        "unsupported_media_type",
        "Send source and target form-encoded (application/x-www-form-urlencoded)",
      );
    }
    const { source, target } = parseInput(webmentionSchema, await c.req.parseBody());
    const allowPrivate = c.env.WEBMENTION_PRIVATE_SOURCES === "allow";
    const sourceProblem = addressProblem(source, allowPrivate);
    if (sourceProblem) throw refuse("source", sourceProblem);
    const targetProblem = addressProblem(target, allowPrivate);
    if (targetProblem) throw refuse("target", targetProblem);
    const targetUrl = new URL(target);
    if (new URL(source).href === targetUrl.href) throw refuse("source", "must not be the target itself");
    const { db } = c.var.database;
    const site = await siteOfOrigin(db, targetUrl.origin);
    if (!site) throw refuse("target", "is not on a site this endpoint accepts mentions for");
    const id = randomToken(18);
    const now = Date.now();
    await recordWebmention(db, {
      id,
      siteId: site.id,
      source: new URL(source).href,
      target: targetUrl.href,
      page: normalizePagePath(`${targetUrl.pathname}${targetUrl.search}`, site.pageParams),
      now,
    });
    await c.env.MENTIONS.send({ id, origin: new URL(c.req.url).origin } satisfies MentionMessage);
    const status = `${publicOrigin(c)}/api/webmention/${id}`;
    c.header("Location", status);
    return c.json({ status: "queued", statusUrl: status }, 202);
  })
  .get("/:id", async (c) => {
    const id = parseInput(webmentionIdSchema, c.req.param("id"), "id");
    const found = await readWebmention(c.var.database.db, id);
    if (!found) throw new ApiError(404, "webmention_not_found", "No webmention has this status address");
    const { mention } = found;
    return c.json({ status: mention.status, detail: mention.detail, source: mention.source, target: mention.target });
  });
