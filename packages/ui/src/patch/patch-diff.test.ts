import { parseFormatPatch } from "@disclose/patches";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PatchDiff } from "./patch-diff";

const SHA = "3f786850e387550fdab836ed7e6dc881de23001b";
const TEXT = [
  `From ${SHA} Mon Sep 17 00:00:00 2001`,
  "From: Ada <ada@example.test>",
  "Date: Mon, 30 Nov 2026 14:05:00 +0100",
  "Subject: [PATCH] Escape <script> in titles",
  "",
  "---",
  "diff --git a/a.html b/a.html",
  "index 1111111..2222222 100644",
  "--- a/a.html",
  "+++ b/a.html",
  "@@ -1,2 +1,2 @@",
  " <p>",
  '-<script>alert("x")</script>',
  "+&lt;script&gt;",
  "-- ",
  "2.39.5",
  "",
].join("\n");

describe("PatchDiff (server-rendered markup)", () => {
  const result = parseFormatPatch(TEXT);
  if (!result.ok) throw new Error(result.error.message);
  const html = renderToStaticMarkup(createElement(PatchDiff, { patch: result.patches[0]!, idPrefix: "p1" }));

  it("links the file list to each file's section and labels the article by its subject", () => {
    expect(html).toContain('<article aria-labelledby="p1-subject"');
    expect(html).toContain('href="#p1-file-1"');
    expect(html).toContain('<section id="p1-file-1" aria-labelledby="p1-file-1-path"');
    expect(html).toContain('<time dateTime="2026-11-30T13:05:00.000Z">2026-11-30 13:05 UTC</time>');
  });

  it("marks changes with a gutter sign and screen-reader text, and numbers the lines", () => {
    expect(html).toContain('<span class="sr-only">Removed line 2: </span>');
    expect(html).toContain('<span class="sr-only">Added line 2: </span>');
    expect(html).toContain('<span aria-hidden="true">−</span>');
    expect(html).toContain('<span aria-hidden="true">+</span>');
    expect(html).toContain('<span class="sr-only">1 line added, 1 line removed</span>');
  });

  it("escapes the patch's text and uses no inline style or script (CSP)", () => {
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toMatch(/ style=/);
    expect(html).toContain('class="max-w-full overflow-x-auto"');
  });
});
