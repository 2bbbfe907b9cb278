/**
 * The moderator console and the Atom feeds against every hostile payload, in real Chromium with the
 * trap of test/support/trap.ts. One site holds the payloads as held, spam and duplicate comments (bodies,
 * author names, emails, websites, IP hashes, spam reasons, page titles and paths), bans, trusted
 * authors, audit entries and settings; another publishes them, and its feeds are parsed as XML,
 * opened directly and rendered as a feed reader would.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizePagePath } from "../../common/vocabulary";
import { sqlLiteral } from "../../scripts/lib/d1";
import { type LocalWorker, startLocalWorker } from "../../scripts/lib/local-worker";
import { hashPassword } from "../../worker/auth/password";
import { renderMarkdown } from "../../worker/render/markdown";
import { forbiddenWebsites, hostileBodies, hostileNames, hostileWebsites } from "../fixtures/hostile/payloads";
import { launchChromium } from "../support/browser";
import { injectedMarkup, installTrap } from "../support/trap";

const owner = { email: "owner@console.example", password: "a long hostile passphrase" };
const websites = [...hostileWebsites, ...forbiddenWebsites, null];
/** Emails only the database could hold: a payload as the local part, or as the domain. */
const hostileEmails = hostileNames.map((name, index) =>
  index % 2 === 0 ? `${name}@evil.example` : `evil${index}@${name}`,
);
const statuses = ["pending", "spam", "published"] as const;
const duplicateKinds = ["exact", "near", "partial"] as const;
const banKinds = ["email", "email_domain", "ip_hash"] as const;
/** Every comment after the first this many copies one of them, so the diff view shows every body. */
const clusterCount = 40;
/** Few enough comments per thread that each thread's feed (50 entries) carries all of them. */
const feedThreadCount = 8;
/** Text that breaks an XML document unless escaped, or that XML 1.0 cannot carry at all. */
const xmlBreakers = [
  "]]></content><entry>",
  '<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>&x;',
  "bell\u0007 escape\u001b vertical\u000b",
  "not characters \uFFFE\uFFFF",
  "&amp &#0; &#xD800; &bogus; &lt",
];
const feedBodies = [...hostileBodies, ...xmlBreakers];
const feedNames = [...hostileNames, ...xmlBreakers];

interface SeededComment {
  id: number;
  body: string;
  name: string;
  status: (typeof statuses)[number];
}

const consoleComments: SeededComment[] = hostileBodies.map((body, index) => ({
  id: index + 1,
  body,
  name: hostileNames[index % hostileNames.length] ?? "",
  status: statuses[index % statuses.length] ?? "pending",
}));

/** The comments, one per feed body, that the feeds site publishes. */
const feedComments = feedBodies.map((body, index) => ({
  id: 1001 + index,
  body,
  name: feedNames[index % feedNames.length] ?? "",
  thread: index % feedThreadCount,
}));
const feedThreads = Array.from({ length: feedThreadCount }, (_, index) => ({
  id: 101 + index,
  path: normalizePagePath(`/feed/${index}/${hostileNames[index]}`),
  title: feedNames[feedNames.length - 1 - index] ?? "",
}));

let worker: LocalWorker;
let browser: Browser;

