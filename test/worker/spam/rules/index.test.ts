import { describe, expect, it } from "vitest";
import { checkRules } from "../../../../worker/spam/rules";
import { defaultSpamSettings } from "../../../../worker/spam/verdict";
import { analyze } from "./check-helpers";

describe("checkRules", () => {
  it("finds nothing in an ordinary comment", () => {
    expect(
      checkRules(
        analyze("Thanks for the write-up, the second example finally made it click."),
        {},
        defaultSpamSettings,
      ),
    ).toEqual([]);
  });

  it("copes with an empty body and a huge one", () => {
    expect(() => checkRules(analyze(""), {}, defaultSpamSettings)).not.toThrow();
    const started = Date.now();
    checkRules(analyze("buy now http://x.example ".repeat(400)), {}, defaultSpamSettings);
    expect(Date.now() - started).toBeLessThan(200);
  });
});
