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

const changes = (comments: unknown[], thread: Record<string, unknown> = {}, revision = 14) => ({
  thread: { page: "/posts/hello", closed: false, commentCount: 3, reactions: {}, ...thread },
  comments,
  revision,
  complete: true,
});

describe("a thread without WebSockets", () => {
  it("polls the catch-up from the thread's revision as it loads, and applies each kind of change where it belongs", async () => {
    const { page, calls } = await openBlogPage(
      browser,
      postPage(),
      (call) => {
        if (call.path.endsWith("/thread")) return { body: threadBody([comment(1), comment(2)]) };
        if (call.path.endsWith("/changes") && call.query.get("since") === "10") {
          return {
            body: changes([
              comment(1, { bodyHtml: "<p>Comment 1, edited</p>", editedAt: "2026-11-01T11:00:00.000Z" }),
              comment(2, { status: "removed", authorName: "", bodyHtml: "" }),
              comment(3, { parentId: 1, bodyHtml: "<p>A live reply</p>" }),
              comment(4, { bodyHtml: "<p>A new comment</p>", reactions: { like: 2 } }),
            ]),
          };
        }
        if (call.path.endsWith("/changes")) return { body: changes([], { closed: true }, 14) };
        return { status: 404, body: { error: { code: "route_not_found", message: "No such route" } } };
      },
      "/posts/hello/",
      { withoutWebSockets: true },
    );
    await expect.poll(() => page.locator("chorus-thread h2").textContent()).toContain("3 comments");
    expect(calls.filter((call) => call.path.endsWith("/changes")).map((call) => call.query.get("page"))).toEqual([
      "/posts/hello",
    ]);
    expect(await page.locator("#comment-1 .body").textContent()).toBe("Comment 1, edited");
    expect(await page.locator("#comment-2").count()).toBe(0);
    const firstComment = page.locator("chorus-comment").first();
    expect(await firstComment.locator("chorus-comment .body").textContent()).toBe("A live reply");
    // Caught up right after loading, a new top-level comment is part of the thread as loaded.
    expect(await page.locator("#comment-4 .body").textContent()).toBe("A new comment");
    expect(await page.locator("chorus-toolbar button.show-new").count()).toBe(0);
    await page.close();
  });

  it("closes the form when a poll says the thread was closed", async () => {
    const { page } = await openBlogPage(
      browser,
      postPage(),
      (call) => {
        if (call.path.endsWith("/thread")) return { body: threadBody([comment(1)]) };
        if (call.path.endsWith("/changes")) return { body: changes([], { closed: true, commentCount: 1 }, 10) };
        return { status: 404, body: { error: { code: "route_not_found", message: "No such route" } } };
      },
      "/posts/hello/",
      { withoutWebSockets: true },
    );
    await expect.poll(() => page.locator("chorus-thread [part=closed]").textContent()).toBe("Comments are closed.");
    expect(await page.locator("chorus-form").count()).toBe(0);
    await page.close();
  });

  it("reads the thread again when more changed than one catch-up carries", async () => {
    let threadReads = 0;
    const { page } = await openBlogPage(
      browser,
      postPage(),
      (call) => {
        if (call.path.endsWith("/thread")) {
          threadReads++;
          return { body: threadBody(threadReads === 1 ? [comment(1)] : [comment(1), comment(2)], { revision: 500 }) };
        }
        if (call.path.endsWith("/changes")) return { body: { ...changes([]), complete: false } };
        return { status: 404, body: { error: { code: "route_not_found", message: "No such route" } } };
      },
      "/posts/hello/",
      { withoutWebSockets: true },
    );
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(2);
    expect(threadReads).toBe(2);
    await page.close();
  });
});
