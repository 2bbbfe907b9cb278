import { describe, expect, it } from "vitest";
import { issueFormToken, verifyFormToken } from "../../../worker/intake/form-token";

const secret = "test-secret-of-enough-length";
const issuedAt = Date.UTC(2026, 0, 1, 12, 0, 0);
const later = issuedAt + 60_000;

describe("issueFormToken and verifyFormToken", () => {
  it("accepts a token for its site and page after a human delay, and gives its id", async () => {
    const token = await issueFormToken(secret, "blog", "/post/1", issuedAt);
    const check = await verifyFormToken(secret, token, "blog", "/post/1", later);
    expect(check).toEqual({ ok: true, tokenId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), issuedAt });
  });

  it("gives every token its own id", async () => {
    const first = await issueFormToken(secret, "blog", "/post/1", issuedAt);
    const second = await issueFormToken(secret, "blog", "/post/1", issuedAt);
    expect(first).not.toBe(second);
  });

  it("refuses a form sent faster than a person could write", async () => {
    const token = await issueFormToken(secret, "blog", "/post/1", issuedAt);
    expect(await verifyFormToken(secret, token, "blog", "/post/1", issuedAt + 1_500)).toEqual({
      ok: false,
      reason: "too_fast",
      waitMs: 1_500,
    });
    expect((await verifyFormToken(secret, token, "blog", "/post/1", issuedAt + 3_000)).ok).toBe(true);
  });

  it("refuses an expired token, with a configurable maximum age", async () => {
    const token = await issueFormToken(secret, "blog", "/post/1", issuedAt);
    const dayLater = issuedAt + 24 * 60 * 60 * 1_000 + 1;
    expect(await verifyFormToken(secret, token, "blog", "/post/1", dayLater)).toEqual({ ok: false, reason: "expired" });
    const ages = { minAgeMs: 0, maxAgeMs: 10_000 };
    expect(await verifyFormToken(secret, token, "blog", "/post/1", issuedAt + 10_001, ages)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("refuses a token for another page, another site, or signed with another secret", async () => {
    const token = await issueFormToken(secret, "blog", "/post/1", issuedAt);
    const refused = { ok: false, reason: "bad_signature" };
    expect(await verifyFormToken(secret, token, "blog", "/post/2", later)).toEqual(refused);
    expect(await verifyFormToken(secret, token, "other", "/post/1", later)).toEqual(refused);
    expect(await verifyFormToken("another-secret", token, "blog", "/post/1", later)).toEqual(refused);
  });

  it("refuses a token whose time was changed to look older", async () => {
    const token = await issueFormToken(secret, "blog", "/post/1", issuedAt);
    const [version, , id, signature] = token.split(".");
    const backdated = [version, (issuedAt - 60_000).toString(36), id, signature].join(".");
    expect(await verifyFormToken(secret, backdated, "blog", "/post/1", issuedAt + 1_000)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("calls anything that is not a token malformed", async () => {
    for (const token of [
      "",
      "v1",
      "v1.abc.def.ghi",
      "v2.x.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
      "💥".repeat(40),
    ]) {
      expect(await verifyFormToken(secret, token, "blog", "/post/1", later)).toEqual({
        ok: false,
        reason: "malformed",
      });
    }
  });
});
