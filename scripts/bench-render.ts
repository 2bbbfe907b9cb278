/**
 * How fast the reader's widget shows a big thread: opens a page of 1,000 comments (20 top-level
 * comments with 49 replies each, some nested deep) in headless Chromium, with the API answered by
 * page.route as in the widget tests, and measures
 *   - first comment: from the moment the thread's data arrives (fetch resolves) to the first frame
 *     in which a comment is rendered;
 *   - all comments: until every comment is in the DOM;
 *   - longest task: the longest main-thread task after the data arrived (Long Tasks API, which sees
 *     tasks of 50 ms and more; 0 means none that long), and the longest gap between frames.
 * Prints medians over several runs. Goal: first comment under 100 ms, no task over 50 ms.
 * Usage: npm run bench:render [-- --runs 7]   (builds the embed first)
 */
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { launchChromium } from "../test/support/browser";
import { readArguments, wholeNumber } from "./lib/cli";
import { median } from "./lib/stats";

const { runs } = readArguments(
  "bench:render",
  "npm run bench:render -- [--runs N]",
  { runs: { type: "string", default: "7" } },
  z.object({ runs: wholeNumber(1, 50) }),
);
execSync("npm run build --silent", { stdio: "inherit" });
const embed = readFileSync("dist/public/embed.js", "utf8");
const blog = "http://blog.test";

/** A thread page of `topLevel` comments with `repliesEach` replies each: half direct, half a chain. */
function bigThread(topLevel: number, repliesEach: number) {
  let id = 0;
  const make = (parentId: number | null, text: string) => ({
    id: ++id,
    parentId,
    authorName: `Reader ${id % 97}`,
    authorWebsite: id % 5 === 0 ? "https://reader.example" : null,
    bodyHtml: `<p>${text} <strong>number ${id}</strong>, with a <a href="https://example.com/${id}" rel="nofollow ugc noopener">link</a> and some more words to make a realistic paragraph of text.</p>`,
    createdAt: new Date(Date.now() - (100_000 - id) * 60_000).toISOString(),
    status: "published",
    pinned: false,
    badge: null,
    replies: [] as unknown[],
    reactions: id % 3 === 0 ? { like: id % 7, love: 1 } : {},
    myReaction: null,
    editedAt: null,
    avatar: (id * 2654435761).toString(16).padStart(8, "0").slice(-8),
  });
  const comments = [];
  for (let top = 0; top < topLevel; top++) {
    const root = make(null, "A top-level comment");
    let chainParent = root;
    for (let reply = 0; reply < repliesEach; reply++) {
      if (reply % 2 === 0) {
        root.replies.push(make(root.id, "A direct reply"));
      } else {
        const nested = make(chainParent.id, "A nested reply");
        chainParent.replies.push(nested);
        chainParent = nested;
      }
    }
    comments.push(root);
  }
  return {
    thread: { page: "/posts/big", title: "Big", closed: false, commentCount: id, reactions: {}, myReaction: null },
    comments,
    nextCursor: null,
    total: id,
  };
}

const data = bigThread(20, 49);
const body = JSON.stringify(data);
const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Big</title></head>
  <body><main><h1>A big thread</h1><script src="/embed.js" data-site="demo" async></script></main></body></html>`;

/** Runs in the page before the embed: marks when the data arrives, the first and last comment, long tasks. */
const measureInPage = `function (expected) {
  const marks = { arrived: 0, first: 0, all: 0, longTasks: [], gap: 0 };
  Object.defineProperty(window, "__bench", { value: marks });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) marks.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });
  const originalFetch = window.fetch.bind(window);
  window.fetch = async (...args) => {
    const response = await originalFetch(...args);
    if (String(args[0]).includes("/thread")) marks.arrived = performance.now();
    return response;
  };
  function countComments() {
    let count = 0;
    function visit(root) {
      for (const element of root ? root.querySelectorAll("chorus-comment") : []) {
        if (element.shadowRoot && element.shadowRoot.querySelector("article")) count++;
        visit(element.shadowRoot);
      }
    }
    const thread = document.querySelector("chorus-thread");
    visit(thread && thread.shadowRoot);
    return count;
  }
  function firstComment() {
    const thread = document.querySelector("chorus-thread");
    const comment = thread && thread.shadowRoot && thread.shadowRoot.querySelector("chorus-comment");
    return Boolean(comment && comment.shadowRoot && comment.shadowRoot.querySelector("article"));
  }
  let last = 0;
  let counted = 0;
  function frame(time) {
    if (marks.arrived) {
      if (last && last > marks.arrived) marks.gap = Math.max(marks.gap, time - last);
      const now = performance.now();
      if (!marks.first && firstComment()) marks.first = now;
      // Counting walks every shadow root, so it runs only every 50 ms (the "all" figure is that coarse).
      if (marks.first && now - counted >= 50) {
        counted = now;
        if (countComments() >= expected) marks.all = now;
      }
    }
    last = time;
    if (!marks.all) requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
}`;

interface Measure {
  firstComment: number;
  allComments: number;
  longestTask: number;
  longestFrameGap: number;
}

const browser = await launchChromium();
const results: Measure[] = [];
try {
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage();
    // A string, not a function: tsx would wrap named functions in a helper the page does not have.
    await page.addInitScript(`(${measureInPage})(${data.total})`);
    await page.route(`${blog}/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === "/embed.js") return route.fulfill({ body: embed, contentType: "text/javascript" });
      if (url.pathname.endsWith("/form")) return route.fulfill({ json: { formToken: "t", turnstileSiteKey: null } });
      if (url.pathname.endsWith("/thread")) return route.fulfill({ body, contentType: "application/json" });
      return route.fulfill({ body: html, contentType: "text/html" });
    });
    await page.goto(`${blog}/posts/big/`);
    await page.waitForFunction(() => (window as unknown as { __bench: { all: number } }).__bench.all > 0, null, {
      timeout: 60_000,
    });
    await page.waitForTimeout(200);
    const marks = await page.evaluate(() => (window as unknown as { __bench: Record<string, unknown> }).__bench);
    const { arrived, first, all, gap, longTasks } = marks as {
      arrived: number;
      first: number;
      all: number;
      gap: number;
      longTasks: { start: number; duration: number }[];
    };
    const after = longTasks.filter((task) => task.start + task.duration >= arrived);
    results.push({
      firstComment: first - arrived,
      allComments: all - arrived,
      longestTask: Math.max(0, ...after.map((task) => task.duration)),
      longestFrameGap: gap,
    });
    await page.close();
  }
} finally {
  await browser.close();
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const summary = {
  comments: data.total,
  runs,
  firstCommentMs: median(results.map((result) => result.firstComment)),
  allCommentsMs: median(results.map((result) => result.allComments)),
  longestTaskMs: median(results.map((result) => result.longestTask)),
  longestFrameGapMs: median(results.map((result) => result.longestFrameGap)),
};
console.log(`${data.total} comments, median of ${runs} runs in headless Chromium:`);
console.log(`  first comment rendered  ${ms(summary.firstCommentMs)} after the data arrived (goal < 100 ms)`);
console.log(`  all comments rendered   ${ms(summary.allCommentsMs)}`);
console.log(`  longest task            ${ms(summary.longestTaskMs)} (goal < 50 ms; 0 = no task of 50 ms or more)`);
console.log(`  longest frame gap       ${ms(summary.longestFrameGapMs)}`);
console.log(JSON.stringify(summary));
