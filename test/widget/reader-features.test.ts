import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { type ApiCall, comment, openBlogPage, postPage, threadBody } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const isThread = (call: ApiCall) => call.path.endsWith("/thread");

describe("<chorus-thread> sorting", () => {
  it("asks for the chosen sort, and remembers it across page loads", async () => {
    const { page, calls } = await openBlogPage(browser, postPage(), (call) => ({
      body: threadBody(call.query.get("sort") === "newest" ? [comment(2), comment(1)] : [comment(1), comment(2)]),
    }));
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(2);
    expect(calls.filter(isThread)[0]?.query.get("sort")).toBeNull();
    await page.locator("chorus-thread select").selectOption("newest");
    await expect.poll(() => page.locator("chorus-comment .author").first().textContent()).toBe("Author 2");
    expect(calls.filter(isThread).at(-1)?.query.get("sort")).toBe("newest");
    await page.reload();
    await expect.poll(() => calls.filter(isThread).at(-1)?.query.get("sort")).toBe("newest");
    await expect.poll(() => page.locator("chorus-thread select").inputValue()).toBe("newest");
    await page.close();
  });

  it("pages a sorted thread with the cursor the server gave, keeping the sort", async () => {
    const { page, calls } = await openBlogPage(browser, postPage(), (call) => ({
      body: call.query.get("cursor")
        ? threadBody([comment(1)])
        : threadBody([comment(3, { reactions: { like: 5 } }), comment(2)], {}, "0.2"),
    }));
    await page.evaluate(() => localStorage.setItem("chorus:sort", "top"));
    await page.reload();
    await page.locator("chorus-thread button.more").click();
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(3);
    const last = calls.filter(isThread).at(-1);
    expect([last?.query.get("sort"), last?.query.get("cursor")]).toEqual(["top", "0.2"]);
    await page.close();
  });
});

describe("<chorus-reactions>", () => {
  it("shows counts, marks the reader's own reaction, and sends a reaction with the reader's key", async () => {
    const { page, calls } = await openBlogPage(browser, postPage(), (call) =>
      call.path.endsWith("/reactions")
        ? { body: { reactions: { like: 3, love: 1 }, myReaction: "love" } }
        : {
            body: threadBody([comment(7, { reactions: { like: 3 }, myReaction: "like" })], { reactions: { laugh: 2 } }),
          },
    );
    const like = page.locator("chorus-comment chorus-reactions button[aria-label^='Like']");
    await expect.poll(() => like.getAttribute("aria-label")).toBe("Like, 3");
    expect(await like.getAttribute("aria-pressed")).toBe("true");
    const funnyPage = page.locator("chorus-reactions[part='page-reactions'] button[aria-label^='Funny']");
    expect(await funnyPage.getAttribute("aria-label")).toBe("Funny, 2");
    await page.locator("chorus-comment chorus-reactions button[aria-label^='Love']").click();
    await expect
      .poll(() =>
        page.locator("chorus-comment chorus-reactions button[aria-label^='Love']").getAttribute("aria-pressed"),
      )
      .toBe("true");
    const sent = calls.find((call) => call.path.endsWith("/reactions"));
    expect(sent?.body).toEqual({ page: "/posts/hello", commentId: 7, kind: "love" });
    expect(sent?.headers["x-chorus-reader"]).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    await page.close();
  });

  it("takes a reaction back when its button is pressed again", async () => {
    const { page, calls } = await openBlogPage(browser, postPage(), (call) =>
      call.path.endsWith("/reactions")
        ? { body: { reactions: {}, myReaction: null } }
        : { body: threadBody([comment(7, { reactions: { like: 1 }, myReaction: "like" })]) },
    );
    await page.locator("chorus-comment chorus-reactions button[aria-label^='Like']").click();
    await expect.poll(() => calls.find((call) => call.path.endsWith("/reactions"))?.body).toMatchObject({ kind: null });
    await expect
      .poll(() => page.locator("chorus-comment chorus-reactions button[aria-label^='Like']").getAttribute("aria-label"))
      .toBe("Like, 0");
    await page.close();
  });
});

