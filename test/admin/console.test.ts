/**
 * The moderator console, built, against a real local Worker and D1: an owner signs in at /admin,
 * works the queues with mouse and keyboard, and the public thread shows the result.
 */
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlLiteral } from "../../scripts/lib/d1";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";
import type { PublicComment, ThreadPage } from "../../worker/api/schemas";
import { hashPassword } from "../../worker/auth/password";
import { caughtByOf } from "../../worker/db/dashboard";
import type { StoredReason } from "../../worker/db/schema";
import { launchChromium } from "../support/browser";

const owner = { email: "olive@blog.example", name: "Olive", password: "a long console passphrase" };
const malloryIp = "ab".repeat(32);

let worker: LocalWorker;
let browser: Browser;

interface SeedComment {
  id: number;
  thread: number;
  name: string;
  body: string;
  status: "published" | "pending" | "spam" | "deleted";
  email?: string;
  ipHash?: string;
  website?: string;
  spamScore?: number;
  reasons?: StoredReason[];
  duplicate?: { of: number; kind: "exact" | "near" | "partial"; similarity: number };
}

const seeded: SeedComment[] = [
  { id: 1, thread: 1, name: "Ada", body: "A fine post about soil.", status: "published", email: "ada@readers.example" },
  {
    id: 20,
    thread: 2,
    name: "Bea",
    body: "I loved the part about compost and worms in the garden.",
    status: "published",
  },
  {
    id: 21,
    thread: 2,
    name: "Bee",
    body: "I loved the bit about compost and worms in my garden!",
    status: "published",
    duplicate: { of: 20, kind: "near", similarity: 0.82 },
  },
  {
    id: 22,
    thread: 2,
    name: "Bea again",
    body: "I loved the part about compost and worms in the garden.",
    status: "spam",
    duplicate: { of: 20, kind: "exact", similarity: 1 },
  },
  {
    id: 30,
    thread: 1,
    name: "Mallory",
    body: "Visit my shop for deals.",
    status: "pending",
    email: "mallory@spam.example",
    ipHash: malloryIp,
    spamScore: 0.55,
    reasons: [{ check: "rules.links", score: 2, detail: "1: shop.example" }],
  },
  {
    id: 33,
    thread: 1,
    name: "Grace",
    body: "Thoughtful piece, thank you.",
    status: "pending",
    email: "grace@readers.example",
  },
  {
    id: 34,
    thread: 1,
    name: `<img src=x onerror="window.pwned=1">Eve`,
    body: "Held for a first comment.",
    status: "pending",
    website: "javascript:alert(1)",
    reasons: [{ check: "mode.hold_first", score: 0, holds: true, detail: "no approved comments by this author" }],
  },
  ...[40, 41, 42].map(
    (id): SeedComment => ({
      id,
      thread: 1,
      name: `Cheap pills ${id}`,
      body: `Buy cheap pills at pills${id}.example now`,
      status: "pending",
      email: `bot${id}@pills.example`,
      spamScore: 0.71,
      reasons: [
        { check: "rules.links", score: 3, detail: `1: pills${id}.example` },
        { check: "classifier", score: 1.4, detail: "0.93" },
      ],
    }),
  ),
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function insertComment(comment: SeedComment): string {
  const values = [
    comment.id,
    "blog",
    comment.thread,
    comment.name,
    comment.email ?? null,
    comment.website ?? null,
    comment.ipHash ?? null,
    comment.body,
    `<p>${escapeHtml(comment.body)}</p>`,
    comment.status,
    `seed-key-${comment.id}-abcdef`,
    comment.spamScore ?? null,
    JSON.stringify(comment.reasons ?? []),
    comment.status === "published" ? null : caughtByOf(comment.reasons ?? []),
    comment.duplicate?.of ?? null,
    comment.duplicate?.kind ?? null,
    comment.duplicate?.similarity ?? null,
  ].map(sqlLiteral);
  return `INSERT INTO comments (id, site_id, thread_id, author_name, author_email, author_website, ip_hash, body, body_html, status, idempotency_key, spam_score, reasons, caught_by, duplicate_of, duplicate_kind, duplicate_similarity) VALUES (${values.join(", ")})`;
}

beforeAll(async () => {
  worker = await startLocalWorker();
  worker.site("create", "blog", "--name", "The Blog", "--origin", worker.blogOrigin);
  worker.site("create", "other", "--name", "Other Blog", "--origin", worker.blogOrigin);
  const passwordHash = await hashPassword(owner.password);
  await worker.sql([
    `INSERT INTO moderators (id, email, display_name, password_hash) VALUES (1, ${sqlLiteral(owner.email)}, ${sqlLiteral(owner.name)}, ${sqlLiteral(passwordHash)})`,
    "INSERT INTO site_moderators (site_id, moderator_id, role) VALUES ('blog', 1, 'owner'), ('other', 1, 'moderator')",
    "INSERT INTO threads (id, site_id, path, title, comment_count) VALUES (1, 'blog', '/post/a', 'Post A', 1), (2, 'blog', '/post/b', 'Post B', 2)",
    ...seeded.map(insertComment),
  ]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

/**
 * Opens the console in a fresh browser context (its own cookies) at `hash` (the Held queue unless
 * given; empty for the console's own first view) and signs the owner in. `bypassCSP` lets a test
 * inject axe-core, which the console's own policy would refuse.
 */
async function signedIn(options: { bypassCSP?: boolean; hash?: string; ready?: string } = {}): Promise<Page> {
  const { hash = "#/blog/held", ready = "console-comment", ...context } = options;
  const page = await (await browser.newContext(context)).newPage();
  await page.goto(`${worker.apiOrigin}/admin/${hash}`);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator(ready).first().waitFor();
  return page;
}

function status(page: Page) {
  return page.locator("chorus-console [role=status]").textContent();
}

function listedIds(page: Page): Promise<number[]> {
  return page
    .locator("console-comment")
    .evaluateAll((elements) => elements.map((element) => Number((element as HTMLElement).dataset.id)));
}

/** The id of the console-comment that has focus, looking through shadow roots. */
function focusedCommentId(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) {
      if (active.localName === "console-comment") break;
      active = active.shadowRoot.activeElement;
    }
    return active?.localName === "console-comment" ? Number((active as HTMLElement).dataset.id) : null;
  });
}

async function publicThread(path: string): Promise<ThreadPage> {
  const response = await fetch(`${worker.apiOrigin}/api/sites/blog/thread?${new URLSearchParams({ page: path })}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ThreadPage;
}

function flatten(comments: PublicComment[]): PublicComment[] {
  return comments.flatMap((comment) => [comment, ...flatten(comment.replies)]);
}

describe("the moderator console at /admin", () => {
  it("is served with a strict CSP and runs under it without violations", async () => {
    const response = await fetch(`${worker.apiOrigin}/admin/`);
    expect(response.status).toBe(200);
    const policy = response.headers.get("Content-Security-Policy") ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");

    const page = await (await browser.newContext()).newPage();
    const problems: string[] = [];
    const failed: string[] = [];
    page.on("console", (message) => {
      // Failed requests are checked by address below; everything else logged as an error is a problem.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
        problems.push(message.text());
      }
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("response", (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    await page.goto(`${worker.apiOrigin}/admin`);
    await page.getByLabel("Password").fill("not the password");
    await page.getByLabel("Email").fill(owner.email);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect
      .poll(() => page.locator("console-sign-in [role=alert]").textContent())
      .toBe("Wrong email or password.");
    // The sign-in form is styled, so constructable stylesheets pass the CSP.
    expect(await page.locator("console-sign-in form").evaluate((form) => getComputedStyle(form).display)).toBe("grid");
    expect(problems).toEqual([]);
    // Only the signed-out session check and the wrong password fail (and a browser's favicon guess).
    expect(failed.filter((failure) => failure !== "404 /favicon.ico")).toEqual([
      "401 /api/admin/session",
      "401 /api/admin/session",
    ]);
    await page.context().close();
  });

  it("shows the held queue with badges, private details and why each comment was held", async () => {
    const page = await signedIn();
    expect(await listedIds(page)).toEqual([42, 41, 40, 34, 33, 30]);
    expect(await page.locator("#tab-held .count").textContent()).toBe("6");
    expect(await page.locator("#tab-spam .count").textContent()).toBe("1");
    expect(await page.locator("#tab-duplicates .count").textContent()).toBe("2");

    const mallory = page.locator('console-comment[data-id="30"]');
    expect(await mallory.locator(".email").textContent()).toBe("mallory@spam.example");
    expect(await mallory.locator(".ip code").textContent()).toBe("ababababab…");
    expect(await mallory.locator(".verdict").textContent()).toContain("Spam score 0.55");
    expect(await mallory.locator(".reasons li").first().textContent()).toMatch(
      /rules\.links\s+\+2\.0\s+1: shop\.example/,
    );

    // Author fields are text, never markup; only http(s) websites become links.
    const eve = page.locator('console-comment[data-id="34"]');
    expect(await eve.locator(".author").textContent()).toBe(`<img src=x onerror="window.pwned=1">Eve`);
    expect(await eve.locator("img").count()).toBe(0);
    expect(await eve.locator("a.website").count()).toBe(0);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(await eve.locator(".reasons").textContent()).toContain("holds");
    await page.context().close();
  });

  it("opens on the dashboard: the last 30 days as a chart with a table equivalent, what caught what, and axe finds nothing in it", async () => {
    const page = await signedIn({ bypassCSP: true, hash: "", ready: "console-dashboard" });
    expect(await page.evaluate(() => location.hash)).toBe("#/blog/dashboard");
    await expect.poll(() => page.locator("console-dashboard svg rect").count()).toBeGreaterThan(0);
    expect(await page.locator("console-dashboard table[part=table] tbody tr").count()).toBe(30);
    const today = page.locator("console-dashboard table[part=table] tbody tr").last();
    expect(await today.locator("td").allTextContents()).toEqual(["3", "6", "1", "2"]);
    expect(await page.locator("console-dashboard .layers").textContent()).toContain("rules");
    expect(await page.locator("console-dashboard .waiting").textContent()).toMatch(/^6 comments held; the oldest for/);
    expect(await page.locator("console-dashboard .busiest li").first().textContent()).toContain("Post B");
    await page.addScriptTag({ content: readFileSync("node_modules/axe-core/axe.min.js", "utf8") });
    // The dashboard itself (the console's frame has its own checks): axe reaches into the shadow roots.
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string }[] }> } })
        .axe;
      const dashboard = { include: [[["chorus-console", "console-dashboard"]]] };
      return (await axe.run(dashboard)).violations.map((violation) => violation.id);
    });
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it("lists readers' reports with their reasons and weight, and approving the comment overrules them", async () => {
    await worker.sql([
      `INSERT INTO reports (site_id, comment_id, reader_hash, ip_hash, reason, weight) VALUES
        ('blog', 21, 'reporter-one', 'net-one', 'spam', 1), ('blog', 21, 'reporter-two', 'net-two', 'abuse', 0.5)`,
    ]);
    const page = await signedIn();
    expect(await page.locator("#tab-reported .count").textContent()).toBe("1");
    await page.locator("#tab-reported").click();
    await expect.poll(() => listedIds(page)).toEqual([21]);
    const reported = page.locator('console-comment[data-id="21"] .reports');
    expect(await reported.textContent()).toMatch(/Reported\s+abuse ×1, spam ×1\s+\(weight 1\.5\)/);
    await page.locator('console-comment[data-id="21"]').getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => listedIds(page)).toEqual([]);
    await expect.poll(() => page.locator("#tab-reported .count").textContent()).toBe("0");
    await page.context().close();
  });

  it("clears the spam from the held queue by keyboard, and approves a comment onto the public thread", async () => {
    const page = await signedIn();
    expect((await listedIds(page)).slice(0, 3)).toEqual([42, 41, 40]);

    for (const expected of [42, 41, 40]) {
      await page.keyboard.press("j");
      await expect.poll(() => focusedCommentId(page)).toBe(expected);
      await page.keyboard.press("x");
    }
    await expect.poll(() => page.locator("console-queue .selection").textContent()).toBe("3 selected");
    await page.keyboard.press("s");
    await expect.poll(() => status(page)).toBe("3 comments marked as spam");
    expect(await listedIds(page)).toEqual([34, 33, 30]);
    await expect.poll(() => page.locator("#tab-spam .count").textContent()).toBe("4");
    expect(await page.locator("#tab-held .count").textContent()).toBe("3");
    // Focus stays in the list, on the comment that took the last removed one's place.
    expect(await focusedCommentId(page)).toBe(30);

    await page.keyboard.press("k");
    await expect.poll(() => focusedCommentId(page)).toBe(33);
    await page.keyboard.press("a");
    await expect.poll(() => status(page)).toBe("1 comment approved");
    expect(await listedIds(page)).toEqual([34, 30]);

    const thread = await publicThread("/post/a");
    expect(flatten(thread.comments).map((comment) => comment.authorName)).toContain("Grace");
    expect(thread.thread.commentCount).toBe(2);

    await page.locator("#tab-spam").click();
    await expect.poll(() => listedIds(page)).toEqual([42, 41, 40, 22]);
    await page.context().close();
  });

  it("shows the shortcuts on ?, and fires none while typing a staff reply", async () => {
    const page = await signedIn();
    await page.keyboard.press("?");
    await expect.poll(() => page.locator("console-queue dialog").isVisible()).toBe(true);
    expect(await page.locator("console-queue dialog").textContent()).toContain("Approve the selection, or the comment");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.locator("console-queue dialog").isVisible()).toBe(false);

    await page.locator("#tab-all").click();
    await page.getByLabel("Text or author name").fill("fine post");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(() => listedIds(page)).toEqual([1]);
    const ada = page.locator('console-comment[data-id="1"]');
    await ada.getByRole("button", { name: "Reply as staff" }).click();
    await page.keyboard.type("Thanks Ada; sadly the jokes are off, x", { delay: 5 });
    expect(await ada.locator(".status").textContent()).toBe("Published");
    expect(await page.locator("console-queue .selection").textContent()).toBe("");
    await ada.getByRole("button", { name: "Post reply" }).click();
    await expect.poll(() => status(page)).toBe("Reply to Ada posted");

    const reply = flatten((await publicThread("/post/a")).comments).find((comment) => comment.parentId === 1);
    expect(reply?.authorName).toBe("Olive");
    expect(reply?.badge).toBe("Staff");
    expect(reply?.bodyHtml).toContain("sadly the jokes are off");
    await page.context().close();
  });

  it("keeps the original of a duplicate cluster and removes its copies, with the differences marked", async () => {
    expect(flatten((await publicThread("/post/b")).comments).map((comment) => comment.id)).toEqual([20, 21]);
    const page = await signedIn();
    await page.locator("#tab-duplicates").click();
    const cluster = page.locator("console-cluster");
    await expect.poll(() => cluster.count()).toBe(1);
    const pair = cluster.locator('[data-copy="21"]');
    expect(await pair.locator(".original del").allTextContents()).toEqual(["part", "the garden."]);
    expect(await pair.locator(".copy ins").allTextContents()).toEqual(["bit", "my garden!"]);
    expect(await pair.locator(".copy").textContent()).toContain("near, 82% similar");
    expect(await cluster.locator('[data-copy="22"] ins').count()).toBe(0);

    await cluster.getByRole("button", { name: "Keep the original, remove the copies" }).click();
    await expect.poll(() => status(page)).toBe("Kept #20, removed 2 copies");
    expect(await cluster.count()).toBe(0);
    await expect.poll(() => page.locator("#tab-duplicates .count").textContent()).toBe("0");
    expect(flatten((await publicThread("/post/b")).comments).map((comment) => comment.id)).toEqual([20]);
    await page.context().close();
  });

  it("restores a deleted comment onto the public thread, and purges another after confirming", async () => {
    const page = await signedIn();
    await page.locator("#tab-deleted").click();
    await expect.poll(() => listedIds(page)).toEqual([22, 21]);
    const copy = page.locator('console-comment[data-id="21"]');
    expect(await copy.locator(".restorable").textContent()).toMatch(/^Restorable until /);
    await copy.getByRole("button", { name: "Restore comment 21 by Bee" }).click();
    await expect.poll(() => status(page)).toBe("1 comment restored");
    expect(await listedIds(page)).toEqual([22]);
    expect(flatten((await publicThread("/post/b")).comments).map((comment) => comment.id)).toEqual([20, 21]);

    const questions: string[] = [];
    page.once("dialog", (dialog) => {
      questions.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole("button", { name: "Purge comment 22 by Bea again" }).click();
    await expect.poll(() => questions).toEqual(["Purge 1 comment for good? This cannot be undone."]);
    expect(await listedIds(page)).toEqual([22]);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Purge comment 22 by Bea again" }).click();
    await expect.poll(() => status(page)).toBe("1 comment purged");
    expect(await listedIds(page)).toEqual([]);
    await page.context().close();
  });

  it("says why an action failed and leaves the list as it was", async () => {
    const page = await signedIn();
    const before = await listedIds(page);
    await page.route("**/api/admin/sites/blog/comments/actions", (route) =>
      route.fulfill({
        status: 404,
        json: { error: { code: "comments_not_found", message: "None of these comments is on this site" } },
      }),
    );
    await page
      .locator(`console-comment[data-id="${before[0]}"]`)
      .getByRole("button", { name: /^Approve/ })
      .click();
    await expect.poll(() => status(page)).toBe("Could not approve: None of these comments is on this site");
    expect(await page.locator("chorus-console [role=status]").getAttribute("class")).toContain("error");
    expect(await listedIds(page)).toEqual(before);
    await page.context().close();
  });

  it("lists an author's comments from a comment's menu", async () => {
    const page = await signedIn();
    const mallory = page.locator('console-comment[data-id="30"]');
    await mallory.getByLabel("More actions for comment 30").click();
    await mallory.getByRole("button", { name: "All comments from this IP hash" }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe("#/blog/all");
    expect(await page.getByLabel("IP hash").inputValue()).toBe(malloryIp);
    await expect.poll(() => listedIds(page)).toEqual([30]);
    await page.getByRole("button", { name: "Clear" }).click();
    await expect.poll(async () => (await listedIds(page)).length).toBeGreaterThan(5);
    await page.context().close();
  });

  it("bans an author from a comment's menu, and their next comment stays off the public thread", async () => {
    // The form token must be 3 seconds old when used; fetch it first so the wait overlaps the clicking.
    const formResponse = await fetch(`${worker.apiOrigin}/api/sites/blog/form?page=/post/a`, {
      headers: { Origin: worker.blogOrigin },
    });
    const { formToken } = (await formResponse.json()) as { formToken: string };
    const tokenIssued = Date.now();

    const page = await signedIn();
    const mallory = page.locator('console-comment[data-id="30"]');
    await mallory.getByLabel("More actions for comment 30").click();
    await mallory.getByRole("button", { name: "Ban email mallory@spam.example" }).click();
    await expect.poll(() => status(page)).toBe("Email mallory@spam.example banned");

    await page.getByRole("link", { name: "Authors" }).click();
    await expect
      .poll(() => page.locator("console-authors table.bans td.mono").allTextContents())
      .toEqual(["mallory@spam.example"]);

    await page.waitForTimeout(Math.max(0, tokenIssued + 3_100 - Date.now()));
    const posted = await fetch(`${worker.apiOrigin}/api/sites/blog/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: worker.blogOrigin },
      body: JSON.stringify({
        page: "/post/a",
        authorName: "Mallory",
        authorEmail: "mallory@spam.example",
        body: "Still selling, banned or not.",
        idempotencyKey: "mallory-after-the-ban-1",
        formToken,
      }),
    });
    expect(posted.status).toBeLessThan(300);
    const thread = await publicThread("/post/a");
    expect(flatten(thread.comments).some((comment) => comment.bodyHtml.includes("Still selling"))).toBe(false);

    await page.getByRole("link", { name: "Queues" }).click();
    await page.locator("#tab-spam").click();
    const banned = page.locator("console-comment", { hasText: "Still selling" });
    await expect.poll(() => banned.count()).toBe(1);
    expect(await banned.locator(".reasons").textContent()).toContain("ban.email");
    await page.context().close();
  });

  it("switches sites, and shows settings and the audit log to owners only", async () => {
    const page = await signedIn();
    const nav = page.locator("chorus-console nav");
    expect(await nav.getByRole("link").allTextContents()).toEqual([
      "Dashboard",
      "Queues",
      "Authors",
      "Settings",
      "Audit log",
    ]);
    await page.getByLabel("Site").selectOption("other");
    await expect.poll(() => page.evaluate(() => location.hash)).toBe("#/other/held");
    await expect.poll(() => nav.getByRole("link").allTextContents()).toEqual(["Dashboard", "Queues", "Authors"]);
    await expect
      .poll(() => page.locator("console-queue .empty").textContent())
      .toBe("No comments are waiting for a moderator.");

    await page.getByLabel("Site").selectOption("blog");
    await nav.getByRole("link", { name: "Audit log" }).click();
    const actions = page.locator("console-audit tbody td:nth-child(3)");
    await expect
      .poll(() => actions.allTextContents())
      .toEqual(expect.arrayContaining(["spam", "approve", "delete", "ban", "staff_reply"]));
    expect(await page.locator("console-audit tbody tr").first().locator("td").nth(1).textContent()).toBe("Olive");
    await page.context().close();
  });

  it("saves settings, naming the fields that need fixing, and keeps secrets write-only", async () => {
    const page = await signedIn();
    await page.getByRole("link", { name: "Settings" }).click();
    const settings = page.locator("console-settings");
    await settings.getByLabel("Staff label").waitFor();
    expect(await settings.getByLabel("Allowed origins").inputValue()).toBe(worker.blogOrigin);
    expect(await settings.locator('[data-field="akismetKey"] .hint').textContent()).toContain("Currently not set");

    const spamAbove = await settings.getByLabel("Spam above spam score").inputValue();
    await settings.getByLabel("Hold above spam score").fill(spamAbove);
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect
      .poll(() => settings.locator('[data-field="holdAbove"] .field-error').textContent())
      .toBe("the hold threshold must be below the spam threshold");
    expect(await settings.getByLabel("Hold above spam score").getAttribute("aria-invalid")).toBe("true");

    await settings.getByLabel("Hold above spam score").fill("0.3");
    await settings.getByLabel("Allowed origins").fill(`${worker.blogOrigin}\nnot an address`);
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect
      .poll(() => settings.locator('[data-field="allowedOrigins"] .field-error').textContent())
      .toContain("each origin must be an http(s) address");

    await settings.getByLabel("Allowed origins").fill(worker.blogOrigin);
    await settings.getByLabel("Staff label").fill("Editor");
    await settings.getByLabel("Blocked words").fill("casino\n  viagra  \n\n");
    await settings.getByLabel("Akismet API key", { exact: true }).fill("akismet-secret-1");
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => status(page)).toBe("Settings saved");
    expect(await settings.locator('[data-field="akismetKey"] .hint').textContent()).toContain("Currently set");
    expect(await settings.getByLabel("Akismet API key", { exact: true }).inputValue()).toBe("");

    await page.reload();
    await settings.getByLabel("Staff label").waitFor();
    expect(await settings.getByLabel("Staff label").inputValue()).toBe("Editor");
    expect(await settings.getByLabel("Blocked words").inputValue()).toBe("casino\nviagra");
    expect(await settings.getByLabel("Hold above spam score").inputValue()).toBe("0.3");
    expect(await page.content()).not.toContain("akismet-secret-1");
    await page.context().close();
  });

  it("turns the site's own sign-in on with a secret shown once, and off", async () => {
    const page = await signedIn({ hash: "#/blog/settings", ready: "console-sso button.primary" });
    const sso = page.locator("console-sso");
    await sso.getByText("Off.").waitFor();
    await sso.getByRole("button", { name: "Turn on: make a secret" }).click();
    await expect.poll(() => status(page)).toBe("SSO secret made; copy it now");
    const secret = (await sso.getByLabel("SSO secret").textContent()) ?? "";
    expect(secret).toMatch(/^ssosec_/);
    await page.reload();
    await sso.getByText("On.").waitFor();
    expect(await page.content()).not.toContain(secret);
    page.once("dialog", (dialog) => void dialog.accept());
    await sso.getByRole("button", { name: "Turn off" }).click();
    await expect.poll(() => status(page)).toBe("SSO turned off");
    await page.context().close();
  });

  it("shows how a signed-in author signed in, and bans that account", async () => {
    await worker.sql([
      "INSERT INTO threads (id, site_id, path, title, comment_count) VALUES (30, 'other', '/post/z', 'Post Z', 0)",
      "INSERT INTO identities (id, site_id, provider, subject, name) VALUES (7, 'other', 'github', '583231', 'The Octocat')",
      "INSERT INTO comments (id, site_id, thread_id, author_name, body, body_html, status, idempotency_key, reasons, caught_by, identity_id) VALUES (70, 'other', 30, 'The Octocat', 'Buy now', '<p>Buy now</p>', 'spam', 'seed-key-70-abcdef', '[]', 'classifier', 7)",
    ]);
    const page = await signedIn({ hash: "#/other/spam" });
    const comment = page.locator('console-comment[data-id="70"]');
    await expect.poll(() => comment.locator("[data-identity]").textContent()).toBe("signed in with GitHub");
    await comment.getByLabel("More actions for comment 70").click();
    await comment.locator("[data-menu=ban-identity]").click();
    await expect.poll(() => status(page)).toBe("The account of The Octocat banned");
    const [bans] = await worker.sql(["SELECT kind, value FROM bans WHERE site_id = 'other'"]);
    expect(bans?.results).toEqual([{ kind: "identity", value: "7" }]);
    await page.context().close();
  });

  it("lets readers sign in with a provider, shows the redirect address, names a field that needs fixing, and removes it", async () => {
    const page = await signedIn({ hash: "#/blog/settings", ready: "console-providers form" });
    const providers = page.locator("console-providers");
    await providers.getByText("No providers yet: readers comment as guests.").waitFor();
    expect(await providers.locator("[part=redirect]").textContent()).toBe(`${worker.apiOrigin}/api/sign-in/callback`);
    await providers.getByLabel("Provider", { exact: true }).selectOption("oidc");
    await providers.getByLabel("Issuer").fill("http://id.acme.example");
    await providers.getByLabel("Client id").fill("acme-client");
    await providers.getByLabel(/Client secret/).fill("acme-client-secret");
    await providers.getByRole("button", { name: "Save provider" }).click();
    await expect
      .poll(() => providers.locator(".field-error").allTextContents())
      .toEqual(["issuer must be https (http only for localhost)", "label is required for an OpenID Connect provider"]);

    await providers.getByLabel("Issuer").fill("https://id.acme.example");
    await providers.getByLabel(/Button label/).fill("Acme staff");
    await providers.getByRole("button", { name: "Save provider" }).click();
    await expect.poll(() => status(page)).toBe("Readers can sign in with Acme staff");
    await page.reload();
    await providers.getByText("Acme staff").waitFor();
    expect(await providers.locator("[part=list]").textContent()).toContain("client acme-client");
    expect(await page.content()).not.toContain("acme-client-secret");
    page.once("dialog", (dialog) => void dialog.accept());
    await providers.getByRole("button", { name: "Remove sign-in with Acme staff" }).click();
    await expect.poll(() => status(page)).toBe("Sign-in with Acme staff removed");
    await page.context().close();
  });

  it("adds a webhook with its secret shown once, names a field that needs fixing, and deletes it", async () => {
    const page = await signedIn({ hash: "#/blog/settings", ready: "console-webhooks form" });
    const webhooks = page.locator("console-webhooks");
    await webhooks.getByText("No webhooks yet.").waitFor();
    await webhooks.getByLabel("Format").selectOption("telegram");
    await webhooks.getByLabel("Address", { exact: true }).fill("http://hooks.example/plain-http");
    await webhooks.getByRole("button", { name: "Add webhook" }).click();
    await expect
      .poll(() => webhooks.locator(".field-error").allTextContents())
      .toEqual(["url must be https (http only for localhost)", "a Telegram webhook needs the chat id"]);

    await webhooks.getByLabel("Format").selectOption("slack");
    await webhooks.getByLabel("Address", { exact: true }).fill("https://hooks.slack.example/services/T0/B0/x");
    await webhooks.getByLabel("Spam", { exact: true }).check();
    await webhooks.getByRole("button", { name: "Add webhook" }).click();
    await expect.poll(() => status(page)).toBe("Webhook added; copy its signing secret now");
    const secret = (await webhooks.getByLabel("Signing secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    expect(await webhooks.locator("[part=list] li").textContent()).toContain(
      "Slack incoming webhook · Held comments, Spam, Reported comments",
    );
    await page.reload();
    await webhooks.locator("[part=list] li").waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await webhooks.getByLabel("Signing secret").count()).toBe(0);

    page.once("dialog", (dialog) => void dialog.accept());
    await webhooks
      .getByRole("button", { name: "Delete the webhook to https://hooks.slack.example/services/T0/B0/x" })
      .click();
    await expect.poll(() => status(page)).toBe("Webhook deleted");
    await webhooks.getByText("No webhooks yet.").waitFor();
    await page.context().close();
  });

  it("signs out everywhere, ending the other browsers' sessions too", async () => {
    const first = await signedIn();
    const second = await signedIn();
    await first.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect.poll(() => status(first)).toBe("Signed out on every device");
    await first.getByLabel("Password").waitFor();
    await second.reload();
    await second.getByLabel("Password").waitFor();
    expect(await second.locator("console-queue").count()).toBe(0);
    await first.context().close();
    await second.context().close();
  });
});
