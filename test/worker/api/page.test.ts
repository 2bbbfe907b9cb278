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

  it("keeps case and encoded characters, which servers may treat as distinct", () => {
    expect(normalizePagePath("/Post/Caf%C3%A9")).toBe("/Post/Caf%C3%A9");
  });
});
