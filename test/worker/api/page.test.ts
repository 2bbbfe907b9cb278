import { describe, expect, it } from "vitest";
import { normalizePagePath } from "../../../common/vocabulary";

describe("normalizePagePath", () => {
  it.each([
    ["/post/x", "/post/x"],
    ["/post/x/", "/post/x"],
    ["/post/x/index.html", "/post/x"],
    ["/post/x.html", "/post/x"],
    ["/post/x?utm_source=feed", "/post/x"],
    ["/post/x#comments", "/post/x"],
    ["https://blog.example/post/x/?a=1#c", "/post/x"],
    ["//post//x//", "/post/x"],
    ["/", "/"],
    ["/index.html", "/"],
    ["", "/"],
    ["post/x", "/post/x"],
  ])("maps %j to %j", (input, expected) => {
    expect(normalizePagePath(input)).toBe(expected);
  });

  it("keeps the query parameters that identify a page (WordPress's p and page_id by default), sorted", () => {
    expect(normalizePagePath("/?p=4")).toBe("/?p=4");
    expect(normalizePagePath("https://blog.example/?utm_source=x&p=4#comments")).toBe("/?p=4");
    expect(normalizePagePath("/index.php?page_id=2&p=")).toBe("/index.php?page_id=2");
    expect(normalizePagePath("/?page_id=2&p=4")).toBe("/?p=4&page_id=2");
    expect(normalizePagePath("/article?id=7&ref=home", ["id"])).toBe("/article?id=7");
    expect(normalizePagePath("/?p=4", [])).toBe("/");
    expect(normalizePagePath("/post/x/?b=2&a=1", "all")).toBe("/post/x?a=1&b=2");
  });

  it("keeps case and encoded characters, which servers may treat as distinct", () => {
    expect(normalizePagePath("/Post/Caf%C3%A9")).toBe("/Post/Caf%C3%A9");
  });
});
