import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { FormBody, PostedComment } from "../../../worker/api/schemas";
import { openDatabase } from "../../../worker/db/client";
import { drainOutbox, sendMails } from "../../../worker/db/mail";
import type { OutboxMail } from "../../../worker/db/schema";
import type { Env } from "../../../worker/env";
import worker from "../../../worker/index";
import { httpMailSender, type OutgoingMail } from "../../../worker/mail/senders";
import { call, createSite, postComment } from "../helpers";
import { createModerator, signIn } from "../moderators";

/** Email turned on, through a Cloudflare email binding that keeps what it is given. */
function mailbox() {
  const sent: OutgoingMail[] = [];
  const bindings: Partial<Env> = {
    MAIL_FROM: "Chorus <comments@chorus.example>",
    EMAIL: {
      send: async (mail) => {
        sent.push(mail);
      },
    },
  };
  return { sent, bindings, to: (address: string) => sent.filter((mail) => mail.to === address) };
}

/** Posts as a reader writing from their own browser: one reader key per author name. */
async function post(site: string, fields: Record<string, unknown>, bindings: Partial<Env>) {
  const readerKey = `mail-test-reader-${String(fields.authorName ?? "Ada").replace(/\W/g, "")}`.padEnd(16, "0");
  const response = await postComment(site, fields, { "X-Chorus-Reader": readerKey }, bindings);
  expect(response.status).toBe(201);
  return (await response.json()) as PostedComment;
}

/** A first comment by `email` asking for replies, with the address confirmed by its link. */
async function confirmedAuthor(site: string, box: ReturnType<typeof mailbox>, email: string) {
  const first = await post(site, { authorEmail: email, notifyReplies: true }, box.bindings);
  const [confirmation] = box.to(email);
  expect((await call(linkIn(confirmation, "confirm"), { method: "POST", bindings: box.bindings })).status).toBe(200);
  return first;
}

/** The first link in an email's text that goes to `action`, as a path the test can call. */
function linkIn(mail: OutgoingMail | undefined, action: "confirm" | "unsubscribe" | "mute"): string {
  const url = mail?.text.match(new RegExp(`https://chorus\\.example(/api/mail/${action}\\?[\\w=&-]+)`))?.[1];
  if (!url) throw new Error(`no ${action} link in ${mail?.text}`);
  return url;
}

async function subscribedAuthor(
  site: string,
  email: string,
  box: ReturnType<typeof mailbox>,
  fields: Record<string, unknown> = {},
) {
  const posted = await post(
    site,
    { authorName: "Ada", authorEmail: email, notifyReplies: true, ...fields },
    box.bindings,
  );
  const confirm = linkIn(box.to(email).at(-1), "confirm");
  expect((await call(confirm, { method: "POST", bindings: box.bindings })).status).toBe(200);
  return posted.comment.id;
}