describe("editing and deleting one's own comment", () => {
  function api(call: ApiCall) {
    if (call.path.endsWith("/comments")) {
      return {
        status: 201,
        body: {
          comment: comment(50, { authorName: "Me", bodyHtml: "<p>Frist</p>" }),
          commentCount: 1,
          editSecret: "secret-secret-secret-0001",
          editableUntil: new Date(Date.now() + 15 * 60_000).toISOString(),
        },
      };
    }
    if (call.path.endsWith("/50/edit")) {
      return {
        body: {
          comment: comment(50, { authorName: "Me", bodyHtml: "<p>First</p>", editedAt: new Date().toISOString() }),
          commentCount: 1,
        },
      };
    }
    if (call.path.endsWith("/50/delete")) return { body: { deleted: 50, commentCount: 0 } };
    return { body: threadBody([]) };
  }

  it("offers Edit on the reader's new comment, sends the secret, and shows it edited", async () => {
    const { page, calls } = await openBlogPage(browser, postPage(), api);
    await page.locator("chorus-form textarea").fill("Frist");
    await page.locator("chorus-form input[name=authorName]").fill("Me");
    await page.waitForTimeout(50);
    await page.locator("chorus-form button[type=submit]").click();
    await page.locator("chorus-comment button[part~='edit-button']").click();
    const editor = page.locator("chorus-comment [part~='editor'] textarea");
    expect(await editor.inputValue()).toBe("Frist");
    await editor.fill("First");
    await page.locator("chorus-comment [part~='editor'] button[type=submit]").click();
    await expect.poll(() => page.locator("chorus-comment .body").textContent()).toBe("First");
    expect(await page.locator("chorus-comment [part='edited']").textContent()).toBe("(edited)");
    expect(calls.find((call) => call.path.endsWith("/edit"))?.body).toEqual({
      secret: "secret-secret-secret-0001",
      body: "First",
    });
    await page.reload();
    await expect.poll(() => page.locator("chorus-thread h2").textContent()).toContain("0 comments");
    expect(await page.evaluate(() => localStorage.getItem("chorus:own:demo"))).toContain("secret-secret-secret-0001");
    await page.close();
  });

  it("deletes the reader's comment after they confirm", async () => {
    const { page, calls } = await openBlogPage(browser, postPage(), api);
    await page.locator("chorus-form textarea").fill("Frist");
    await page.locator("chorus-form input[name=authorName]").fill("Me");
    await page.locator("chorus-form button[type=submit]").click();
    page.once("dialog", (dialog) => dialog.accept());
    await page.locator("chorus-comment button[part~='delete-button']").click();
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(0);
    expect(calls.find((call) => call.path.endsWith("/delete"))?.body).toEqual({ secret: "secret-secret-secret-0001" });
    await expect.poll(() => page.locator("chorus-thread h2").textContent()).toContain("0 comments");
    await page.close();
  });

  it("offers no Edit on comments this browser did not post", async () => {
    const { page } = await openBlogPage(browser, postPage(), () => ({ body: threadBody([comment(51)]) }));
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(1);
    expect(await page.locator("chorus-comment button[part~='edit-button']").count()).toBe(0);
    await page.close();
  });
});

describe("permalinks", () => {
  it("links each comment, and scrolls to and highlights #comment-ID, loading its page if needed", async () => {
    const many = Array.from({ length: 30 }, (_, index) => comment(index + 1));
    const { page, calls } = await openBlogPage(
      browser,
      postPage(),
      (call) => ({
        body: call.query.get("cursor") ? threadBody([comment(31), comment(32)]) : threadBody(many, {}, "30"),
      }),
      "/posts/hello/#comment-32",
    );
    const target = page.locator("article#comment-32");
    await expect.poll(() => target.getAttribute("class")).toContain("highlight");
    expect(calls.filter(isThread).map((call) => call.query.get("cursor"))).toEqual([null, "30"]);
    expect(await page.locator("article#comment-3 a[part='permalink']").getAttribute("href")).toBe(
      "http://blog.test/posts/hello/#comment-3",
    );
    const inView = await target.evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
    await page.locator("article#comment-3 a[part='permalink']").click();
    await expect.poll(() => page.locator("article#comment-3").getAttribute("class")).toContain("highlight");
    expect(await target.getAttribute("class")).not.toContain("highlight");
    await page.close();
  });
});

