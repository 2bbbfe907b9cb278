import { normalizePagePath } from "../../common/vocabulary";
import { ChorusApi } from "./api";

/** Defaults the embed script read from its own tag; elements placed by hand fall back to them. */
export const embedDefaults = { api: "", site: "", lang: "" };

/** The API client for an element's `api` and `site` attributes, or the embed's defaults. */
export function apiFor(element: { api?: string; site?: string }): ChorusApi | null {
  const site = element.site || embedDefaults.site;
  const base = (element.api || embedDefaults.api).replace(/\/+$/, "");
  return site && base ? new ChorusApi(base, site) : null;
}

/** The page's address: its canonical URL if it declares one, else its own address without its hash. */
export function currentPageUrl(): string {
  return (
    document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href ||
    location.origin + location.pathname + location.search
  );
}

/** The page's identity: the normalised path of `currentPageUrl()`. */
export function currentPagePath(): string {
  return normalizePagePath(currentPageUrl(), "all");
}
