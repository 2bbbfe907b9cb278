import { describe, expect, it } from "vitest";
import { checkTricks } from "../../../../worker/spam/rules";
import { analyze, checks } from "./check-helpers";

describe("checkTricks", () => {
  it("flags homoglyphs and zero-width characters inside words", () => {
    const reasons = checkTricks(analyze("Get сheap v\u200Biagra"));
    expect(checks(reasons)).toEqual(["rules.homoglyphs", "rules.zero_width"]);
  });

  it("flags fancy text from a few stylised letters on, never alone enough for spam", () => {
    const reasons = checkTricks(analyze("ꜰᴏʀ ꜱᴛᴀʀᴛ ɪ ᴅᴇᴘᴏꜱɪᴛᴇᴅ $1000 ᴀɴᴅ ɢᴏᴛ $10 200"));
    expect(reasons).toEqual([expect.objectContaining({ check: "rules.stylised_letters", score: 1.5 })]);
    expect(checkTricks(analyze("Loved the 𝐓 in the new logo"))).toEqual([]);
  });

  it("holds a body with nothing visible in it", () => {
    expect(checkTricks(analyze("\u200B\u200B\uFEFF"))).toEqual([
      expect.objectContaining({ check: "rules.invisible", holds: true }),
    ]);
  });

  it("leaves non-English ham alone", () => {
    expect(checkTricks(analyze("Ця пісня чудова! 这首歌很好听 ❤️"))).toEqual([]);
  });
});