describe("preview and drafts", () => {
  it("previews the draft as the server renders it, and back to editing", async () => {
    const { page, calls } = await openBlogPage(browser, postPage(), (call) =>
      call.path.endsWith("/preview")
        ? { body: { bodyHtml: "<p><em>hi</em> &lt;img src=x onerror=alert(1)&gt;</p>" } }
        : { body: threadBody([]) },
    );
    await page.locator("chorus-form textarea").fill("*hi* <img src=x onerror=alert(1)>");
    await page.locator("chorus-form button[part='preview-button']").click();
    const preview = page.locator("chorus-form [part='preview']");
    await expect.poll(() => preview.locator("em").textContent()).toBe("hi");
    expect(await preview.textContent()).toBe("hi <img src=x onerror=alert(1)>");
    expect(await preview.locator("img").count()).toBe(0);
    expect(await page.locator("chorus-form textarea").isHidden()).toBe(true);
    expect(calls.find((call) => call.path.endsWith("/preview"))?.body).toEqual({
      body: "*hi* <img src=x onerror=alert(1)>",
    });
    await page.locator("chorus-form button[part='preview-button']").click();
    expect(await preview.count()).toBe(0);
    expect(await page.locator("chorus-form textarea").inputValue()).toBe("*hi* <img src=x onerror=alert(1)>");
    await page.close();
  });

  it("keeps the draft across a reload, per page, and forgets it once posted", async () => {
    const { page } = await openBlogPage(browser, postPage(), (call) =>
      call.path.endsWith("/comments")
        ? { status: 201, body: { comment: comment(60, { authorName: "Me" }), commentCount: 1 } }
        : { body: threadBody([]) },
    );
    await page.locator("chorus-form textarea").fill("Half a thought");
    await page.goto("http://blog.test/posts/other/");
    await expect.poll(() => page.locator("chorus-thread h2").textContent()).toContain("0 comments");
    expect(await page.locator("chorus-form textarea").inputValue()).toBe("");
    await page.goto("http://blog.test/posts/hello/");
    await expect.poll(() => page.locator("chorus-form textarea").inputValue()).toBe("Half a thought");
    await page.locator("chorus-form input[name=authorName]").fill("Me");
    await page.locator("chorus-form button[type=submit]").click();
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.locator("chorus-thread h2").textContent()).toContain("0 comments");
    expect(await page.locator("chorus-form textarea").inputValue()).toBe("");
    await page.close();
  });
});

describe("avatars", () => {
  it("draws the same identicon for the same hash and a different one for another", async () => {
    const { page } = await openBlogPage(browser, postPage(), () => ({
      body: threadBody([
        comment(1, { avatar: "0a1b2c3d" }),
        comment(2, { avatar: "0a1b2c3d" }),
        comment(3, { avatar: "ffee0011" }),
        comment(4, { avatar: null }),
      ]),
    }));
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(4);
    const drawn = (id: number) =>
      page.locator(`#comment-${id} [part='avatar'] span`).evaluate((element) => getComputedStyle(element).boxShadow);
    expect(await drawn(1)).toBe(await drawn(2));
    expect(await drawn(1)).not.toBe(await drawn(3));
    expect(await drawn(1)).toContain("rgb(");
    expect(await page.locator("#comment-4 [part='avatar']").count()).toBe(0);
    await page.close();
  });

  it("shows a Gravatar image for a 64-hex hash (a site that opted in), and nothing else as an address", async () => {
    const gravatar = "a".repeat(64);
    const { page } = await openBlogPage(browser, postPage(), () => ({
      body: threadBody([comment(1, { avatar: gravatar }), comment(2, { avatar: `${"b".repeat(63)}) url(x` })]),
    }));
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(2);
    const background = (id: number) =>
      page
        .locator(`#comment-${id} [part='avatar'] span`)
        .evaluate((element) => getComputedStyle(element).backgroundImage);
    expect(await background(1)).toBe(`url("https://gravatar.com/avatar/${gravatar}?s=50&d=identicon")`);
    expect(await background(2)).toBe("none");
    await page.close();
  });
});

