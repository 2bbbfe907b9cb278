import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { comment, openBlogPage, postPage, threadBody } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("<chorus-thread>", () => {
  it("shows the count, nested replies, a held comment's badge and removed placeholders", async () => {
    const tree = [
      comment(1, {
        replies: [
          comment(2, {
            parentId: 1,
            replies: [comment(3, { parentId: 2, status: "pending", bodyHtml: "<p>mine, held</p>" })],
          }),
        ],
      }),
      comment(4, { status: "removed", authorName: "", bodyHtml: "", replies: [comment(5, { parentId: 4 })] }),
    ];
    const { page } = await openBlogPage(browser, postPage(), () => ({ body: threadBody(tree, { commentCount: 3 }) }));
    await expect.poll(() => page.locator("chorus-thread h2").textContent()).toContain("3 comments");
    expect(await page.locator("chorus-comment .author").allTextContents()).toEqual([
      "Author 1",
      "Author 2",
      "Author 3",
      "Author 5",
    ]);
    expect(await page.locator("#comment-3 .badge").textContent()).toBe("Awaiting moderation");
    expect(await page.locator("#comment-4 .removed").textContent()).toBe("This comment was removed.");
    expect(await page.locator("#comment-2 .badge").count()).toBe(0);
    await page.close();
  });

  it("caps indentation but keeps deep replies under their parent", async () => {
    let node = comment(10);
    const root = node;
    for (let id = 11; id <= 17; id++) {
      const reply = comment(id, { parentId: id - 1 });
      (node.replies as unknown[]).push(reply);
      node = reply;
    }
    const { page } = await openBlogPage(browser, postPage(), () => ({ body: threadBody([root]) }));
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(8);
    const left = async (id: number) => (await page.locator(`#comment-${id}`).boundingBox())?.x ?? Number.NaN;
    expect(await left(11)).toBeGreaterThan(await left(10));
    expect(await left(14)).toBeGreaterThan(await left(13));
    expect(await left(16)).toBe(await left(15));
    await page.close();
  });

  it("says a closed thread is closed and offers no form and no reply buttons", async () => {
    const { page } = await openBlogPage(browser, postPage(), () => ({
      body: threadBody([comment(1)], { closed: true }),
    }));
    await expect.poll(() => page.locator("chorus-thread .closed").textContent()).toBe("Comments are closed.");
    expect(await page.locator("chorus-form").count()).toBe(0);
    expect(await page.locator("button.reply-button").count()).toBe(0);
    await page.close();
  });

  it("renders author names containing HTML as text", async () => {
    const { page } = await openBlogPage(browser, postPage(), () => ({
      body: threadBody([comment(1, { authorName: '<img src=x onerror="window.hacked=1">' })]),
    }));
    await expect
      .poll(() => page.locator("chorus-comment .author").textContent())
      .toBe('<img src=x onerror="window.hacked=1">');
    expect(await page.evaluate(() => (window as { hacked?: number }).hacked)).toBeUndefined();
    await page.close();
  });

  it("loads the next page with the cursor when asked for more", async () => {
    const { page, calls } = await openBlogPage(browser, postPage(), (call) =>
      call.query.get("cursor") === "2"
        ? { body: threadBody([comment(3)], { commentCount: 3 }) }
        : { body: threadBody([comment(1), comment(2)], { commentCount: 3 }, "2") },
    );
    await page.locator("chorus-thread button.more").click();
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(3);
    expect(await page.locator("chorus-thread button.more").count()).toBe(0);
    expect(calls.map((call) => call.query.get("cursor"))).toEqual([null, "2"]);
    await page.close();
  });

  it("reads a comment's further replies page by page, each in its place, until there are no more", async () => {
    const { page, calls } = await openBlogPage(browser, postPage(), (call) => {
      if (call.path.endsWith("/replies")) {
        return call.query.get("from") === "3"
          ? { body: { comments: [comment(3, { parentId: 1 }), comment(4, { parentId: 2 })], moreReplies: 5 } }
          : { body: { comments: [comment(5, { parentId: 1 })], moreReplies: null } };
      }
      return { body: threadBody([comment(1, { replies: [comment(2, { parentId: 1 })], moreReplies: 3 })]) };
    });
    const more = page.locator("chorus-more-replies button");
    await more.click();
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(4);
    expect(await page.locator("#comment-4").count()).toBe(1);
    await more.click();
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(5);
    expect(await page.locator("chorus-more-replies").count()).toBe(0);
    const ids = await page
      .locator("chorus-comment article")
      .evaluateAll((articles) => articles.map((article) => article.id));
    expect(ids).toEqual(["comment-1", "comment-2", "comment-4", "comment-3", "comment-5"]);
    const asked = calls.filter((call) => call.path.endsWith("/replies"));
    expect(asked.map((call) => [call.query.get("root"), call.query.get("from")])).toEqual([
      ["1", "3"],
      ["1", "5"],
    ]);
    await page.close();
  });

  it("identifies the page by its canonical address, data-page, or its own address with its query", async () => {
    const canonical = await openBlogPage(
      browser,
      postPage('data-site="demo"', '<link rel="canonical" href="http://blog.test/posts/hello/index.html?ref=x">'),
      () => ({ body: threadBody([]) }),
      "/posts/hello-copy/?utm=1",
    );
    await expect.poll(() => canonical.calls[0]?.query.get("page")).toBe("/posts/hello?ref=x");
    await expect.poll(() => canonical.page.locator("chorus-thread h2").textContent()).toContain("0 comments");
    await canonical.page.close();
    const explicit = await openBlogPage(browser, postPage('data-site="demo" data-page="/custom/id/"'), () => ({
      body: threadBody([]),
    }));
    await expect.poll(() => explicit.calls[0]?.query.get("page")).toBe("/custom/id");
    expect(explicit.calls[0]?.path).toBe("/api/sites/demo/thread");
    await explicit.page.close();
    const plainPermalink = await openBlogPage(browser, postPage(), () => ({ body: threadBody([]) }), "/?p=4#respond");
    await expect.poll(() => plainPermalink.calls[0]?.query.get("page")).toBe("/?p=4");
    await plainPermalink.page.close();
  });

  it("paints its comments from embed.js alone; the form and the actions come with write.js", async () => {
    const { page } = await openBlogPage(browser, postPage(), () => ({ body: threadBody([comment(1)]) }));
    let releaseWriting = () => {};
    const writingHeld = new Promise<void>((resolve) => {
      releaseWriting = resolve;
    });
    await page.route("**/write.js", async (route) => {
      await writingHeld;
      await route.fallback();
    });
    await page.reload();
    await expect.poll(() => page.locator("chorus-thread h2").textContent()).toContain("1 comment");
    expect(await page.locator("chorus-comment .body").textContent()).toBe("Comment 1");
    expect(await page.evaluate(() => customElements.get("chorus-form") === undefined)).toBe(true);
    expect(await page.locator("chorus-comment button.reply-button").count()).toBe(0);
    releaseWriting();
    await page.locator("chorus-comment button.reply-button").click();
    await page.locator("chorus-comment chorus-form textarea").fill("A reply, once write.js is in");
    expect(await page.locator("chorus-form textarea").count()).toBe(2);
    await page.close();
  });

  it("mounts one thread even when the script is included twice", async () => {
    const twice = `<!doctype html><html><body><script src="/embed.js" data-site="demo"></script>
      <script src="/embed.js" data-site="demo"></script></body></html>`;
    const { page } = await openBlogPage(browser, twice, () => ({ body: threadBody([]) }));
    await expect.poll(() => page.locator("chorus-thread h2").textContent()).toContain("0 comments");
    expect(await page.locator("chorus-thread").count()).toBe(1);
    await page.close();
  });
});
