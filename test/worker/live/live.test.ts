import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { PostedComment, ThreadChanges, ThreadPage } from "../../../worker/api/schemas";
import { call, connectLive as connect, createSite, getThread, postComment, roomHolds } from "../helpers";
import { createModerator, signIn } from "../moderators";

const authorKey = "live-author-key-0001";
const otherKey = "live-other-key-00002";

async function changesSince(site: string, page: string, since: number, readerKey: string | null) {
  const response = await call(`/api/sites/${site}/changes?page=${encodeURIComponent(page)}&since=${since}`, {
    headers: readerKey ? { "X-Chorus-Reader": readerKey } : {},
  });
  expect(response.status).toBe(200);
  return (await response.json()) as ThreadChanges;
}

describe("live threads", () => {
  beforeAll(async () => {
    await createSite("live");
    await createSite("live-held", { moderationMode: "hold_all" });
  });

  it("sends a new published comment to every reader of the page, and nothing to another page's", async () => {
    const page = "/post/live-1";
    const author = await connect("live", page, authorKey);
    const other = await connect("live", page, null);
    const elsewhere = await connect("live", "/post/elsewhere", null);
    expect(author.response.status).toBe(101);
    expect(author.response.headers.get("Sec-WebSocket-Protocol")).toBe("chorus");
    await roomHolds("live", page, 2);
    const posted = await postComment("live", { page, body: "Live hello" }, { "X-Chorus-Reader": authorKey });
    const { comment } = (await posted.json()) as PostedComment;
    await vi.waitFor(() => expect(other.events.length).toBe(1));
    await vi.waitFor(() => expect(author.events.length).toBe(1));
    const event = other.events[0];
    expect(event?.comments.map((c) => [c.id, c.status, c.bodyHtml])).toEqual([
      [comment.id, "published", "<p>Live hello</p>"],
    ]);
    expect(event?.thread).toMatchObject({ page, commentCount: 1, closed: false });
    expect(event?.comments[0]?.avatar).toMatch(/^[0-9a-f]{8}$/);
    expect(elsewhere.events).toEqual([]);
  });

  it("sends a held comment to its author alone, and its approval to everyone", async () => {
    const page = "/post/live-held";
    const author = await connect("live-held", page, authorKey);
    const other = await connect("live-held", page, otherKey);
    await roomHolds("live-held", page, 2);
    const posted = await postComment(
      "live-held",
      { page, body: "Held until a moderator looks" },
      { "X-Chorus-Reader": authorKey },
    );
    const { comment } = (await posted.json()) as PostedComment;
    expect(comment.status).toBe("pending");
    await vi.waitFor(() => expect(author.events.length).toBe(1));
    expect(author.events[0]?.comments[0]).toMatchObject({ id: comment.id, status: "pending" });

    await createModerator("live-mod@example.com", { "live-held": "moderator" });
    const console = await signIn("live-mod@example.com");
    const approved = await console.request("/api/admin/sites/live-held/comments/actions", {
      body: { action: "approve", ids: [comment.id] },
    });
    expect(approved.status).toBe(200);
    await vi.waitFor(() => expect(other.events.length).toBe(1));
    expect(other.events[0]?.comments[0]).toMatchObject({
      id: comment.id,
      status: "published",
      bodyHtml: "<p>Held until a moderator looks</p>",
    });
    // The other reader learned nothing of the comment while it was held.
    expect(JSON.stringify(other.events)).not.toContain("pending");
  });

  it("sends edits, reactions, deletions and a closed thread as they happen", async () => {
    const page = "/post/live-changes";
    const posted = await postComment("live", { page, body: "First draft" }, { "X-Chorus-Reader": authorKey });
    const { comment, editSecret } = (await posted.json()) as PostedComment;
    const reader = await connect("live", page, otherKey);
    await roomHolds("live", page, 1);

    await call(`/api/sites/live/comments/${comment.id}/edit`, { body: { secret: editSecret, body: "Second draft" } });
    await vi.waitFor(() => expect(reader.events.length).toBe(1));
    expect(reader.events[0]?.comments[0]).toMatchObject({ bodyHtml: "<p>Second draft</p>" });
    expect(reader.events[0]?.comments[0]?.editedAt).toBeTruthy();

    await call("/api/sites/live/reactions", {
      body: { page, commentId: comment.id, kind: "love" },
      headers: { "X-Chorus-Reader": authorKey },
    });
    await vi.waitFor(() => expect(reader.events.length).toBe(2));
    expect(reader.events[1]?.comments[0]?.reactions).toEqual({ love: 1 });
    expect(reader.events[1]?.comments[0]).not.toHaveProperty("myReaction");

    await call(`/api/sites/live/comments/${comment.id}/delete`, { body: { secret: editSecret } });
    await vi.waitFor(() => expect(reader.events.length).toBe(3));
    expect(reader.events[2]?.comments[0]).toMatchObject({ id: comment.id, status: "removed", bodyHtml: "" });
    expect(reader.events[2]?.thread.commentCount).toBe(0);

    await createModerator("live-owner@example.com", { live: "owner" });
    const console = await signIn("live-owner@example.com");
    await console.request("/api/admin/sites/live/threads", { body: { page, closed: true } });
    await vi.waitFor(() => expect(reader.events.length).toBe(4));
    expect(reader.events[3]).toMatchObject({ comments: [], thread: { closed: true } });
  });

  it("answers ping with pong without a change", async () => {
    const reader = await connect("live", "/post/ping", null);
    const pong = new Promise((resolve) =>
      reader.socket?.addEventListener("message", (event) => event.data === "pong" && resolve(event.data)),
    );
    reader.socket?.send("ping");
    expect(await pong).toBe("pong");
  });

  it("refuses what is not a reader's WebSocket from an allowed origin", async () => {
    const plain = await call("/api/sites/live/live?page=/post/x");
    expect(plain.status).toBe(426);
    const foreign = await connect("live", "/post/x", null, "https://evil.example");
    expect(foreign.response.status).toBe(403);
    expect(foreign.socket).toBeNull();
    const noSite = await connect("nope", "/post/x", null);
    expect(noSite.response.status).toBe(404);
    const badKey = await call("/api/sites/live/live?page=/post/x", {
      headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": "chorus, reader.short" },
    });
    expect(badKey.status).toBe(400);
    expect(await badKey.json()).toMatchObject({ error: { fields: [{ field: "header:Sec-WebSocket-Protocol" }] } });
    const noProtocol = await call("/api/sites/live/live?page=/post/x", { headers: { Upgrade: "websocket" } });
    expect(noProtocol.status).toBe(400);
  });
});

