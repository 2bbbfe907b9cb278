import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { PostedComment, ThreadPage } from "../../../worker/api/schemas";
import { sha256Hex } from "../../../worker/lib/crypto";
import { confirmEmail, createSite, getThread, postComment } from "../helpers";

const authorKey = "the-real-author-key-0001";
const author = { "X-Chorus-Reader": authorKey };
const phone = { "X-Chorus-Reader": "the-real-authors-phone-03" };
const stranger = { "X-Chorus-Reader": "a-stranger-with-a-key-02" };
const email = "known@example.com";

async function post(site: string, fields: Record<string, unknown>, headers: Record<string, string>) {
  const response = await postComment(site, { authorName: "Known Author", authorEmail: email, ...fields }, headers);
  expect(response.status).toBe(201);
  return ((await response.json()) as PostedComment).comment;
}

async function publish(id: number): Promise<void> {
  await env.DB.prepare("UPDATE comments SET status = 'published' WHERE id = ?").bind(id).run();
}

describe("identity is proven, never typed", () => {
  it("holds a stranger who types an approved author's email on a hold_first site", async () => {
    await createSite("borrowed-hold", { moderationMode: "hold_first" });
    const first = await post("borrowed-hold", { body: "My first comment here." }, author);
    expect(first.status).toBe("pending");
    await publish(first.id);
    const borrowed = await post("borrowed-hold", { body: "Buy followers at my shop today." }, stranger);
    expect(borrowed.status).toBe("pending");
    const nameless = await post("borrowed-hold", { body: "And again, with no reader key." }, {});
    expect(nameless.status).toBe("pending");
    const again = await post("borrowed-hold", { body: "A second comment from my own browser." }, author);
    expect(again.status).toBe("published");
  });

  it("publishes the reader who confirmed an email by its link, and only that reader", async () => {
    await createSite("confirmed-hold", { moderationMode: "hold_first" });
    const fromPhone = await post("confirmed-hold", { body: "My first comment, from my phone." }, phone);
    await publish(fromPhone.id);
    expect((await post("confirmed-hold", { body: "Now from my laptop." }, author)).status).toBe("pending");
    await confirmEmail("confirmed-hold", email, authorKey);
    expect((await post("confirmed-hold", { body: "From my laptop, confirmed." }, author)).status).toBe("published");
    expect((await post("confirmed-hold", { body: "Typed the confirmed address." }, stranger)).status).toBe("pending");
  });

  it("gives a trusted author's pass only to the proven author", async () => {
    await createSite("borrowed-trust", { moderationMode: "hold_all" });
    await env.DB.prepare("INSERT INTO trusted_authors (site_id, email) VALUES ('borrowed-trust', ?)").bind(email).run();
    const borrowed = await post("borrowed-trust", { body: "Typed the trusted address." }, stranger);
    expect(borrowed.status).toBe("pending");
    await confirmEmail("borrowed-trust", email, authorKey);
    expect((await post("borrowed-trust", { body: "The real one, confirmed." }, author)).status).toBe("published");
  });

  it("never shows the real author's Gravatar or identicon on a comment with a typed email", async () => {
    await createSite("borrowed-avatar");
    await env.DB.prepare("UPDATE sites SET gravatar = 1 WHERE id = 'borrowed-avatar'").run();
    const first = await post("borrowed-avatar", { body: "The real author's first comment." }, author);
    const proven = await post("borrowed-avatar", { body: "The real author again." }, author);
    const borrowed = await post("borrowed-avatar", { body: "Someone else, same typed email." }, stranger);
    const gravatar = await sha256Hex(email);
    expect(first.avatar).not.toBe(gravatar);
    expect(proven.avatar).toBe(gravatar);
    expect(borrowed.avatar).not.toBe(gravatar);
    const page = (await (await getThread("borrowed-avatar", "/post/hello")).json()) as ThreadPage;
    expect(page.comments.map((comment) => comment.avatar === gravatar)).toEqual([false, true, false]);
  });
});
