/**
 * Loads the built embed.js (and, as the embed asks, write.js and the language files) into a page of a pretend blog (http://blog.test) in real Chromium, with the
 * Chorus API answered by a handler the test provides, so each element can be tested on its own.
 * Form tokens (`GET …/form`) are answered here and not recorded.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Browser, Page, Request } from "playwright-core";
import type { FormBody } from "../../worker/api/schemas";

export interface ApiCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export type ApiHandler = (call: ApiCall) => { status?: number; body: unknown } | "network-error";

export const blog = "http://blog.test";

/**
 * Opens `html` at `blog + path` with the built embed served at /embed.js and the API answered by `api`.
 * `withoutWebSockets` plays a browser (or a proxy) without them.
 */
export async function openBlogPage(
  browser: Browser,
  html: string,
  api: ApiHandler,
  path = "/posts/hello/",
  options: { withoutWebSockets?: boolean } = {},
): Promise<{ page: Page; calls: ApiCall[] }> {
  const embed = readFileSync("dist/public/embed.js", "utf8");
  const page = await browser.newPage();
  if (options.withoutWebSockets) await page.addInitScript(() => Reflect.deleteProperty(window, "WebSocket"));
  const calls: ApiCall[] = [];
  await page.route(`${blog}/**`, async (route, request: Request) => {
    const url = new URL(request.url());
    if (url.pathname === "/embed.js") return route.fulfill({ body: embed, contentType: "text/javascript" });
    if (/^\/(write|locales\/[a-z]{2,3})\.js$/.test(url.pathname)) {
      // As the Worker answers: a language without a translation is an empty script.
      const file = `dist/public${url.pathname}`;
      return route.fulfill({
        body: existsSync(file) ? readFileSync(file, "utf8") : "",
        contentType: "text/javascript",
      });
    }
    if (!url.pathname.startsWith("/api/")) return route.fulfill({ body: html, contentType: "text/html" });
    if (url.pathname.endsWith("/form")) {
      return route.fulfill({
        json: {
          formToken: `token-for-${url.searchParams.get("page")}`,
          turnstileSiteKey: null,
          notifications: true,
          signIn: [],
          signInRequired: false,
        } satisfies FormBody,
      });
    }
    const call: ApiCall = {
      method: request.method(),
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers(),
      body: request.postData() ? JSON.parse(request.postData() ?? "null") : null,
    };
    calls.push(call);
    const answer = api(call);
    if (answer === "network-error") return route.abort("connectionreset");
    return route.fulfill({ status: answer.status ?? 200, json: answer.body });
  });
  await page.goto(`${blog}${path}`);
  return { page, calls };
}

/** A blog post page embedding Chorus with one script tag; `attributes` go on the script. */
export function postPage(attributes = 'data-site="demo"', head = "", lang = "en"): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Hello</title>${head}</head>
    <body><h1>Hello</h1><script src="/embed.js" ${attributes} async></script></body></html>`;
}

export function comment(id: number, fields: Record<string, unknown> = {}) {
  return {
    id,
    parentId: null,
    authorName: `Author ${id}`,
    authorWebsite: null,
    bodyHtml: `<p>Comment ${id}</p>`,
    createdAt: "2026-11-01T10:00:00.000Z",
    status: "published",
    pinned: false,
    badge: null,
    replies: [],
    ...fields,
  };
}

export function threadBody(
  comments: unknown[],
  thread: Record<string, unknown> = {},
  nextCursor: string | null = null,
) {
  return {
    thread: {
      page: "/posts/hello",
      title: "Hello",
      closed: false,
      commentCount: comments.length,
      revision: 10,
      ...thread,
    },
    comments,
    nextCursor,
  };
}