describe("reply emails", () => {
  it("are offered by the form only when the deployment sends email", async () => {
    await createSite("mail-form");
    const box = mailbox();
    const offered = await call("/api/sites/mail-form/form?page=/post/hello", { bindings: box.bindings });
    expect(((await offered.json()) as FormBody).notifications).toBe(true);
    const plain = await call("/api/sites/mail-form/form?page=/post/hello");
    expect(((await plain.json()) as FormBody).notifications).toBe(false);
  });

  it("need an email address: a 400 naming notifyReplies, and nothing stored", async () => {
    await createSite("mail-no-address");
    const response = await postComment("mail-no-address", { notifyReplies: true }, {}, mailbox().bindings);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { fields: [{ field: "notifyReplies" }] } });
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM comments WHERE site_id = 'mail-no-address'").first("n"),
    ).toBe(0);
  });

  it("ask for confirmation once a day, send replies only once confirmed, and stop at one click", async () => {
    await createSite("mail-flow");
    const box = mailbox();
    const ada = "ada@example.com";
    const first = await post("mail-flow", { authorEmail: ada, notifyReplies: true }, box.bindings);
    expect(first.notifications).toBe("confirmation_sent");
    const [confirmation] = box.to(ada);
    expect(confirmation?.subject).toBe("Confirm reply notifications from Site mail-flow");
    expect(confirmation?.from).toBe("Chorus <comments@chorus.example>");
    expect(confirmation?.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");

    const again = await post("mail-flow", { authorEmail: ada, notifyReplies: true, body: "Me again" }, box.bindings);
    expect(again.notifications).toBe("pending");
    expect(box.to(ada)).toHaveLength(1);

    await post("mail-flow", { authorName: "Bob", parentId: first.comment.id, body: "Too early" }, box.bindings);
    expect(box.to(ada)).toHaveLength(1);

    const confirm = linkIn(confirmation, "confirm");
    const page = await call(confirm, { bindings: box.bindings });
    expect(page.status).toBe(200);
    expect(page.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
    expect(await page.text()).toContain('<form method="post"');
    const status = () =>
      env.DB.prepare("SELECT status FROM subscribers WHERE site_id = 'mail-flow' AND email = ?")
        .bind(ada)
        .first("status");
    expect(await status()).toBe("pending");
    expect((await call(confirm, { method: "POST", bindings: box.bindings })).status).toBe(200);
    expect(await status()).toBe("confirmed");

    const reply = await post(
      "mail-flow",
      { authorName: "Bob", parentId: first.comment.id, body: "I **agree**" },
      box.bindings,
    );
    const [notification] = box.to(ada).slice(1);
    expect(notification?.subject).toBe('Bob replied to you on "/post/hello"');
    expect(notification?.text).toContain("I **agree**");
    expect(notification?.html).toContain("<strong>agree</strong>");
    expect(notification?.text).toContain(`https://blog.example/post/hello#comment-${reply.comment.id}`);

    await post(
      "mail-flow",
      { authorName: "Ada", authorEmail: ada, parentId: first.comment.id, body: "Answering myself" },
      box.bindings,
    );
    expect(box.to(ada)).toHaveLength(2);

    const oneClick = await call(linkIn(notification, "unsubscribe"), {
      method: "POST",
      rawBody: "List-Unsubscribe=One-Click",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      origin: null,
      bindings: box.bindings,
    });
    expect(oneClick.status).toBe(200);
    expect(await status()).toBe("unsubscribed");
    await post("mail-flow", { authorName: "Bob", parentId: first.comment.id, body: "Still there?" }, box.bindings);
    expect(box.to(ada)).toHaveLength(2);
  });

  it("stop per comment: muting one comment's replies leaves the author's other comments notifying", async () => {
    await createSite("mail-mute");
    const box = mailbox();
    const ada = "ada@mute.example";
    const first = await subscribedAuthor("mail-mute", ada, box);
    const second = await post(
      "mail-mute",
      { authorName: "Ada", authorEmail: ada, notifyReplies: true, body: "Another thought" },
      box.bindings,
    );
    await post("mail-mute", { authorName: "Bob", parentId: first, body: "About the first" }, box.bindings);
    const notification = box.to(ada).at(-1);
    expect(notification?.text).toContain("About the first");
    const mute = linkIn(notification, "mute");
    expect(mute).toContain(`comment=${first}`);

    const forged = mute.replace(`comment=${first}`, `comment=${second.comment.id}`);
    expect((await call(forged, { method: "POST", bindings: box.bindings })).status).toBe(404);
    const page = await call(mute, { bindings: box.bindings });
    expect(await page.text()).toContain(`action="/api/mail/mute?token=`);
    expect((await call(mute, { bindings: box.bindings })).status).toBe(200);
    await post("mail-mute", { authorName: "Bob", parentId: first, body: "Still unmuted?" }, box.bindings);
    expect(box.to(ada).at(-1)?.text).toContain("Still unmuted?");

    expect((await call(mute, { method: "POST", bindings: box.bindings })).status).toBe(200);
    const count = box.to(ada).length;
    await post("mail-mute", { authorName: "Bob", parentId: first, body: "Muted now" }, box.bindings);
    expect(box.to(ada)).toHaveLength(count);
    await post("mail-mute", { authorName: "Bob", parentId: second.comment.id, body: "About the second" }, box.bindings);
    expect(box.to(ada).at(-1)?.text).toContain("About the second");
  });

  it("refuse malformed link tokens with a 400 naming the token, and unknown ones with a 404", async () => {
    const malformed = await call("/api/mail/confirm?token=guess", { method: "POST" });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { fields: [{ field: "token" }] } });
    const unknown = await call(`/api/mail/unsubscribe?token=${"A".repeat(43)}`, { method: "POST" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "link_not_found" } });
  });

  it("go out when a moderator approves a held reply or answers as staff, never for a held one", async () => {
    await createSite("mail-held", { moderationMode: "hold_all" });
    await createModerator("mod@mail-held.example", { "mail-held": "owner" });
    const box = mailbox();
    const ada = "ada@held.example";
    const parent = await subscribedAuthor("mail-held", ada, box);
    const moderator = await signIn("mod@mail-held.example");
    await moderator.request("/api/admin/sites/mail-held/comments/actions", {
      body: { action: "approve", ids: [parent] },
      bindings: box.bindings,
    });
    const held = await post("mail-held", { authorName: "Bob", parentId: parent, body: "Held reply" }, box.bindings);
    expect(held.comment.status).toBe("pending");
    expect(box.to(ada)).toHaveLength(1);

    const approved = await moderator.request("/api/admin/sites/mail-held/comments/actions", {
      body: { action: "approve", ids: [held.comment.id] },
      bindings: box.bindings,
    });
    expect(approved.status).toBe(200);
    expect(box.to(ada).at(-1)?.subject).toBe('Bob replied to you on "/post/hello"');

    const staff = await moderator.request("/api/admin/sites/mail-held/replies", {
      body: { parentId: parent, body: "Thanks from the team" },
      bindings: box.bindings,
    });
    expect(staff.status).toBe(201);
    expect(box.to(ada)).toHaveLength(3);
    expect(box.to(ada).at(-1)?.text).toContain("Thanks from the team");
  });

  it("escape reader text and page titles in the HTML emails", async () => {
    await createSite("mail-hostile");
    const box = mailbox();
    const ada = "ada@hostile.example";
    const parent = await subscribedAuthor("mail-hostile", ada, box, {
      pageTitle: "</title><script>alert(2)</script>",
    });
    await env.DB.prepare("UPDATE threads SET url = 'javascript:alert(3)//' WHERE site_id = 'mail-hostile'").run();
    await post(
      "mail-hostile",
      {
        authorName: '<img src=x onerror="alert(1)">',
        parentId: parent,
        body: '<script>alert(1)</script> [x](javascript:alert(1)) "quoted"',
      },
      box.bindings,
    );
    const [confirmation, reply] = box.to(ada).map((mail) => mail.html);
    expect(confirmation).toContain("&lt;/title&gt;&lt;script&gt;alert(2)");
    expect(reply).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(reply).toContain('href="https://blog.example/post/hello#comment-');
    for (const html of [confirmation, reply]) expect(html).not.toMatch(/<img|<script|href="javascript:|onerror="/i);
  });
});