function consoleSiteStatements(passwordHash: string): string[] {
  const lists = { words: hostileNames, domains: hostileNames, emails: hostileEmails, ipHashes: hostileNames };
  const spamSettings = {
    blocked: lists,
    allowed: { domains: hostileNames, emails: hostileEmails, ipHashes: hostileNames },
  };
  return [
    `INSERT INTO sites (id, name, allowed_origins, staff_label, turnstile_site_key, spam_settings) VALUES ('console',
      ${sqlLiteral(hostileNames[0] ?? "")}, ${sqlLiteral(JSON.stringify([worker.blogOrigin]))}, ${sqlLiteral(hostileNames[2] ?? "")},
      ${sqlLiteral(hostileNames[4] ?? "")}, ${sqlLiteral(JSON.stringify(spamSettings))})`,
    `INSERT INTO moderators (id, email, display_name, password_hash) VALUES (1, ${sqlLiteral(owner.email)},
      ${sqlLiteral(hostileNames[3] ?? "")}, ${sqlLiteral(passwordHash)})`,
    "INSERT INTO site_moderators (site_id, moderator_id, role) VALUES ('console', 1, 'owner')",
    ...hostileNames.map(
      (title, index) =>
        `INSERT INTO threads (id, site_id, path, title, url) VALUES (${index + 1}, 'console', ${sqlLiteral(`/${index}/${title}`)},
          ${sqlLiteral(title)}, ${sqlLiteral(websites[index % websites.length] ?? null)})`,
    ),
    ...consoleComments.map((comment, index) => {
      const copy = index >= clusterCount;
      const values = [
        comment.id,
        "console",
        (index % hostileNames.length) + 1,
        comment.name,
        index % 4 === 3 ? null : (hostileEmails[index % hostileEmails.length] ?? null),
        websites[index % websites.length] ?? null,
        index % 5 === 0 ? (hostileNames[(index + 7) % hostileNames.length] ?? null) : "ab".repeat(32),
        comment.body,
        renderMarkdown(comment.body),
        comment.status,
        `console-${comment.id}`,
        0.5,
        JSON.stringify([
          {
            check: comment.name,
            score: 1.5,
            detail: hostileNames[(index + 11) % hostileNames.length],
            holds: index % 2 === 0,
          },
        ]),
        copy ? (index % clusterCount) + 1 : null,
        copy ? (duplicateKinds[index % duplicateKinds.length] ?? null) : null,
        copy ? 0.5 + (index % 50) / 100 : null,
      ].map(sqlLiteral);
      return `INSERT INTO comments (id, site_id, thread_id, author_name, author_email, author_website, ip_hash, body, body_html,
        status, idempotency_key, spam_score, reasons, duplicate_of, duplicate_kind, duplicate_similarity) VALUES (${values.join(", ")})`;
    }),
    ...hostileNames.map(
      (name, index) =>
        `INSERT INTO bans (site_id, kind, value) VALUES ('console', '${banKinds[index % banKinds.length]}', ${sqlLiteral(name)})`,
    ),
    ...hostileEmails.map(
      (email) => `INSERT INTO trusted_authors (site_id, email) VALUES ('console', ${sqlLiteral(email)})`,
    ),
    ...hostileNames.map(
      (name, index) =>
        `INSERT INTO audit_log (site_id, moderator_id, action, comment_ids, detail) VALUES ('console', 1, ${sqlLiteral(name)},
          '[${index + 1}]', ${sqlLiteral(JSON.stringify({ value: name, body: hostileBodies[index], website: websites[index % websites.length] }))})`,
    ),
  ];
}

function feedSiteStatements(): string[] {
  return [
    `INSERT INTO sites (id, name, allowed_origins) VALUES ('feeds', ${sqlLiteral(feedNames[1] ?? "")},
      ${sqlLiteral(JSON.stringify([worker.blogOrigin]))})`,
    ...feedThreads.map(
      (thread, index) =>
        `INSERT INTO threads (id, site_id, path, title, url) VALUES (${thread.id}, 'feeds', ${sqlLiteral(thread.path)},
          ${sqlLiteral(thread.title)}, ${sqlLiteral(websites[index % websites.length] ?? null)})`,
    ),
    ...feedComments.map(
      (comment) =>
        `INSERT INTO comments (id, site_id, thread_id, author_name, body, body_html, status, idempotency_key) VALUES (${comment.id},
          'feeds', ${101 + comment.thread}, ${sqlLiteral(comment.name)}, ${sqlLiteral(comment.body)},
          ${sqlLiteral(renderMarkdown(comment.body))}, 'published', 'feed-${comment.id}')`,
    ),
  ];
}

