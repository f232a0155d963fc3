import { describe, expect, it } from "vitest";
import { containsMarkup } from "./application-input";

describe("containsMarkup", () => {
  it.each([
    ["<script>alert(1)</script>", true],
    ["<img src=x onerror=alert(1)>", true],
    ["</p>", true],
    ["<br/>", true],
    ["<a href='https://x'>x</a>", true],
    ["<!-- hidden -->", true],
    ["<![CDATA[x]]>", true],
    ["<SCRIPT >", true],
    // A browser reads this as a <b> tag too.
    ["a<b and c>d", true],
  ])("finds markup in %s", (text, expected) => {
    expect(containsMarkup(text)).toBe(expected);
  });
  it.each([
    ["Write to <security@example.org>", false],
    ["Affects versions < 1.2 and > 1.0", false],
    ["See <https://example.org/advisories>", false],
    ["2 << 3", false],
  ])("leaves plain text alone: %s", (text, expected) => {
    expect(containsMarkup(text)).toBe(expected);
  });
});
