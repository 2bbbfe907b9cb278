/**
 * Turns a page address into the key of its thread, so that `/post/x`, `/post/x/`,
 * `/post/x/index.html`, `/post/x.html`, `/post/x?utm=1` and `https://blog.example/post/x#comments`
 * all name one thread (hosts such as Cloudflare Pages serve `/x.html` at `/x` too).
 * Pure and dependency-free: the widget, the Worker and the importers share it.
 */
export function normalizePagePath(address: string): string {
  const trimmed = address.trim().replace(/^\/{2,}/, "/");
  let path: string;
  try {
    path = new URL(trimmed, "https://page.invalid").pathname;
  } catch {
    path = trimmed.split(/[?#]/, 1)[0] ?? "";
  }
  path = path
    .replace(/\/{2,}/g, "/")
    .replace(/\/index\.html?$/i, "/")
    .replace(/\.html?$/i, "");
  if (path.length > 1) path = path.replace(/\/+$/, "");
  return path.startsWith("/") ? path : `/${path}`;
}

/**
 * The address of a page, for links in feeds and emails: its stored address if that is http(s) (the
 * API stores nothing else, but imported or hand-edited rows might), else its path on the site's home.
 */
export function pageAddress(path: string, storedUrl: string | null, home: string): string {
  const protocol = storedUrl ? URL.parse(storedUrl)?.protocol : undefined;
  return storedUrl && (protocol === "http:" || protocol === "https:") ? storedUrl : new URL(path, home).href;
}