beforeAll(async () => {
  worker = await startLocalWorker({
    pages: () => ({
      "reader.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reader</title></head>
        <body><main id="reader"></main></body></html>`,
    }),
  });
  await worker.sql([...consoleSiteStatements(await hashPassword(owner.password)), ...feedSiteStatements()]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

/** Addresses that do not resolve to http(s) or mailto: the ones a click could run or load a payload from. */
function unsafeAddresses(addresses: string[]): string[] {
  return addresses.filter((address) => {
    const url = URL.parse(address, worker.apiOrigin);
    return !url || !["http:", "https:", "mailto:"].includes(url.protocol);
  });
}

/** Text as an XML 1.0 document can carry it: what a feed promises to deliver of `text`. */
function asXmlCarries(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "");
}

/**
 * What escaped the console's boxes: any element positioned fixed, anything of a comment or a
 * duplicate pair drawn outside its box, and a page made wider than the window.
 */
function escapes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const hosts: Element[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll("*")) {
        if (getComputedStyle(element).position === "fixed") found.push(`fixed ${element.localName}`);
        if (element.localName === "console-comment" || element.localName === "console-cluster") hosts.push(element);
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    visit(document);
    for (const host of hosts) {
      const box = host.shadowRoot?.querySelector("article, section")?.getBoundingClientRect();
      if (!box) continue;
      for (const element of host.shadowRoot?.querySelectorAll("article *, section *") ?? []) {
        if (!element.checkVisibility()) continue;
        const rect = element.getBoundingClientRect();
        if (
          rect.left < box.left - 1 ||
          rect.right > box.right + 1 ||
          rect.top < box.top - 1 ||
          rect.bottom > box.bottom + 1
        )
          found.push(`${host.localName} ${element.localName}: ${element.textContent?.slice(0, 80)}`);
      }
    }
    if (document.documentElement.scrollWidth > window.innerWidth) found.push("the page is wider than the window");
    return found;
  });
}

/** Opens the console in a fresh context with the trap installed, and signs the owner in. */
async function signedIn(): Promise<{ page: Page; trapped: () => Promise<string[]> }> {
  const page = await (await browser.newContext()).newPage();
  const trapped = await installTrap(page);
  await page.goto(`${worker.apiOrigin}/admin/#/console/held`);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("console-comment").first().waitFor();
  return { page, trapped };
}

function listedIds(page: Page): Promise<number[]> {
  return page
    .locator("console-comment")
    .evaluateAll((elements) => elements.map((element) => Number((element as HTMLElement).dataset.id)));
}

/** Clicks "Load more" until the list shows `expected` comments. */
async function showAll(page: Page, expected: number) {
  const comments = page.locator("console-comment");
  while ((await comments.count()) < expected) {
    const shown = await comments.count();
    await page.locator("console-queue button.more").click();
    await expect.poll(() => comments.count()).toBeGreaterThan(shown);
  }
  await expect.poll(() => comments.count()).toBe(expected);
}

/** Hovers and tabs through the view, so handlers that need an event get one, then checks nothing ran or escaped. */
async function expectUntouched(page: Page, trapped: () => Promise<string[]>) {
  await page.mouse.move(300, 300);
  await page.mouse.move(600, 500);
  for (let press = 0; press < 5; press++) await page.keyboard.press("Tab");
  await page.waitForTimeout(300);
  expect(await trapped()).toEqual([]);
  const { foreign, addresses } = await injectedMarkup(page);
  expect(foreign).toEqual([]);
  expect(unsafeAddresses(addresses)).toEqual([]);
  expect(await escapes(page)).toEqual([]);
}

describe(`the moderator console with ${hostileBodies.length} hostile comments`, () => {
  it("shows the held, spam, searched and complete queues as text, running nothing and linking no javascript: URL", async () => {
    const { page, trapped } = await signedIn();
    // Checked before paging too: a payload that covered the page would stop the clicks below.
    await expectUntouched(page, trapped);
    const held = consoleComments.filter((comment) => comment.status === "pending");
    await showAll(page, held.length);
    expect(await page.locator(`console-comment[data-id="1"] .author`).textContent()).toBe(hostileNames[0]);
    await expectUntouched(page, trapped);

    await page.locator("#tab-spam").click();
    const spam = consoleComments.filter((comment) => comment.status === "spam");
    await expect.poll(async () => (await listedIds(page))[0]).toBe(spam.at(-1)?.id);
    await showAll(page, spam.length);
    await expectUntouched(page, trapped);

    const query = "<script>alert(1)</script>";
    await page.locator("#tab-all").click();
    await page.getByLabel("Text or author name").fill(query);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const matches = consoleComments.filter((comment) =>
      [comment.body, comment.name].some((text) => text.toLowerCase().includes(query)),
    );
    expect(matches.length).toBeGreaterThan(50);
    const firstPage = matches
      .map((comment) => comment.id)
      .reverse()
      .slice(0, 50);
    await expect.poll(() => listedIds(page)).toEqual(firstPage);
    await showAll(page, matches.length);
    await expectUntouched(page, trapped);

    await page.getByRole("button", { name: "Clear" }).click();
    await expect.poll(async () => (await listedIds(page)).length).toBe(50);
    await showAll(page, consoleComments.length);
    await expectUntouched(page, trapped);
    await page.context().close();
  });

  it("shows every duplicate pair side by side as text, running nothing", async () => {
    const { page, trapped } = await signedIn();
    await page.locator("#tab-duplicates").click();
    await expect.poll(() => page.locator("console-cluster").count()).toBe(clusterCount);
    expect(await page.locator("console-cluster .pair").count()).toBe(hostileBodies.length - clusterCount);
    expect(await page.locator("console-cluster").first().locator(".pair .original .text").first().textContent()).toBe(
      hostileBodies[0],
    );
    await expectUntouched(page, trapped);
    await page.context().close();
  });

  it("shows hostile bans, trusted authors, audit entries and settings as text, running nothing", async () => {
    const { page, trapped } = await signedIn();
    const nav = page.locator("chorus-console nav");
    await nav.getByRole("link", { name: "Authors" }).click();
    await expect
      .poll(async () => (await page.locator("console-authors table.bans td.mono").allTextContents()).sort())
      .toEqual([...hostileNames].sort());
    expect(await page.locator("console-authors table.trusted tbody tr").count()).toBe(hostileEmails.length);
    await expectUntouched(page, trapped);

    await nav.getByRole("link", { name: "Audit log" }).click();
    await expect.poll(() => page.locator("console-audit tbody tr").count()).toBe(hostileNames.length);
    await expectUntouched(page, trapped);

    await nav.getByRole("link", { name: "Settings" }).click();
    const settings = page.locator("console-settings");
    await settings.getByLabel("Staff label").waitFor();
    expect(await settings.getByLabel("Staff label").inputValue()).toBe(hostileNames[2]);
    expect(await settings.getByLabel("Blocked words").inputValue()).toBe(hostileNames.join("\n"));
    await expectUntouched(page, trapped);
    await page.context().close();
  });
});

interface ParsedFeed {
  errors: string[];
  title: string;
  links: string[];
  entries: { id: number; title: string; author: string; link: string; content: string; markup: string[] }[];
}

/** Parses feeds with Chromium's XML parser, and each entry's decoded content with its HTML parser. */
function parseFeeds(page: Page, feeds: string[]): Promise<ParsedFeed[]> {
  return page.evaluate((sources) => {
    const atom = "http://www.w3.org/2005/Atom";
    // A text field holding elements is reported as such: in a sound feed none does.
    const text = (parent: Element, name: string) => {
      const element = parent.getElementsByTagNameNS(atom, name)[0];
      return element && element.childElementCount === 0 ? (element.textContent ?? "") : `<${name} has elements>`;
    };
    return sources.map((source) => {
      const xml = new DOMParser().parseFromString(source, "application/xml");
      const entries = [...xml.getElementsByTagNameNS(atom, "entry")].map((entry) => {
        const content = text(entry, "content");
        const html = new DOMParser().parseFromString(content, "text/html");
        const markup = [...html.body.querySelectorAll("*")].flatMap((element) => [
          ...(["script", "style", "iframe", "img", "svg", "object", "embed"].includes(element.localName)
            ? [element.localName]
            : []),
          ...element
            .getAttributeNames()
            .flatMap((name) => (name.startsWith("on") || name === "style" ? [`${element.localName}[${name}]`] : [])),
          ...(element.hasAttribute("href") ? [`href=${element.getAttribute("href")}`] : []),
        ]);
        return {
          id: Number(/#comment-(\d+)$/.exec(text(entry, "id"))?.[1]),
          title: text(entry, "title"),
          author: text(entry.getElementsByTagNameNS(atom, "author")[0] ?? entry, "name"),
          link: entry.getElementsByTagNameNS(atom, "link")[0]?.getAttribute("href") ?? "",
          content,
          markup,
        };
      });
      return {
        errors: [...xml.getElementsByTagName("parsererror")].map((error) => error.textContent ?? ""),
        title: text(xml.documentElement, "title"),
        links: [...xml.getElementsByTagNameNS(atom, "link")].map((link) => link.getAttribute("href") ?? ""),
        entries,
      };
    });
  }, feeds);
}

describe(`the Atom feeds of ${feedBodies.length} hostile published comments`, () => {
  const feedUrls = () => [
    ...feedThreads.map(
      (thread) => `${worker.apiOrigin}/api/sites/feeds/feed.atom?${new URLSearchParams({ page: thread.path })}`,
    ),
    `${worker.apiOrigin}/api/sites/feeds/feed.atom`,
  ];

  async function readFeeds(page: Page): Promise<ParsedFeed[]> {
    const sources = await Promise.all(
      feedUrls().map(async (url) => {
        const response = await fetch(url);
        expect(response.status, url).toBe(200);
        return response.text();
      }),
    );
    return parseFeeds(page, sources);
  }

  it("are well-formed XML whose entries carry, as text, exactly the renderer's safe HTML", async () => {
    const page = await browser.newPage();
    await page.goto(`${worker.blogOrigin}/reader.html`);
    const feeds = await readFeeds(page);
    expect(feeds.flatMap((feed) => feed.errors)).toEqual([]);
    expect(
      unsafeAddresses(feeds.flatMap((feed) => [...feed.links, ...feed.entries.map((entry) => entry.link)])),
    ).toEqual([]);
    expect(feeds.map((feed) => feed.title)).toEqual(
      [...feedThreads.map((thread) => thread.title), feedNames[1] ?? ""].map((title) =>
        asXmlCarries(`Comments on ${title}`),
      ),
    );
    const threadEntries = feeds.slice(0, feedThreadCount).flatMap((feed) => feed.entries);
    expect(threadEntries.map((entry) => entry.id).sort((a, b) => a - b)).toEqual(
      feedComments.map((comment) => comment.id),
    );
    const siteEntries = feeds.at(-1)?.entries ?? [];
    expect(siteEntries.length).toBe(50);
    const expected = new Map(
      feedComments.map((comment) => [
        comment.id,
        {
          content: asXmlCarries(renderMarkdown(comment.body)),
          author: asXmlCarries(comment.name),
          title: asXmlCarries(`${comment.name} on ${feedThreads[comment.thread]?.title}`),
        },
      ]),
    );
    const entries = [...threadEntries, ...siteEntries];
    for (const { id, content, author, title } of entries) {
      expect({ content, author, title }, `entry ${id}`).toEqual(expected.get(id));
    }
    const unsafeMarkup = entries
      .flatMap((entry) => entry.markup)
      .filter((found) => !/^href=(https?:|mailto:)/.test(found));
    expect(unsafeMarkup).toEqual([]);
    await page.close();
  });

  it("run nothing when Chromium opens them directly, as served and as XML", async () => {
    const page = await browser.newPage();
    const trapped = await installTrap(page);
    for (const url of feedUrls()) {
      await page.goto(url);
      await page.mouse.move(200, 200);
      expect(await trapped(), url).toEqual([]);
    }
    // Chromium shows application/atom+xml as text; served as XML, it parses the feed and would run
    // any script or handler a payload managed to turn into an element.
    await page.route("**/feed.atom*", async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), "content-type": "application/xml" } });
    });
    for (const url of feedUrls()) {
      await page.goto(url);
      await page.mouse.move(200, 200);
      expect(await page.evaluate(() => document.contentType), url).toBe("application/xml");
      expect(await trapped(), url).toEqual([]);
      const foreignElements = await page.evaluate(() => {
        const atom = "http://www.w3.org/2005/Atom";
        const feed = document.getElementsByTagNameNS(atom, "feed")[0];
        const elements = feed ? [...feed.querySelectorAll("*")] : [];
        return [
          feed?.localName,
          ...elements.filter((element) => element.namespaceURI !== atom).map((element) => element.localName),
        ];
      });
      expect(foreignElements, url).toEqual(["feed"]);
    }
    await page.close();
  });

  it("run nothing and link no javascript: URL when a feed reader renders their entries", async () => {
    const page = await browser.newPage();
    const trapped = await installTrap(page);
    await page.goto(`${worker.blogOrigin}/reader.html`);
    const entries = (await readFeeds(page)).flatMap((feed) => feed.entries);
    await page.evaluate((entries) => {
      const reader = document.getElementById("reader");
      for (const entry of entries) {
        const article = document.createElement("article");
        const heading = article.appendChild(document.createElement("h2"));
        const link = heading.appendChild(document.createElement("a"));
        link.setAttribute("href", entry.link);
        link.textContent = entry.title;
        article.appendChild(document.createElement("p")).textContent = entry.author;
        article.appendChild(document.createElement("div")).innerHTML = entry.content;
        reader?.appendChild(article);
      }
    }, entries);
    await page.mouse.move(200, 200);
    await page.mouse.move(400, 600);
    await page.waitForTimeout(300);
    expect(await trapped()).toEqual([]);
    const { foreign, addresses } = await injectedMarkup(page, ["#reader"]);
    expect(foreign).toEqual([]);
    expect(unsafeAddresses(addresses)).toEqual([]);
    await page.close();
  });
});
