import { describe, expect, it } from "vitest";
import {
  asciiLower,
  bareAddress,
  headerKeyword,
  headerWords,
  isOwnAddress,
  isPlainAddress,
  listIds,
  parseContentType,
  withoutComments,
} from "./mail-headers";

describe("header helpers", () => {
  it.each([
    ["auto-replied (vacation)", "auto-replied "],
    ["a (b (nested) c) d", "a  d"],
    ["a (escaped \\) paren) b", "a  b"],
    ['x; boundary="(not a comment"; y=1', 'x; boundary="(not a comment"; y=1'],
    ["a (never closed", "a "],
    ["a) b", "a) b"],
    ["", ""],
  ])("withoutComments(%j)", (value, expected) => {
    expect(withoutComments(value)).toBe(expected);
  });

  it("reads keyword headers", () => {
    expect(headerWords(" DR,RN ;\tOOF AutoReply ")).toEqual(["dr", "rn", "oof", "autoreply"]);
    expect(headerWords(null)).toEqual([]);
    expect(headerKeyword("Auto-Replied; owner-email=a@b (x)")).toBe("auto-replied");
    expect(headerKeyword(" ; x")).toBeNull();
    expect(headerKeyword("bul\u212A")).toBe("bul\u212A");
  });

  it.each<[string | null, string[]]>([
    ['"Team" <Security.Example.ORG>', ["security.example.org"]],
    ["<a.example.org>, B <b.example.org>", ["a.example.org", "b.example.org"]],
    ["bare.example.org (comment)", ["bare.example.org"]],
    ["<>", []],
    ["< >", []],
    ["<unclosed.example.org", []],
    ["stray > bracket", []],
    ["", []],
    [null, []],
  ])("listIds(%j)", (value, expected) => {
    expect(listIds(value)).toEqual(expected);
  });

  it("parses a Content-Type, quotes and all, without a prototype to pollute", () => {
    expect(parseContentType('Multipart/Report; Report-Type="delivery-status"; boundary="a;b\\"c"')).toEqual({
      type: "multipart/report",
      params: Object.assign(Object.create(null), { "report-type": "delivery-status", boundary: 'a;b"c' }),
    });
    const hostile = parseContentType("text/plain; __proto__=x; constructor=y; toString=z");
    expect(Object.entries(hostile?.params ?? {})).toEqual([
      ["__proto__", "x"],
      ["constructor", "y"],
      ["tostring", "z"],
    ]);
    expect(Object.prototype).not.toHaveProperty("x");
    expect(parseContentType("  ; charset=utf-8")).toBeNull();
    expect(parseContentType(null)).toBeNull();
  });

  it("reads addresses", () => {
    expect(bareAddress("Alice <Alice@Example.COM>")).toBe("alice@example.com");
    expect(bareAddress("<>")).toBe("");
    expect(bareAddress(" a@b ")).toBe("a@b");
    expect(asciiLower("\u212A İ ABC")).toBe("\u212A İ abc");
    expect(isPlainAddress("anna@bücher.example")).toBe(true);
    for (const bad of [
      "a@b@c",
      "a b@c",
      "a@b\n",
      "a\u0000@b",
      "<a@b>",
      "a@",
      "@b",
      `${"a".repeat(250)}@b.cc`,
    ]) {
      expect(isPlainAddress(bad)).toBe(false);
    }
  });

  it("counts sub-addresses of ours as ours, and nothing else", () => {
    const own = new Set(["Security@Example.org"]);
    expect(isOwnAddress("security@example.org", own)).toBe(true);
    expect(isOwnAddress("security+anything@EXAMPLE.org", own)).toBe(true);
    expect(isOwnAddress("security-r@example.org", own)).toBe(false);
    expect(isOwnAddress("securityx@example.org", own)).toBe(false);
    expect(isOwnAddress("security@example.org.evil", own)).toBe(false);
    expect(isOwnAddress("security", own)).toBe(false);
    expect(isOwnAddress(null, own)).toBe(false);
  });
});
