import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../../worker/db/client";
import { type Site, sites } from "../../../worker/db/schema";
import { takeMention } from "../../../worker/intake";
import { isPrivateHost } from "../../../worker/mentions/address";
import { blogOrigin, call, createSite, postComment } from "../helpers";
import { createModerator, signIn } from "../moderators";

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

function pingback(body: string) {
  return call("/api/pingback", {
    method: "POST",
    origin: null,
    headers: { "Content-Type": "text/xml" },
    rawBody: body,
  });
}

const ping = (source: string, target: string, method = "pingback.ping") =>
  `<?xml version="1.0"?>
<methodCall><methodName>${method}</methodName><params>
  <param><value><string>${source}</string></value></param>
  <param><value>${target}</value></param>
</params></methodCall>`;

/** The fault code of an XML-RPC answer, or null for a successful one. */
function faultCode(xml: string): number | null {
  const code = /<name>faultCode<\/name><value><int>(-?\d+)<\/int>/.exec(xml)?.[1];
  return code === undefined ? null : Number(code);
}

describe("POST /api/pingback (Pingback 1.0 over XML-RPC)", () => {
  it("queues a pingback as a Webmention and answers with its status address", async () => {
    await createSite("pinged");
    const before = await stored();
    const response = await pingback(ping("https://dana.example/post", `${blogOrigin}/post/pinged`));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/xml");
    const xml = await response.text();
    expect(faultCode(xml)).toBeNull();
    expect(xml).toMatch(
      /<string>Pingback received; it will be checked: https:\/\/chorus\.example\/api\/webmention\/[A-Za-z0-9_-]{24}<\/string>/,
    );
    expect(await stored()).toBe(before + 1);
  });

  it("answers the spec's faults for a foreign target, a bad source, another method, entities and broken XML, storing nothing", async () => {
    await createSite("faulted");
    const before = await stored();
    const target = `${blogOrigin}/post/faulted`;
    const cases: [string, number, RegExp][] = [
      [ping("https://dana.example/post", "https://not-a-site.example/post"), 33, /targetURI is not on a site/],
      [ping("javascript:alert(1)", target), 0, /sourceURI must be an http\(s\) address/],
      [ping("http://169.254.169.254/latest", target), 0, /private or loopback/],
      [ping("https://dana.example/post", target, "system.listMethods"), 0, /unknown method system\.listMethods/],
      [
        `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><methodCall><methodName>pingback.ping</methodName><params><param><value>&lol2;</value></param><param><value>${target}</value></param></params></methodCall>`,
        0,
        /DOCTYPE is not allowed/,
      ],
      [
        `<?xml version="1.0"?><!DOCTYPE methodCall SYSTEM "http://attacker.example/x.dtd"><methodCall/>`,
        0,
        /DOCTYPE is not allowed/,
      ],
      ["<methodCall><methodName>pingback.ping</methodName><params>", 0, /not an XML-RPC call/],
      [ping("https://dana.example/post", target).replace(/<param>[\s\S]*?<\/param>/, ""), 0, /two strings/],
    ];
    for (const [body, code, message] of cases) {
      const xml = await (await pingback(body)).text();
      expect(faultCode(xml), body).toBe(code);
      expect(xml).toMatch(message);
    }
    expect(await stored()).toBe(before);
  });
});