describe("catching up", () => {
  beforeAll(async () => {
    await createSite("catch-up", { moderationMode: "hold_first" });
  });

  it("returns what changed since the revision a thread read gave, as each reader may see it", async () => {
    const page = "/post/catch-up";
    await postComment("catch-up", { page, body: "Seen already" }, { "X-Chorus-Reader": otherKey });
    const read = (await (await getThread("catch-up", page)).json()) as ThreadPage;
    const since = read.thread.revision;
    expect(since).toBeGreaterThan(0);
    expect(await changesSince("catch-up", page, since, null)).toMatchObject({ comments: [], revision: since });

    const held = (await (
      await postComment("catch-up", { page, body: "Waiting here" }, { "X-Chorus-Reader": authorKey })
    ).json()) as PostedComment;
    expect(held.comment.status).toBe("pending");
    const theirs = await changesSince("catch-up", page, since, authorKey);
    expect(theirs.comments).toMatchObject([
      { id: held.comment.id, status: "pending", bodyHtml: "<p>Waiting here</p>" },
    ]);
    expect(theirs.revision).toBeGreaterThan(since);
    const others = await changesSince("catch-up", page, since, otherKey);
    expect(others.comments).toEqual([
      expect.objectContaining({ id: held.comment.id, status: "removed", authorName: "" }),
    ]);
    expect(JSON.stringify(others)).not.toContain("Waiting here");
    expect(await changesSince("catch-up", page, theirs.revision, authorKey)).toMatchObject({ comments: [] });
  });

  it("moves the revision on every change a reader can see, and only then", async () => {
    await createSite("revisions");
    const page = "/post/revisions";
    const posted = await postComment("revisions", { page, body: "Version one" }, { "X-Chorus-Reader": authorKey });
    const { comment, editSecret } = (await posted.json()) as PostedComment;
    const start = (await changesSince("revisions", page, 0, null)).revision;
    await call(`/api/sites/revisions/comments/${comment.id}/edit`, {
      body: { secret: editSecret, body: "Version two" },
    });
    const edited = await changesSince("revisions", page, start, null);
    expect(edited.comments).toMatchObject([{ id: comment.id, bodyHtml: "<p>Version two</p>" }]);
    await call("/api/sites/revisions/reactions", {
      body: { page, commentId: comment.id, kind: "like" },
      headers: { "X-Chorus-Reader": otherKey },
    });
    const reacted = await changesSince("revisions", page, edited.revision, otherKey);
    expect(reacted.comments).toMatchObject([{ id: comment.id, reactions: { like: 1 }, myReaction: "like" }]);
    await env.DB.prepare("UPDATE comments SET ip_hash = NULL, trained_label = 'ham' WHERE id = ?")
      .bind(comment.id)
      .run();
    expect(await changesSince("revisions", page, reacted.revision, null)).toMatchObject({
      comments: [],
      revision: reacted.revision,
    });
  });

  it("opens each connection with the room's latest revision, which a cached catch-up must have reached", async () => {
    await createSite("hello");
    const page = "/post/hello-revision";
    const first = await connect("hello", page, null);
    await vi.waitFor(() => expect(first.hellos).toEqual([null]));
    await roomHolds("hello", page, 1);
    await postComment("hello", { page, body: "One" });
    await vi.waitFor(() => expect(first.events.length).toBe(1));
    await postComment("hello", { page, body: "Two" });
    await vi.waitFor(() => expect(first.events.length).toBe(2));
    const second = await connect("hello", page, null);
    await vi.waitFor(() => expect(second.hellos).toEqual([first.events[1]?.revision]));
    // A cached catch-up older than the room's revision (a copy another data centre kept) is read again.
    const since = (upto: number) => call(`/api/sites/hello/changes?page=${page}&since=0&upto=${upto}`);
    const revision = second.hellos[0] ?? 0;
    await vi.waitFor(async () => expect((await since(revision)).headers.get("X-Chorus-Cache")).toBe("hit"));
    const ahead = await since(revision + 1);
    expect(ahead.headers.get("X-Chorus-Cache")).toBe("miss");
    expect(((await ahead.json()) as ThreadChanges).comments.map((c) => c.bodyHtml)).toEqual([
      "<p>One</p>",
      "<p>Two</p>",
    ]);
  });

  it("names the field of a bad cursor, and answers nothing new for a page without comments yet", async () => {
    const bad = await call("/api/sites/catch-up/changes?page=/post/catch-up&since=-1");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { fields: [{ field: "since" }] } });
    const none = await call("/api/sites/catch-up/changes?page=/post/none&since=0");
    expect(none.status).toBe(200);
    expect(await none.json()).toMatchObject({ comments: [], revision: 0, complete: true });
  });
});