describe("the outbox", () => {
  it("retries a failed email later with the error kept, then sends it exactly once", async () => {
    await createSite("mail-retry");
    const box = mailbox();
    await env.DB.prepare("DELETE FROM outbox").run();
    const failing = {
      ...box.bindings,
      EMAIL: {
        send: async () => {
          throw new Error("mail server down");
        },
      },
    };
    await post("mail-retry", { authorEmail: "eve@retry.example", notifyReplies: true }, failing);
    const row = await env.DB.prepare(
      "SELECT id, attempts, last_error, sent_at, next_attempt_at FROM outbox WHERE recipient = 'eve@retry.example'",
    ).first<{ id: number; attempts: number; last_error: string; sent_at: number | null; next_attempt_at: number }>();
    expect(row).toMatchObject({ attempts: 1, last_error: "mail server down", sent_at: null });
    expect(row?.next_attempt_at).toBeGreaterThan(Date.now());

    const { db } = openDatabase(env.DB, "first-primary");
    const sent: OutgoingMail[] = [];
    const sender = { send: async (mail: OutgoingMail) => void sent.push(mail) };
    const courier = {
      mail: true,
      send: (rows: readonly OutboxMail[]) => sendMails(sender, "from@chorus.example", rows),
    };
    expect(await drainOutbox(db, courier, Date.now())).toEqual({ sent: 0, failed: 0 });
    const later = (row?.next_attempt_at ?? 0) + 1;
    expect(await drainOutbox(db, courier, later)).toEqual({ sent: 1, failed: 0 });
    expect(await drainOutbox(db, courier, later + 3_600_000)).toEqual({ sent: 0, failed: 0 });
    expect(sent.map((mail) => mail.to)).toEqual(["eve@retry.example"]);
  });

  it("posts to an HTTP email API with its key, and treats any answer but 2xx as a failure", async () => {
    const requests: Request[] = [];
    const answer = (status: number) => async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push(new Request(input, init));
      return new Response(null, { status });
    };
    const mail = { from: "a@x.example", to: "b@x.example", subject: "S", text: "T", html: "<p>T</p>", headers: {} };
    await httpMailSender("https://mail.example/send", "key-1", answer(202)).send(mail);
    expect(requests[0]?.headers.get("Authorization")).toBe("Bearer key-1");
    expect(await requests[0]?.json()).toEqual(mail);
    await expect(httpMailSender("https://mail.example/send", "key-1", answer(500)).send(mail)).rejects.toThrow("500");
  });
});

