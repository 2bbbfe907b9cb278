/**
 * Reply emails end to end: a reader ticks "Email me replies" in the built widget, the local Worker
 * writes the confirmation to its mailbox on disk, the reader confirms in Chromium, a reply arrives
 * as an email that is rendered in Chromium, and its one-click link ends it. Then every hostile
 * payload goes through each kind of email, rendered in Chromium with a trap.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";
import type { StoredMail } from "../../scripts/lib/mailbox";
import { confirmationMail, digestMail, replyMail } from "../../worker/mail/compose";
import { renderMarkdown } from "../../worker/render/markdown";
import { hostileBodies, hostileNames } from "../fixtures/hostile/payloads";
import { launchChromium } from "../support/browser";
import { injectedMarkup, installTrap } from "../support/trap";

let worker: LocalWorker;
let browser: Browser;

beforeAll(async () => {
  worker = await startLocalWorker({
    mailbox: true,
    pages: (apiOrigin) => ({
      "post.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post worth answering</title></head>
        <body><main><h1>A post worth answering</h1></main>
        <script src="${apiOrigin}/embed.js" data-site="mail" async></script></body></html>`,
    }),
  });
  worker.site("create", "mail", "--name", "Mail blog", "--origin", worker.blogOrigin);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

function mailbox() {
  if (!worker.mailbox) throw new Error("the worker has no mailbox");
  return worker.mailbox;
}

async function waitForMail(to: string, count: number): Promise<StoredMail> {
  await expect
    .poll(
      () =>
        mailbox()
          .read()
          .filter((mail) => mail.to === to).length,
      { timeout: 15_000 },
    )
    .toBe(count);
  const mail = mailbox()
    .read()
    .filter((found) => found.to === to)
    .at(-1);
  if (!mail) throw new Error(`no email to ${to}`);
  return mail;
}

function link(mail: StoredMail, action: "confirm" | "unsubscribe"): string {
  const url = mail.text.match(new RegExp(`(http://127\\.0\\.0\\.1:\\d+/api/mail/${action}\\?token=[\\w-]+)`))?.[1];
  if (!url) throw new Error(`no ${action} link in: ${mail.text}`);
  return url;
}

/** Opens `html` as a document from an http origin, so the trap's init script runs in it. */
async function openHtml(page: Page, html: string) {
  await page.route("https://mail.test/", (route) => route.fulfill({ body: html, contentType: "text/html" }));
  await page.goto("https://mail.test/");
}

/** Fills a form like a reader (the server refuses forms sent within 3 seconds of being shown). */
async function fill(page: Page, scope: string, fields: Record<string, string>) {
  const form = page.locator(`${scope} chorus-form form`).first();
  for (const [name, value] of Object.entries(fields)) await form.locator(`[name=${name}]`).fill(value);
  return form;
}

