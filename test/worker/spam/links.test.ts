import { describe, expect, it } from "vitest";
import { registrableDomain, scanLinks } from "../../../worker/spam/links";

describe("scanLinks", () => {
  it("finds addresses with a scheme, with www. and bare domains, by host", () => {
    const scan = scanLinks("see https://www.shop.example.co.uk/x?y=1, www.other.com and cheap-pills.ru!");
    expect(scan.hosts).toEqual(["shop.example.co.uk", "other.com", "cheap-pills.ru"]);
    expect(scan.textWithoutLinks).not.toMatch(/example|other|pills/);
  });

  it("finds a bare domain of any TLD when a path follows", () => {
    expect(scanLinks("watch youtu.be/abc123").hosts).toEqual(["youtu.be"]);
  });

  it("does not take a missing space after a full stop for an address", () => {
    expect(scanLinks("great song.me and my sister love it.thanks").hosts).toEqual([]);
    expect(scanLinks("node.js is 1.5 times faster, e.g. here").hosts).toEqual([]);
  });

  it("finds addresses disguised with spaces or the word dot", () => {
    const scan = scanLinks("visit kidsmediausa  . com or example dot net or site(dot)org");
    expect(scan.obfuscatedLinks).toBe(3);
    expect(scan.hosts).toEqual(["kidsmediausa.com", "example.net", "site.org"]);
  });

  it("counts BBCode and HTML links and removes their markup", () => {
    const scan = scanLinks('[url=http://spam.ru/a]cheap[/url] [url]http://x.net[/url] <a href="http://evil.biz">x</a>');
    expect(scan.bbcodeLinks).toBe(2);
    expect(scan.htmlLinks).toBe(1);
    expect(scan.hosts).toEqual(["spam.ru", "evil.biz", "x.net"]);
    expect(scan.textWithoutLinks).not.toMatch(/url|href/);
  });

  it("counts links with referral codes or behind shorteners", () => {
    const scan = scanLinks("http://shop.example/?ref=abc12 and bit.ly/x9 and https://docs.example.org/a?page=2");
    expect(scan.trackedLinks).toBe(2);
    expect(scan.hosts).toEqual(["shop.example", "bit.ly", "docs.example.org"]);
  });

  it("counts e-mail addresses apart from links", () => {
    const scan = scanLinks("mail me at lucky.winner+1@gmail.com today");
    expect(scan.emails).toBe(1);
    expect(scan.hosts).toEqual([]);
  });

  it("stays fast on bodies built to make patterns backtrack", () => {
    const started = Date.now();
    for (const body of [
      "a".repeat(10_000),
      "a.".repeat(5_000),
      "a-".repeat(5_000),
      "a@".repeat(5_000),
      "[url=".repeat(2_000),
    ]) {
      scanLinks(body);
    }
    expect(Date.now() - started).toBeLessThan(200);
  });
});

describe("registrableDomain", () => {
  it("keeps the label a domain was registered under", () => {
    expect(registrableDomain("a.b.example.com")).toBe("example.com");
    expect(registrableDomain("shop.example.co.uk")).toBe("example.co.uk");
  });
});
