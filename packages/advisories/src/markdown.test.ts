import { describe, expect, it } from "vitest";
import { markdownToText, renderMarkdown } from "./markdown";

describe("renderMarkdown", () => {
  it("renders Markdown with safe links", () => {
    const html = renderMarkdown(
      "A **bold** fix, see [the PR](https://github.com/o/r/pull/1) and https://example.org.",
    );
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain(
      '<a href="https://github.com/o/r/pull/1" rel="nofollow noopener noreferrer">the PR</a>',
    );
    expect(html).toContain(
      '<a href="https://example.org" rel="nofollow noopener noreferrer">https://example.org</a>',
    );
  });

  it.each([
    ["raw HTML", "<script>alert(1)</script>", "<script"],
    ["an img onerror", '<img src=x onerror="alert(1)">', "<img"],
    ["a javascript: link", "[x](javascript:alert(1))", "href"],
    ["an encoded javascript: link", "[x](jav&#x61;script:alert(1))", "href"],
    ["a data: link", "[x](data:text/html;base64,PHNjcmlwdD4=)", "href"],
    ["a vbscript: link", "[x](vbscript:msgbox(1))", "href"],
    ["a file: link", "[x](file:///etc/passwd)", "href"],
    ["an iframe", '<iframe src="https://evil.example"></iframe>', "<iframe"],
    ["an image", "![x](https://evil.example/track.png)", "<img"],
    ["a protocol-relative link", "[x](//evil.example/)", 'href="//'],
  ])("refuses %s", (_what, input, forbidden) => {
    expect(renderMarkdown(input).toLowerCase()).not.toContain(forbidden.toLowerCase());
  });

  it("keeps mailto links", () => {
    expect(renderMarkdown("<mailto:security@example.org>")).toContain('href="mailto:security@example.org"');
  });
});

describe("markdownToText", () => {
  it("turns Markdown into readable plain text", () => {
    const text = markdownToText(
      "# Impact\n\nAn **attacker** can run `code`.\n\n- upgrade to [1.2.3](https://example.org/r)\n- or disable X\n\n1. one\n2. two\n\n```\nnpm i x@1.2.3\n```",
    );
    expect(text).toBe(
      "Impact\n\nAn attacker can run code.\n\n- upgrade to 1.2.3 (https://example.org/r)\n- or disable X\n\n1. one\n2. two\n\nnpm i x@1.2.3",
    );
  });

  it("leaves no HTML behind", () => {
    expect(markdownToText("<b>hi</b> there")).toBe("<b>hi</b> there");
    expect(markdownToText("[x](javascript:alert(1))")).not.toContain("javascript:alert(1) ");
  });
});