describe("POST /api/webmention (W3C Webmention, the receiver's synchronous checks)", () => {
  it("accepts a mention of a site's page with 202 and a status address, and queues it", async () => {
    await createSite("mentioned", { origins: ["https://mentioned.example"] });
    const response = await send({
      source: "https://dana.example/2026/reply",
      target: "https://mentioned.example/post/hello?utm_source=x",
    });
    expect(response.status).toBe(202);
    const location = response.headers.get("Location") ?? "";
    expect(location).toMatch(/^https:\/\/chorus\.example\/api\/webmention\/[A-Za-z0-9_-]{24}$/);
    expect(await response.json()).toEqual({ status: "queued", statusUrl: location });
    const row = await env.DB.prepare(
      "SELECT site_id, source, target, page, status FROM webmentions WHERE source = 'https://dana.example/2026/reply'",
    ).first();
    expect(row).toEqual({
      site_id: "mentioned",
      source: "https://dana.example/2026/reply",
      target: "https://mentioned.example/post/hello?utm_source=x",
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

  it("answers a resend of a mention still waiting with the same status, and takes 30 an hour from one network", async () => {
    await createSite("flooded", { origins: ["https://flooded.example"] });
    const from = (network: string) => ({ "CF-Connecting-IP": network });
    const sendFrom = (fields: Record<string, string>, network: string) =>
      call("/api/webmention", {
        method: "POST",
        origin: null,
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...from(network) },
        rawBody: new URLSearchParams(fields).toString(),
      });
    const pair = { source: "https://dana.example/again", target: "https://flooded.example/post/1" };
    const first = await sendFrom(pair, "203.0.113.50");
    const again = await sendFrom(pair, "203.0.113.50");
    expect(again.status).toBe(202);
    expect(again.headers.get("Location")).toBe(first.headers.get("Location"));
    const before = await stored();
    for (let index = 0; index < 29; index++) {
      const response = await sendFrom(
        { source: `https://dana.example/flood-${index}`, target: "https://flooded.example/post/1" },
        "203.0.113.50",
      );
      expect(response.status, `mention ${index}`).toBe(202);
    }
    const refused = await sendFrom(
      { source: "https://dana.example/one-too-many", target: "https://flooded.example/post/1" },
      "203.0.113.50",
    );
    expect(refused.status).toBe(429);
    expect(await stored()).toBe(before + 29);
    const elsewhere = await sendFrom(
      { source: "https://dana.example/other-network", target: "https://flooded.example/post/1" },
      "198.51.100.50",
    );
    expect(elsewhere.status).toBe(202);
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

describe("replies from elsewhere, as a site decides", () => {
  it("holds what would be published when the site holds replies from elsewhere", async () => {
    await createSite("holding", { origins: ["https://holding.example"] });
    const { db } = openDatabase(env.DB, "first-primary");
    const mention = (key: string) => ({
      page: "/post/held",
      pageUrl: "https://holding.example/post/held",
      source: `https://dana.example/${key}`,
      authorName: "Dana Theus",
      authorWebsite: "https://dana.example",
      text: `A thoughtful reply about kettles, number ${key}.`,
      body: `A thoughtful reply about kettles, number ${key}.\n\n*Replied on [dana.example](https://dana.example/${key})*`,
      idempotencyKey: `webmention-test-${key}`,
      ipHash: "a".repeat(64),
      alertOrigin: "https://chorus.example",
    });
    const site = async () => (await db.select().from(sites).where(eq(sites.id, "holding")))[0] as Site;
    const open = await takeMention(db, await site(), mention("one"));
    expect(open.kind === "stored" && open.comment.status).toBe("published");
    await env.DB.prepare("UPDATE sites SET hold_mentions = 1 WHERE id = 'holding'").run();
    const held = await takeMention(db, await site(), mention("two"));
    expect(held.kind === "stored" && held.comment.status).toBe("pending");
    expect(held.kind === "stored" && held.comment.reasons.map((reason) => reason.check)).toContain("mentions.held");
  });

  it("counts them on listing pages unless the site leaves them out", async () => {
    await createSite("counting");
    const { db } = openDatabase(env.DB, "first-primary");
    const site = async () => (await db.select().from(sites).where(eq(sites.id, "counting")))[0] as Site;
    await postComment("counting", { body: "A reader's own comment", page: "/post/counted" });
    // Two replies from elsewhere: at most one of them can share its id with the thread's.
    for (const author of ["dana", "eli"]) {
      const taken = await takeMention(db, await site(), {
        page: "/post/counted",
        pageUrl: `${blogOrigin}/post/counted`,
        source: `https://${author}.example/counted`,
        authorName: author,
        authorWebsite: `https://${author}.example`,
        text: "A reply written on my own blog.",
        body: `A reply written on my own blog.\n\n*Replied on [${author}.example](https://${author}.example/counted)*`,
        idempotencyKey: `webmention-test-counted-${author}`,
        ipHash: "b".repeat(64),
        alertOrigin: "https://chorus.example",
      });
      expect(taken.kind === "stored" && taken.comment.status).toBe("published");
    }
    const counts = async () =>
      (
        (await (await call("/api/sites/counting/counts?page=/post/counted&page=/post/other")).json()) as {
          counts: Record<string, number>;
        }
      ).counts;
    expect(await counts()).toEqual({ "/post/counted": 3, "/post/other": 0 });
    await env.DB.prepare("UPDATE sites SET count_mentions = 0 WHERE id = 'counting'").run();
    // Counts are cached for a few seconds: a new page's count is read fresh.
    const fresh = (await (await call("/api/sites/counting/counts?page=/post/counted&page=/post/fresh")).json()) as {
      counts: Record<string, number>;
    };
    expect(fresh.counts).toEqual({ "/post/counted": 1, "/post/fresh": 0 });
  });

  it("lets moderators name the Mastodon post a thread is discussed under, and only a status address", async () => {
    await createSite("tooting");
    await createModerator("mod@tooting.example", { tooting: "moderator" });
    const console_ = await signIn("mod@tooting.example");
    const named = await console_.request("/api/admin/sites/tooting/threads", {
      body: { page: "/post/toot", fediverse: "https://mastodon.example/@brand/1122334455" },
    });
    expect(named.status).toBe(200);
    expect(await named.json()).toMatchObject({
      page: "/post/toot",
      fediverse: "https://mastodon.example/@brand/1122334455",
    });
    const due = await env.DB.prepare("SELECT fediverse_due_at AS due FROM threads WHERE site_id = 'tooting'").first();
    expect(due).toEqual({ due: 0 });
    const profile = await console_.request("/api/admin/sites/tooting/threads", {
      body: { page: "/post/toot", fediverse: "https://mastodon.example/@brand" },
    });
    expect(profile.status).toBe(400);
    expect(((await profile.json()) as { error: { fields: { field: string }[] } }).error.fields[0]?.field).toBe(
      "fediverse",
    );
    const stopped = await console_.request("/api/admin/sites/tooting/threads", {
      body: { page: "/post/toot", fediverse: null },
    });
    expect(await stopped.json()).toMatchObject({ fediverse: null });
  });
});