describe("the owners' daily digest", () => {
  it("tells each owner of a site that wants it what was published and held, once a day", async () => {
    await createSite("mail-digest", { moderationMode: "hold_all" });
    await env.DB.prepare("UPDATE sites SET owner_digest = 1 WHERE id = 'mail-digest'").run();
    await createModerator("owner@digest.example", { "mail-digest": "owner" });
    await createModerator("helper@digest.example", { "mail-digest": "moderator" });
    const box = mailbox();
    await post("mail-digest", { authorName: "Zed", body: "Please approve me <b>now</b>" }, box.bindings);
    const daily = async () => {
      const context = createExecutionContext();
      await worker.scheduled(
        createScheduledController({ cron: "17 3 * * *" }),
        { ...env, ...box.bindings } as Env,
        context,
      );
      await waitOnExecutionContext(context);
    };
    await daily();
    const digests = box.sent.filter((mail) => mail.subject.startsWith("Site mail-digest:"));
    expect(digests.map((mail) => mail.to)).toEqual(["owner@digest.example"]);
    expect(digests[0]?.subject).toBe("Site mail-digest: 0 new, 1 waiting for you");
    expect(digests[0]?.text).toContain('Zed on "/post/hello": Please approve me <b>now</b>');
    expect(digests[0]?.html).toContain("Please approve me &lt;b&gt;now&lt;/b&gt;");
    await daily();
    expect(box.sent.filter((mail) => mail.subject.startsWith("Site mail-digest:"))).toHaveLength(1);
  });
});

describe("email is no relay", () => {
  it("sends no confirmation for a comment judged spam, and none that carries the request's page title", async () => {
    await createSite("relay-spam");
    const box = mailbox();
    await post("relay-spam", { authorName: "Host", body: "First!", pageTitle: "Our real post" }, box.bindings);
    const caught = await post(
      "relay-spam",
      { authorEmail: "victim@example.com", notifyReplies: true, trap: "filled by a robot", body: "Hi" },
      box.bindings,
    );
    expect(caught.notifications).toBeUndefined();
    expect(box.to("victim@example.com")).toHaveLength(0);
    const asked = await post(
      "relay-spam",
      {
        authorName: "Visitor",
        authorEmail: "other@example.com",
        notifyReplies: true,
        body: "Tell me when someone answers.",
        pageTitle: "WIN A PRIZE at prize.example, call +1 555 0100",
      },
      box.bindings,
    );
    expect(asked.notifications).toBe("confirmation_sent");
    const [confirmation] = box.to("other@example.com");
    expect(confirmation?.text).toContain("Our real post");
    expect(`${confirmation?.text}${confirmation?.html}`).not.toContain("prize.example");
  });

  it("never mails a confirmed address the replies to a comment a stranger posted with it", async () => {
    await createSite("relay-borrowed");
    const box = mailbox();
    const owner = "owner@example.com";
    const first = await confirmedAuthor("relay-borrowed", box, owner);
    await post("relay-borrowed", { authorName: "Bob", parentId: first.comment.id, body: "A real reply" }, box.bindings);
    expect(box.to(owner)).toHaveLength(2);
    const borrowed = await post(
      "relay-borrowed",
      { authorName: "Mallory", authorEmail: owner, notifyReplies: true, body: "Posing as the owner" },
      box.bindings,
    );
    expect(borrowed.notifications).toBe("pending");
    await post(
      "relay-borrowed",
      { authorName: "Mallorys friend", parentId: borrowed.comment.id, body: "Visit scam.example now" },
      box.bindings,
    );
    expect(box.to(owner)).toHaveLength(2);
  });

  it(`sends one address at most ${20} emails a day, however many replies come`, async () => {
    await createSite("relay-cap");
    const box = mailbox();
    const owner = "busy@example.com";
    const first = await confirmedAuthor("relay-cap", box, owner);
    const topics = ["bread", "coffee", "trains", "rain", "cats", "maps", "jazz", "tea", "bikes", "clocks"];
    for (let index = 0; index < 25; index++) {
      await post(
        "relay-cap",
        {
          authorName: `Replier${index}`,
          parentId: first.comment.id,
          body: `Reply ${index}: my thoughts on ${topics[index % topics.length]} number ${index * 7919}`,
        },
        box.bindings,
      );
    }
    expect(box.to(owner)).toHaveLength(20);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE recipient = ?").bind(owner).first("n");
    expect(stored).toBe(20);
  }, 60_000);
});
