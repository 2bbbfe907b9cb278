import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ErrorBody, PostedComment, ThreadPage } from "../../../worker/api/schemas";
import { turnstileVerifyUrl } from "../../../worker/intake/turnstile";
import { AKISMET_COMMENT_CHECK_URL } from "../../../worker/spam/akismet";
import { call, createSite, formToken, getThread, newKey, postComment } from "../helpers";

const stored = (id: number) =>
  env.DB.prepare("SELECT status, reasons FROM comments WHERE id = ?")
    .bind(id)
    .first<{ status: string; reasons: string }>();

async function publicThread(site: string) {
  const response = await getThread(site, "/post/hello", { "X-Chorus-Reader": "another-reader-entirely-0001" });
  return response.status === 404 ? null : ((await response.json()) as ThreadPage);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("gates before content", () => {
  it("stores a filled honeypot as spam, never shown to others and not counted", async () => {
    await createSite("honeypot");
    const response = await postComment("honeypot", { trap: "http://spam.example" });
    expect(response.status).toBe(201);
    const { comment } = (await response.json()) as PostedComment;
    expect(comment.status).toBe("pending");
    const row = await stored(comment.id);
    expect(row?.status).toBe("spam");
    expect(row?.reasons).toContain("gate.honeypot");
    const thread = await publicThread("honeypot");
    expect(thread?.comments ?? []).toEqual([]);
    expect(thread?.thread.commentCount ?? 0).toBe(0);
  });

  it("decides a filled honeypot before analysing the text: the gate is the comment's only reason", async () => {
    await createSite("honeypot-first");
    const response = await postComment("honeypot-first", {
      trap: "http://spam.example",
      body: "Buy cheap viagra now http://pills.example http://pills.example/2 http://pills.example/3",
    });
    const { comment } = (await response.json()) as PostedComment;
    const row = await stored(comment.id);
    expect(row?.status).toBe("spam");
    expect(JSON.parse(row?.reasons ?? "[]").map((reason: { check: string }) => reason.check)).toEqual([
      "gate.honeypot",
    ]);
  });

  it("answers a retry sent while its first attempt is still being decided with that attempt's comment", async () => {
    await createSite("racing");
    await env.DB.prepare("UPDATE sites SET akismet_key = 'test-key' WHERE id = 'racing'").run();
    let answerAkismet = () => {};
    const akismetAnswers = new Promise<void>((resolve) => {
      answerAkismet = resolve;
    });
    // Only Akismet's calls are counted and held: other work in the runtime fetches as it would.
    const realFetch = globalThis.fetch;
    const akismet = vi.fn(async () => {
      await akismetAnswers;
      return new Response("false");
    });
    vi.spyOn(globalThis, "fetch").mockImplementation((input, init) =>
      new Request(input).url === AKISMET_COMMENT_CHECK_URL ? akismet() : realFetch(input, init),
    );
    const submission = { formToken: await formToken("racing"), idempotencyKey: newKey(), body: "Sent on a slow line" };
    const first = postComment("racing", submission);
    await vi.waitFor(() => expect(akismet).toHaveBeenCalledTimes(1));
    const retry = postComment("racing", submission);
    await new Promise((resolve) => setTimeout(resolve, 150));
    answerAkismet();
    const [firstAnswer, retryAnswer] = await Promise.all([first, retry]);
    expect([firstAnswer.status, retryAnswer.status]).toEqual([201, 200]);
    const [posted, replayed] = (await Promise.all([firstAnswer.json(), retryAnswer.json()])) as PostedComment[];
    expect(replayed?.comment.id).toBe(posted?.comment.id);
    expect(akismet).toHaveBeenCalledTimes(1);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE site_id = 'racing'").first("n");
    expect(count).toBe(1);
    const otherSubmission = await postComment("racing", {
      formToken: submission.formToken,
      body: "Same form, new text",
    });
    expect(((await otherSubmission.json()) as ErrorBody).error.code).toBe("form_token_used");
  });

  it("asks a form sent less than 3 seconds after it was shown to wait, stores nothing, and takes the same form later", async () => {
    await createSite("too-fast");
    const token = await formToken("too-fast", "/post/hello", 1_000);
    const submission = { formToken: token, idempotencyKey: newKey() };
    const early = await postComment("too-fast", submission);
    expect(early.status).toBe(425);
    expect(Number(early.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    const body = (await early.json()) as ErrorBody;
    expect(body.error.code).toBe("form_too_fast");
    expect(body.error.fields?.[0]?.field).toBe("formToken");
    const count = () => env.DB.prepare("SELECT count(*) AS n FROM comments WHERE site_id = 'too-fast'").first("n");
    expect(await count()).toBe(0);
    const tokensUsed = await env.DB.prepare("SELECT count(*) AS n FROM used_form_tokens WHERE idempotency_key = ?")
      .bind(submission.idempotencyKey)
      .first("n");
    expect(tokensUsed).toBe(0);
    vi.useFakeTimers({ now: Date.now() + 2_500, toFake: ["Date"] });
    const later = await postComment("too-fast", submission);
    vi.useRealTimers();
    expect(later.status).toBe(201);
    const { comment } = (await later.json()) as PostedComment;
    expect((await stored(comment.id))?.status).toBe("published");
  });

  it("publishes a reader's one link to a source, holds two, and follows the site's linksToHold", async () => {
    await createSite("links");
    const post = async (body: string) => {
      const response = await postComment("links", { body });
      expect(response.status).toBe(201);
      return (await stored(((await response.json()) as PostedComment).comment.id))?.status;
    };
    expect(await post("The spec says otherwise: https://www.w3.org/TR/webmention/")).toBe("published");
    expect(await post("See https://a.example/one and https://b.example/two for both sides")).toBe("pending");
    await env.DB.prepare(`UPDATE sites SET spam_settings = '{"linksToHold":3}' WHERE id = 'links'`).run();
    expect(await post("Compare https://c.example/one with https://d.example/two please")).toBe("published");
  });

  it("refuses a replayed, forged, expired or foreign form token with 403 naming formToken", async () => {
    await createSite("tokens");
    const token = await formToken("tokens");
    expect((await postComment("tokens", { formToken: token })).status).toBe(201);
    const replayed = await postComment("tokens", { formToken: token, body: "again, other text" });
    expect(replayed.status).toBe(403);
    expect(((await replayed.json()) as ErrorBody).error.code).toBe("form_token_used");
    const forged = await postComment("tokens", { formToken: `${token.slice(0, -4)}AAAA` });
    expect(((await forged.json()) as ErrorBody).error).toMatchObject({ code: "form_token_bad_signature" });
    const expired = await postComment("tokens", { formToken: await formToken("tokens", "/post/hello", 25 * 3600_000) });
    expect(((await expired.json()) as ErrorBody).error.fields?.[0]).toEqual({
      field: "formToken",
      message: "has expired",
    });
    const otherPage = await postComment("tokens", { formToken: await formToken("tokens", "/another/page") });
    expect(otherPage.status).toBe(403);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE site_id = 'tokens'").first("n");
    expect(count).toBe(1);
  });

  it("issues form tokens from GET /form to allowed origins only", async () => {
    await createSite("form");
    const response = await call("/api/sites/form/form?page=/post/hello/");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ formToken: expect.stringMatching(/^v1\./), turnstileSiteKey: null });
    expect((await call("/api/sites/form/form?page=/x", { origin: "https://evil.example" })).status).toBe(403);
    expect((await call("/api/sites/form/form")).status).toBe(400);
  });

  it("limits comments per IP address exactly, storing nothing over the limit", async () => {
    await createSite("limited");
    const address = { "CF-Connecting-IP": "203.0.113.50" };
    for (let index = 0; index < 5; index++) {
      expect((await postComment("limited", { body: `comment number ${index}` }, address)).status).toBe(201);
    }
    const over = await postComment("limited", { body: "one too many" }, address);
    expect(over.status).toBe(429);
    expect(((await over.json()) as ErrorBody).error.code).toBe("rate_limited");
    expect(
      (await postComment("limited", { body: "from elsewhere" }, { "CF-Connecting-IP": "203.0.113.51" })).status,
    ).toBe(201);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE site_id = 'limited'").first("n")).toBe(6);
  });

  it("requires a Turnstile pass when the site turns it on (Cloudflare's answer stubbed: no network in tests)", async () => {
    await createSite("turnstile");
    await env.DB.prepare(
      "UPDATE sites SET turnstile_site_key = '1x00000000000000000000AA', turnstile_secret = '1x0000000000000000000000000000000AA' WHERE id = 'turnstile'",
    ).run();
    const verify = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      expect(String(input instanceof Request ? input.url : input)).toBe(turnstileVerifyUrl);
      const fields = init?.body instanceof FormData ? init.body : new FormData();
      expect(fields.get("idempotency_key")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      const token = fields.get("response");
      const hostname = token === "SOLVED.ON.ANOTHER.SITE" ? "evil.example" : "blog.example";
      return Response.json({ success: token !== "wrong", hostname });
    });
    const form = (await (await call("/api/sites/turnstile/form?page=/post/hello")).json()) as {
      turnstileSiteKey: string;
    };
    expect(form.turnstileSiteKey).toBe("1x00000000000000000000AA");
    expect((await postComment("turnstile", {})).status).toBe(403);
    expect((await postComment("turnstile", { turnstileToken: "wrong" })).status).toBe(403);
    expect((await postComment("turnstile", { turnstileToken: "SOLVED.ON.ANOTHER.SITE" })).status).toBe(403);
    expect((await postComment("turnstile", { turnstileToken: "XXXX.DUMMY.TOKEN.XXXX", body: "passed" })).status).toBe(
      201,
    );
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it("asks Akismet only when the site has a key, and counts its opinion (endpoint stubbed)", async () => {
    await createSite("akismet");
    const akismet = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("true"));
    const without = await postComment("akismet", { body: "A normal comment about the recipe" });
    expect(((await without.json()) as PostedComment).comment.status).toBe("published");
    expect(akismet).not.toHaveBeenCalled();
    await env.DB.prepare("UPDATE sites SET akismet_key = 'test-key' WHERE id = 'akismet'").run();
    const judged = await postComment("akismet", { body: "Another normal comment about the bread" });
    const { comment } = (await judged.json()) as PostedComment;
    expect(akismet).toHaveBeenCalledTimes(1);
    expect((await stored(comment.id))?.reasons).toContain("akismet");
  });
});

describe("duplicates on the posting route", () => {
  const text = "The part about proofing the dough overnight in the fridge changed my baking completely, thank you";

  it("answers a resubmission by the same author (new idempotency key) with the first comment, shown once", async () => {
    await createSite("resubmit");
    const first = (await (
      await postComment("resubmit", { body: text, authorEmail: "me@example.com" })
    ).json()) as PostedComment;
    const again = await postComment("resubmit", {
      body: `${text.replace("completely", "\ncompletely")}`,
      authorEmail: "ME@example.com",
    });
    expect(again.status).toBe(200);
    const body = (await again.json()) as PostedComment;
    expect(body).toMatchObject({ alreadyReceived: true, commentCount: 1 });
    expect(body.comment.id).toBe(first.comment.id);
    const thread = (await (await getThread("resubmit", "/post/hello")).json()) as ThreadPage;
    expect(thread.comments).toHaveLength(1);
  });

  it("holds a copy of another author's comment, recording which comment it copies", async () => {
    await createSite("copied");
    const original = (await (
      await postComment("copied", { body: text, authorEmail: "author@example.com" })
    ).json()) as PostedComment;
    const copy = (await (
      await postComment("copied", { body: text, authorEmail: "copier@example.com", page: "/post/other" })
    ).json()) as PostedComment;
    expect(copy.comment.status).toBe("pending");
    const row = await env.DB.prepare("SELECT duplicate_of, duplicate_kind, reasons FROM comments WHERE id = ?")
      .bind(copy.comment.id)
      .first<{ duplicate_of: number; duplicate_kind: string; reasons: string }>();
    expect(row).toMatchObject({ duplicate_of: original.comment.id, duplicate_kind: "exact" });
    expect(row?.reasons).toContain(`exact of ${original.comment.id}`);
  });

  it("never flags two people who both wrote a short generic comment", async () => {
    await createSite("generic");
    await postComment("generic", { body: "Great post!", authorEmail: "a@example.com" });
    const second = (await (
      await postComment("generic", { body: "Great post!", authorEmail: "b@example.com" })
    ).json()) as PostedComment;
    expect(second.comment.status).toBe("published");
  });
});

describe("a retry after a crash", () => {
  it("stores a submission whose first attempt claimed the form token and died before storing, exactly once", async () => {
    await createSite("crashed");
    const token = await formToken("crashed", "/post/hello");
    const idempotencyKey = newKey();
    const tokenId = token.split(".")[2];
    await env.DB.prepare("INSERT INTO used_form_tokens (token_id, expires_at, idempotency_key) VALUES (?, ?, ?)")
      .bind(tokenId, Date.now() + 86_400_000, idempotencyKey)
      .run();
    const fields = { formToken: token, idempotencyKey, body: "Posted just as the Worker went down." };
    const retry = await postComment("crashed", fields);
    expect(retry.status).toBe(201);
    const again = await postComment("crashed", fields);
    expect(again.status).toBe(200);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    const other = await postComment("crashed", { ...fields, idempotencyKey: newKey(), body: "A replayed form." });
    expect(other.status).toBe(403);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE site_id = 'crashed'").first("n")).toBe(1);
  });
});
