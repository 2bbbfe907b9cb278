import { describe, expect, it } from "vitest";
import { call } from "../helpers";

describe("GET /locales/LANG.js", () => {
  it("serves a language's strings, and an empty script for a language without a translation", async () => {
    const german = await call("/locales/de.js", { origin: null });
    expect(german.status).toBe(200);
    expect(await german.text()).toContain("Kommentar");
    const unknown = await call("/locales/xx.js", { origin: null });
    expect(unknown.status).toBe(200);
    expect(unknown.headers.get("Content-Type")).toContain("text/javascript");
    expect(await unknown.text()).toMatch(/^\/\* Chorus has no translation for this language yet/);
  });

  it("answers 404 for anything that is not a language's script", async () => {
    for (const path of ["/locales/deutsch.js", "/locales/de.json", "/locales/x1.js"]) {
      expect((await call(path, { origin: null })).status, path).toBe(404);
    }
  });
});