describe("languages", () => {
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

  it("speaks the page's language, with plurals, numbers and relative times through Intl", async () => {
    const { page } = await openBlogPage(browser, postPage('data-site="demo"', "", "de-AT"), () => ({
      body: threadBody([comment(1, { createdAt: daysAgo(3) }), comment(2, { createdAt: daysAgo(1) })], {
        commentCount: 1234,
      }),
    }));
    await expect.poll(() => page.locator("chorus-thread [part=count]").textContent()).toBe("1.234 Kommentare");
    expect(await page.locator("#comment-1 time").textContent()).toBe("vor 3 Tagen");
    expect(await page.locator("#comment-2 time").textContent()).toBe("gestern");
    expect(await page.locator("chorus-form button[type=submit]").textContent()).toContain("Kommentar senden");
    expect(await page.locator("chorus-comment button.reply-button").first().textContent()).toBe("Antworten");
    await page.close();
  });

  it("lets data-lang override the page, picks the singular, and falls back to English", async () => {
    const french = await openBlogPage(browser, postPage('data-site="demo" data-lang="fr"', "", "de"), () => ({
      body: threadBody([comment(1)]),
    }));
    await expect.poll(() => french.page.locator("chorus-thread [part=count]").textContent()).toBe("1 commentaire");
    expect(await french.page.locator("chorus-thread select option").first().textContent()).toBe("Les plus anciens");
    await french.page.close();
    for (const [lang, count, expected] of [
      ["es", 2, "2 comentarios"],
      ["pt-BR", 1, "1 comentário"],
      ["ja", 2, "2 件のコメント"],
      ["pl", 5, "5 komentarzy"],
      ["hi", 2, "2 comments"],
    ] as const) {
      const { page } = await openBlogPage(browser, postPage('data-site="demo"', "", lang), () => ({
        body: threadBody(Array.from({ length: count }, (_, index) => comment(index + 1))),
      }));
      await expect.poll(() => page.locator("chorus-thread [part=count]").textContent()).toBe(expected);
      await page.close();
    }
  });

  it("lays a right-to-left language out from the right, from the page's language or data-lang", async () => {
    const tree = [comment(1, { replies: [comment(2, { parentId: 1 })] })];
    for (const html of [postPage('data-site="demo"', "", "ar"), postPage('data-site="demo" data-lang="he"')]) {
      const { page } = await openBlogPage(browser, html, () => ({ body: threadBody(tree, { commentCount: 2 }) }));
      await expect.poll(() => page.locator("chorus-thread").getAttribute("dir")).toBe("rtl");
      expect(await page.locator("chorus-thread [part=count]").textContent()).toMatch(/^(تعليقان|שתי תגובות)$/);
      const right = async (id: number) => {
        const box = await page.locator(`#comment-${id}`).boundingBox();
        return (box?.x ?? 0) + (box?.width ?? 0);
      };
      expect(await right(2)).toBeLessThan(await right(1));
      await page.close();
    }
  });

  it("loads no language file on an English page, only the embed and its writing half", async () => {
    const { page } = await openBlogPage(browser, postPage(), () => ({ body: threadBody([comment(1)]) }));
    await expect.poll(() => page.locator("chorus-thread [part=count]").textContent()).toBe("1 comment");
    await page.locator("chorus-form textarea").waitFor();
    expect(await page.evaluate(() => [...document.scripts].map((script) => script.src).sort())).toEqual([
      "http://blog.test/embed.js",
      "http://blog.test/write.js",
    ]);
    await page.close();
  });
});

describe("reporting a comment", () => {
  it("sends a reason with the reader's key, thanks the reader, and says so when it fails", async () => {
    let answer: { status: number; body: unknown } = { status: 201, body: { received: true } };
    const { page, calls } = await openBlogPage(browser, postPage(), (call) =>
      call.path.endsWith("/report") ? answer : { body: threadBody([comment(1), comment(2)]) },
    );
    const first = page.locator("#comment-1");
    await first.getByRole("button", { name: "Report the comment by Author 1" }).click();
    await first.getByLabel("Why?").selectOption("abuse");
    await first.getByRole("button", { name: "Send report" }).click();
    await expect
      .poll(() => first.locator("chorus-actions .muted").textContent())
      .toBe("Thanks: the moderators will look at it.");
    const sent = calls.filter((call) => call.path.endsWith("/report"));
    expect(sent.map((call) => [call.method, call.path, call.body])).toEqual([
      ["POST", "/api/sites/demo/comments/1/report", { reason: "abuse" }],
    ]);
    expect(sent[0]?.headers["x-chorus-reader"]).toMatch(/^[A-Za-z0-9_-]{16,}$/);

    answer = { status: 500, body: { error: { code: "internal_error", message: "Something went wrong" } } };
    const second = page.locator("#comment-2");
    await second.getByRole("button", { name: "Report the comment by Author 2" }).click();
    await second.getByRole("button", { name: "Send report" }).click();
    await expect
      .poll(() => second.locator("chorus-actions [role=alert]").textContent())
      .toBe("The report could not be sent.");
    await page.close();
  });
});

describe("restyling from the host page", () => {
  it("reaches nested comments, reactions and the form through custom properties and ::part()", async () => {
    const css = `<style>
      chorus-thread { --chorus-accent: rgb(1, 2, 3); }
      chorus-thread::part(comment) { border-left: 7px solid rgb(4, 5, 6); }
      chorus-thread::part(submit) { letter-spacing: 3px; }
      chorus-thread::part(reaction) { border-radius: 0px; }
    </style>`;
    const { page } = await openBlogPage(browser, postPage('data-site="demo"', css), () => ({
      body: threadBody([comment(1, { replies: [comment(2, { parentId: 1 })] })]),
    }));
    await expect.poll(() => page.locator("chorus-comment").count()).toBe(2);
    const style = (selector: string, property: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);
    expect(await style("#comment-2", "border-left-width")).toBe("7px");
    expect(await style("#comment-2", "border-left-color")).toBe("rgb(4, 5, 6)");
    expect(await style("chorus-form button[type=submit]", "letter-spacing")).toBe("3px");
    expect(await style("chorus-form button[type=submit]", "background-color")).toBe("rgb(1, 2, 3)");
    expect(
      await style(
        "#comment-2 ~ * chorus-reactions button, chorus-comment chorus-comment chorus-reactions button",
        "border-radius",
      ),
    ).toBe("0px");
    await page.close();
  });
});
