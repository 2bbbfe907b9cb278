import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { isPrivateHost } from "../../../worker/mentions/address";
import { blogOrigin, call, createSite } from "../helpers";

function send(fields: Record<string, string>, contentType = "application/x-www-form-urlencoded") {
  return call("/api/webmention", {
    method: "POST",
    origin: null,
    headers: { "Content-Type": contentType },
    rawBody: new URLSearchParams(fields).toString(),
  });
}

async function stored(): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS count FROM webmentions").first<{ count: number }>();
  return row?.count ?? 0;
}

describe("POST /api/webmention (W3C Webmention, the receiver's synchronous checks)", () => {
  it("accepts a mention of a site's page with 202 and a status address, and queues it", async () => {
    await createSite("mentioned");
    const response = await send({
      source: "https://dana.example/2026/reply",
      target: `${blogOrigin}/post/hello?utm_source=x`,
    });
    expect(response.status).toBe(202);
    const location = response.headers.get("Location") ?? "";
    expect(location).toMatch(/^https:\/\/chorus\.example\/api\/webmention\/[A-Za-z0-9_-]{24}$/);
    expect(await response.json()).toEqual({ status: "queued", statusUrl: location });
    const row = await env.DB.prepare("SELECT site_id, source, target, page, status FROM webmentions").first();
    expect(row).toEqual({
      site_id: "mentioned",
      source: "https://dana.example/2026/reply",
      target: `${blogOrigin}/post/hello?utm_source=x`,
      page: "/post/hello",
      status: "queued",
    });
    const status = await call(new URL(location).pathname, { origin: null });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ status: "queued", source: "https://dana.example/2026/reply" });
    expect((await call("/api/webmention/AAAAAAAAAAAAAAAAAAAAAAAA", { origin: null })).status).toBe(404);
    expect((await call("/api/webmention/not-a-status!", { origin: null })).status).toBe(400);
  });

  it("refuses bad mentions with 400 naming the field and the reason, and stores nothing", async () => {
    await createSite("refusing");
    const before = await stored();
    const target = `${blogOrigin}/post/hello`;
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ target }, "source", /required/],
      [{ source: "https://dana.example/r" }, "target", /required/],
      [{ source: target, target }, "source", /must not be the target/],
      [{ source: "https://dana.example/r", target: "https://not-a-site.example/post" }, "target", /not on a site/],
      [{ source: "javascript:alert(1)", target }, "source", /http\(s\)/],
      [{ source: "ftp://dana.example/r", target }, "source", /http\(s\)/],
      [{ source: "http://127.0.0.1:8080/r", target }, "source", /private or loopback/],
      [{ source: "http://10.1.2.3/r", target }, "source", /private or loopback/],
      [{ source: "http://[::1]/r", target }, "source", /private or loopback/],
      [{ source: "http://intranet.localhost/r", target }, "source", /private or loopback/],
      [{ source: "https://user:pass@dana.example/r", target }, "source", /user name or password/],
      [{ source: "https://dana.example/r", target: "mailto:blog@example.com" }, "target", /http\(s\)/],
    ];
    for (const [fields, field, message] of cases) {
      const response = await send(fields);
      expect(response.status, JSON.stringify(fields)).toBe(400);
      const body = (await response.json()) as { error: { fields: { field: string; message: string }[] } };
      expect(body.error.fields[0]?.field).toBe(field);
      expect(body.error.fields[0]?.message).toMatch(message);
    }
    const json = await call("/api/webmention", { body: { source: "https://dana.example/r", target }, origin: null });
    expect(json.status).toBe(415);
    expect(await stored()).toBe(before);
  });

  it("knows private and loopback hosts, in every spelling URL gives them", () => {
    for (const host of [
      "localhost",
      "127.0.0.1",
      "10.0.0.8",
      "172.20.1.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "[::1]",
      "[fd00::1]",
      "[fe80::1]",
      "[::ffff:7f00:1]",
      "printer.local",
    ]) {
      expect(isPrivateHost(new URL(`http://${host}/`).hostname), host).toBe(true);
    }
    for (const host of ["dana.example", "8.8.8.8", "172.32.0.1", "[2001:db8::1]"]) {
      expect(isPrivateHost(new URL(`http://${host}/`).hostname), host).toBe(false);
    }
  });
});
