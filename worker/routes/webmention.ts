import { Hono } from "hono";
import { webmentionIdSchema, webmentionSchema } from "../api/schemas";
import { mentionsPerHour, readWebmention } from "../db/webmentions";
import type { AppEnv } from "../env";
import { publicOrigin } from "../http/body";
import { ApiError, parseInput } from "../http/errors";
import { ipHash } from "../http/ip";
import { pingbackAnswer, pingbackFault, pingbackFaults, readPingbackCall } from "../mentions/pingback";
import { receiveMention } from "../mentions/receive";

const tooManyMentions = () =>
  new ApiError(429, "rate_limited", `At most ${mentionsPerHour} mentions an hour from one network; try again later`);

function statusUrl(c: Parameters<typeof publicOrigin>[0], id: string): string {
  return `${publicOrigin(c)}/api/webmention/${id}`;
}

/**
 * The Webmention receiver (W3C Webmention 3.2): `POST /api/webmention` with form-encoded `source`
 * and `target`. Only the synchronous checks happen here (worker/mentions/receive.ts), else 400 with
 * the reason; then 202 Accepted with a status address (`Location`), and the source is read by the
 * queue's consumer.
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
    const receipt = await receiveMention(c.env, c.var.database.db, {
      source,
      target,
      workerOrigin: new URL(c.req.url).origin,
      ipHash: await ipHash(c),
    });
    if ("rateLimited" in receipt) throw tooManyMentions();
    if (!receipt.queued) {
      throw new ApiError(400, "invalid_input", `${receipt.field} ${receipt.message}`, [
        { field: receipt.field, message: receipt.message },
      ]);
    }
    c.header("Location", statusUrl(c, receipt.id));
    return c.json({ status: "queued", statusUrl: statusUrl(c, receipt.id) }, 202);
  })
  .get("/:id", async (c) => {
    const id = parseInput(webmentionIdSchema, c.req.param("id"), "id");
    const found = await readWebmention(c.var.database.db, id);
    if (!found) throw new ApiError(404, "webmention_not_found", "No webmention has this status address");
    const { mention } = found;
    return c.json({ status: mention.status, detail: mention.detail, source: mention.source, target: mention.target });
  });

/**
 * Pingback 1.0 (`POST /api/pingback`, XML-RPC `pingback.ping`): the same checks and queue as a
 * Webmention. Answered 200 with a string naming the status address, or an XML-RPC fault: 33 for a
 * target that cannot be used, 0 for anything else the checks refuse or a call that is not one.
 */
export const pingbackRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const answer = (xml: string) => c.body(xml, 200, { "Content-Type": "text/xml; charset=utf-8" });
  const call = readPingbackCall(await c.req.text());
  if ("fault" in call) return answer(pingbackFault(call.fault, call.message));
  const receipt = await receiveMention(c.env, c.var.database.db, {
    ...call,
    workerOrigin: new URL(c.req.url).origin,
    ipHash: await ipHash(c),
  });
  if ("rateLimited" in receipt) return answer(pingbackFault(pingbackFaults.generic, tooManyMentions().message));
  if (!receipt.queued) {
    const code = receipt.field === "target" ? pingbackFaults.targetNotUsable : pingbackFaults.generic;
    return answer(pingbackFault(code, `${receipt.field === "target" ? "targetURI" : "sourceURI"} ${receipt.message}`));
  }
  return answer(pingbackAnswer(`Pingback received; it will be checked: ${statusUrl(c, receipt.id)}`));
});