async function expectNothingRan(page: Page, readTrap: () => Promise<string[]>) {
  expect(await readTrap()).toEqual([]);
  const found = await injectedMarkup(page, ["body"]);
  expect(found.foreign).toEqual([]);
  for (const address of found.addresses) expect(address).toMatch(/^https?:\/\//);
}

describe("reply emails from the built widget", () => {
  it("confirm by email, arrive when someone replies, render safely, and stop with one click", async () => {
    const ada = await browser.newPage();
    await ada.goto(`${worker.blogOrigin}/post.html`);
    const form = await fill(ada, "chorus-thread >> nth=0 >>", {
      body: "Tell me when someone answers.",
      authorName: "Ada",
      authorEmail: "ada@example.com",
    });
    await form.getByLabel("Email me replies").check();
    await ada.waitForTimeout(3_100);
    await form.locator("button[type=submit]").click();
    await expect.poll(() => form.locator("[part=error]").textContent()).toContain("Check your inbox");

    const confirmation = await waitForMail("ada@example.com", 1);
    expect(confirmation.subject).toBe("Confirm reply notifications from Mail blog");
    expect(confirmation.html).toContain("A post worth answering");
    await ada.goto(link(confirmation, "confirm"));
    await ada.getByRole("button", { name: "Confirm" }).click();
    await expect.poll(() => ada.locator("h1").textContent()).toBe("Confirmed");

    const grace = await browser.newPage();
    await grace.goto(`${worker.blogOrigin}/post.html`);
    await expect.poll(() => grace.locator("chorus-comment").count()).toBe(1);
    await grace.locator("chorus-comment button.reply-button").first().click();
    const replyForm = await fill(grace, "chorus-comment >> nth=0 >>", {
      body: '<img src=x onerror="alert(1)"> Here is **my** answer. [x](javascript:alert(2))',
      authorName: '"><svg onload=alert(3)>',
    });
    await grace.waitForTimeout(3_100);
    await replyForm.locator("button[type=submit]").click();

    const reply = await waitForMail("ada@example.com", 2);
    expect(reply.subject).toBe('"><svg onload=alert(3)> replied to you on "A post worth answering"');
    expect(reply.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const reader = await browser.newPage();
    const readTrap = await installTrap(reader);
    await openHtml(reader, reply.html);
    await expect.poll(() => reader.locator("blockquote").textContent()).toContain("Here is my answer.");
    await expectNothingRan(reader, readTrap);
    await reader.getByRole("link", { name: "Read and answer" }).click();
    await expect.poll(() => reader.url()).toMatch(/\/post(\.html)?#comment-\d+$/);
    await expect.poll(() => reader.locator("chorus-comment").count()).toBe(2);

    await ada.goto(link(reply, "unsubscribe"));
    await ada.getByRole("button", { name: "Unsubscribe" }).click();
    await expect.poll(() => ada.locator("h1").textContent()).toBe("Unsubscribed");
    await Promise.all([ada.close(), grace.close(), reader.close()]);
  });
});

describe(`every email, with each of ${hostileBodies.length} hostile payloads, in Chromium`, () => {
  it("runs no script, loads nothing, and links only to http(s) addresses", async () => {
    const home = "https://blog.example/post";
    const emails = hostileBodies.flatMap((body, index) => {
      const name = hostileNames[index % hostileNames.length] ?? "x";
      return [
        replyMail({
          siteName: name,
          pageTitle: body.slice(0, 200),
          replyAuthor: name,
          replyText: body,
          replyHtml: renderMarkdown(body),
          commentUrl: `${home}#comment-${index}`,
          muteUrl: `${home}/mute`,
          unsubscribeUrl: `${home}/unsubscribe`,
        }).html,
        confirmationMail({ siteName: name, pageTitle: body, confirmUrl: home, unsubscribeUrl: home }).html,
        digestMail({
          siteName: name,
          published: index,
          held: 1,
          heldShown: [{ authorName: name, pageTitle: body.slice(0, 100), excerpt: body.slice(0, 200) }],
          consoleUrl: `${home}/admin/`,
        }).html,
      ];
    });
    const page = await browser.newPage();
    const readTrap = await installTrap(page);
    for (let start = 0; start < emails.length; start += 100) {
      const frames = emails
        .slice(start, start + 100)
        .map((html) => `<iframe srcdoc="${html.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"></iframe>`)
        .join("");
      await page.unrouteAll();
      await openHtml(page, `<!doctype html><html><body>${frames}</body></html>`);
      const frameTraps = await Promise.all(
        page
          .frames()
          .slice(1)
          .map(async (frame) => {
            await frame.waitForLoadState();
            return frame.evaluate(() => {
              const found = [
                ...document.querySelectorAll("script, img, svg, iframe, object, embed, style, link, base"),
              ];
              const handlers = [...document.querySelectorAll("*")].flatMap((element) =>
                element.getAttributeNames().filter((name) => name.startsWith("on")),
              );
              const links = [...document.querySelectorAll("a")].map((anchor) => anchor.getAttribute("href") ?? "");
              const calls = (window as unknown as { __trap?: { calls: string[] } }).__trap?.calls ?? ["no trap"];
              return { found: found.map((element) => element.tagName), handlers, links, calls };
            });
          }),
      );
      expect(frameTraps).toHaveLength(Math.min(100, emails.length - start));
      for (const frame of frameTraps) {
        expect(frame.calls).toEqual([]);
        expect(frame.found).toEqual([]);
        expect(frame.handlers).toEqual([]);
        for (const href of frame.links) expect(href).toMatch(/^https?:\/\//);
      }
    }
    expect(await readTrap()).toEqual([]);
    await page.close();
  });
});
