import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { PostedComment, ThreadPage } from "../../../worker/api/schemas";
import { sha256Hex } from "../../../worker/lib/crypto";
import { confirmEmail, createSite, getThread, postComment } from "../helpers";

/** Every author here writes from one browser, which asked for the confirmations below. */
const readerKey = "avatar-test-reader-key-01";

async function post(site: string, fields: Record<string, unknown>) {
  const response = await postComment(site, fields, { "X-Chorus-Reader": readerKey });
  expect(response.status).toBe(201);
  return ((await response.json()) as PostedComment).comment;
}

describe("avatars", () => {
  it("gives each author a short keyed hash: the same for the same name and email, else different", async () => {
    await createSite("avatars");
    await confirmEmail("avatars", "ada@example.com", readerKey);
    await confirmEmail("avatars", "ada@elsewhere.example", readerKey);
    const first = await post("avatars", { authorName: "Ada", authorEmail: "ada@example.com", body: "one" });
    const again = await post("avatars", { authorName: "ada", authorEmail: "ADA@example.com", body: "two" });
    const other = await post("avatars", { authorName: "Ada", authorEmail: "ada@elsewhere.example", body: "three" });
    const nameless = await post("avatars", { authorName: "Ada", body: "four" });
    expect(first.avatar).toMatch(/^[0-9a-f]{8}$/);
    expect(again.avatar).toBe(first.avatar);
    expect(new Set([first.avatar, other.avatar, nameless.avatar]).size).toBe(3);
    const page = (await (await getThread("avatars", "/post/hello")).json()) as ThreadPage;
    expect(page.comments.map((comment) => comment.avatar)).toEqual([
      first.avatar,
      first.avatar,
      other.avatar,
      nameless.avatar,
    ]);
  });

  it("is not a plain hash of the email, and differs between sites", async () => {
    await createSite("avatars-a");
    await createSite("avatars-b");
    await confirmEmail("avatars-a", "bo@example.com", readerKey);
    await confirmEmail("avatars-b", "bo@example.com", readerKey);
    const a = await post("avatars-a", { authorName: "Bo", authorEmail: "bo@example.com" });
    const b = await post("avatars-b", { authorName: "Bo", authorEmail: "bo@example.com" });
    expect(a.avatar).not.toBe(b.avatar);
    for (const plain of ["bo@example.com", "Bo\nbo@example.com", "avatars-a\nbo\nbo@example.com"]) {
      expect((await sha256Hex(plain)).slice(0, 8)).not.toBe(a.avatar);
    }
  });

  it("gives authors with an email their Gravatar hash only on a site that opted in", async () => {
    await createSite("avatars-gravatar");
    await env.DB.prepare("UPDATE sites SET gravatar = 1 WHERE id = 'avatars-gravatar'").run();
    await confirmEmail("avatars-gravatar", "di@example.com", readerKey);
    const withEmail = await post("avatars-gravatar", { authorName: "Di", authorEmail: " Di@Example.com " });
    const without = await post("avatars-gravatar", { authorName: "Di", body: "no email" });
    const gravatarHash = await sha256Hex("di@example.com");
    expect(withEmail.avatar).toBe(gravatarHash);
    expect(without.avatar).toMatch(/^[0-9a-f]{8}$/);
    const page = (await (await getThread("avatars-gravatar", "/post/hello")).json()) as ThreadPage;
    expect(page.comments.map((comment) => comment.avatar)).toEqual([gravatarHash, without.avatar]);
  });

  it("gives removed comments no avatar", async () => {
    await createSite("avatars-removed");
    const top = await post("avatars-removed", { authorName: "Cy", authorEmail: "cy@example.com" });
    await post("avatars-removed", { body: "reply", parentId: top.id });
    await env.DB.prepare("UPDATE comments SET status = 'deleted' WHERE id = ?").bind(top.id).run();
    const page = (await (await getThread("avatars-removed", "/post/hello")).json()) as ThreadPage;
    expect(page.comments[0]?.avatar).toBeNull();
    expect(page.comments[0]?.replies[0]?.avatar).toMatch(/^[0-9a-f]{8}$/);
  });
});
