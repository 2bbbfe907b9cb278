import { describe, expect, it } from "vitest";
import { type AkismetComment, buildAkismetRequest, checkWithAkismet, parseAkismetResponse } from "../../../worker/spam";

const config = { apiKey: "abc123key", blogUrl: "https://blog.example", isTest: true };
const posted: AkismetComment = {
  userIp: "203.0.113.7",
  userAgent: "Mozilla/5.0",
  permalink: "https://blog.example/post/1",
  authorName: "viagra-test-123",
  authorEmail: "akismet-guaranteed-spam@example.com",
  body: "Buy now",
  isReply: true,
  postedAt: Date.UTC(2026, 0, 1),
};

describe("buildAkismetRequest", () => {
  it("posts the comment as a form to comment-check", async () => {
    const request = buildAkismetRequest(config, posted);
    expect(request.method).toBe("POST");
    expect(request.url).toBe("https://rest.akismet.com/1.1/comment-check");
    expect(request.headers.get("Content-Type")).toMatch(/^application\/x-www-form-urlencoded/);
    const form = await request.formData();
    expect(Object.fromEntries(form)).toEqual({
      api_key: "abc123key",
      blog: "https://blog.example",
      user_ip: "203.0.113.7",
      user_agent: "Mozilla/5.0",
      permalink: "https://blog.example/post/1",
      comment_type: "reply",
      comment_author: "viagra-test-123",
      comment_author_email: "akismet-guaranteed-spam@example.com",
      comment_content: "Buy now",
      comment_date_gmt: "2026-01-01T00:00:00.000Z",
      blog_charset: "UTF-8",
      is_test: "1",
    });
  });

  it("leaves out what it was not given", async () => {
    const request = buildAkismetRequest(
      { apiKey: "k", blogUrl: "https://b.example" },
      { userIp: "1.2.3.4", authorName: "A", body: "hi" },
    );
    const form = await request.formData();
    expect([...form.keys()].sort()).toEqual([
      "api_key",
      "blog",
      "blog_charset",
      "comment_author",
      "comment_content",
      "comment_type",
      "user_ip",
    ]);
  });
});

describe("parseAkismetResponse", () => {
  it("reads true as spam, false as ham and the discard tip as discard", async () => {
    expect(await parseAkismetResponse(new Response("true"))).toEqual({ ok: true, verdict: "spam" });
    expect(await parseAkismetResponse(new Response("false"))).toEqual({ ok: true, verdict: "ham" });
    const blatant = new Response("true", { headers: { "X-akismet-pro-tip": "discard" } });
    expect(await parseAkismetResponse(blatant)).toEqual({ ok: true, verdict: "discard" });
  });

  it("reports an invalid key or a server error, with Akismet's explanation", async () => {
    const invalid = new Response("invalid", { headers: { "X-akismet-debug-help": "Empty api_key" } });
    expect(await parseAkismetResponse(invalid)).toEqual({
      ok: false,
      error: 'Akismet answered 200 "invalid": Empty api_key',
    });
    expect((await parseAkismetResponse(new Response("true", { status: 503 }))).ok).toBe(false);
  });
});

describe("checkWithAkismet", () => {
  it("sends the request through the fetch it is given", async () => {
    const seen: Request[] = [];
    const result = await checkWithAkismet(
      async (request) => {
        seen.push(request);
        return new Response("true", { headers: { "X-akismet-pro-tip": "discard" } });
      },
      config,
      posted,
    );
    expect(result).toEqual({ ok: true, verdict: "discard" });
    expect(seen).toHaveLength(1);
  });

  it("turns a network failure into no opinion instead of throwing", async () => {
    const result = await checkWithAkismet(
      async () => {
        throw new Error("timed out");
      },
      config,
      posted,
    );
    expect(result).toEqual({ ok: false, error: "Akismet unreachable: timed out" });
  });
});
