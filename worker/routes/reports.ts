import { Hono } from "hono";
import { commentIdSchema, reportSchema } from "../api/schemas";
import { fileReport, readReportContext } from "../db/reports";
import type { AppEnv } from "../env";
import { publicOrigin } from "../http/body";
import { ApiError, notFound, parseInput } from "../http/errors";
import { ipHash } from "../http/ip";
import { readerHash, readerKeyRequired } from "../http/reader";
import { jsonRequest, validJson } from "../http/validate";
import { announce } from "../live/announce";
import { deliverInBackground } from "../mail/in-request";
import { admitOrigin } from "../middleware/cors";

/** Reports one network may file in an hour. */
const reportsPerHour = 20;

/**
 * POST /api/sites/:site/comments/:id/report {reason} — a reader reports a published comment to the
 * site's moderators. Needs the reader's key (X-Chorus-Reader): one report per reader and comment
 * (a second answers the same and changes nothing). A report weighs 1 / (1 + the reader's overruled
 * reports); when a comment's open reports weigh the site's threshold, it is held for a moderator and
 * leaves every reader's page. Two D1 round trips.
 */
export const reportRoutes = new Hono<AppEnv>().post(
  "/comments/:id/report",
  jsonRequest,
  validJson(reportSchema),
  async (c) => {
    const { siteId } = c.var;
    const commentId = parseInput(commentIdSchema, c.req.param("id"), "id");
    const { reason } = c.req.valid("json");
    const [reader, ip] = await Promise.all([readerHash(c, siteId), ipHash(c)]);
    const { db } = c.var.database;
    const context = await readReportContext(db, {
      siteId,
      commentId,
      readerHash: reader ?? "",
      ipHash: ip,
      now: Date.now(),
    });
    if (!context.site) throw notFound.site();
    admitOrigin(c, context.site, "write");
    if (reader === null) {
      throw readerKeyRequired("report");
    }
    const { comment } = context;
    if (comment?.status !== "published") {
      throw new ApiError(404, "comment_not_found", "No published comment with this id on this site");
    }
    if (context.alreadyReported) return c.json({ received: true });
    if (context.lastHourFromNetwork >= reportsPerHour) {
      throw new ApiError(429, "rate_limited", "Too many reports in a short time; try again later");
    }
    const { held, alertsQueued } = await fileReport(db, {
      siteId,
      comment,
      readerHash: reader,
      ipHash: ip,
      reason,
      weight: 1 / (1 + context.overruled),
      threshold: context.site.reportThreshold,
      alertOrigin: publicOrigin(c),
    });
    if (held) announce(c, siteId, { ids: [comment.id] });
    if (alertsQueued > 0) deliverInBackground(c);
    return c.json({ received: true }, 201);
  },
);
