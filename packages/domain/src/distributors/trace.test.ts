import { describe, expect, it } from "vitest";
import { markedFileName, markPatch } from "./disclosure";
import { findMarkInFileName, findMarkInText, findMarksInText, isMarkCode, TRACE_TRAILER } from "./trace";

const MARK = "ABCDEFGH2345";

describe("finding a copy's mark", () => {
  it("reads the trailer line of a patch", () => {
    const patch = `From 1234 Mon Sep 17 00:00:00 2001\nSubject: fix\n\n${TRACE_TRAILER}: ${MARK}\n---\n diff\n`;
    expect(findMarkInText(patch)).toBe(MARK);
  });
  it("reads it with CRLF line ends and trailing spaces", () => {
    expect(findMarkInText(`x\r\n${TRACE_TRAILER}: ${MARK}  \r\ny`)).toBe(MARK);
  });
  it("finds nothing in a stripped copy, a malformed mark or a mark not on its own line", () => {
    expect(findMarkInText("diff --git a/x b/x\n")).toBeNull();
    expect(findMarkInText(`${TRACE_TRAILER}: abcdefgh2345\n`)).toBeNull();
    expect(findMarkInText(`${TRACE_TRAILER}: ABCDEFGH234\n`)).toBeNull();
    expect(findMarkInText(`${TRACE_TRAILER}: ABCDEFGH23451\n`)).toBeNull();
    expect(findMarkInText(`${TRACE_TRAILER}: ABCDEFGH0189\n`)).toBeNull();
    expect(findMarkInText(`quoted ${TRACE_TRAILER}: ${MARK}\n`)).toBeNull();
  });
  it("refuses to name one mark when a file mixes two copies", () => {
    const text = `${TRACE_TRAILER}: ${MARK}\n${TRACE_TRAILER}: ZZZZZZZZZZZZ\n`;
    expect(findMarksInText(text)).toEqual([MARK, "ZZZZZZZZZZZZ"]);
    expect(findMarkInText(text)).toBeNull();
    expect(findMarkInText(`${TRACE_TRAILER}: ${MARK}\n${TRACE_TRAILER}: ${MARK}\n`)).toBe(MARK);
  });
  it("reads the mark in a file name", () => {
    expect(findMarkInFileName(`0001-fix-overflow.${MARK}.patch`)).toBe(MARK);
    expect(findMarkInFileName(`C:\\Downloads\\${MARK}-fix.patch`)).toBe(MARK);
    expect(findMarkInFileName(`${MARK}`)).toBe(MARK);
  });
  it("finds no mark in ordinary file names", () => {
    expect(findMarkInFileName("0001-fix-overflow.patch")).toBeNull();
    expect(findMarkInFileName("CVE2026ABCDEFGH2345X.patch")).toBeNull();
    expect(findMarkInFileName("abcdefgh2345.patch")).toBeNull();
    expect(findMarkInFileName(`${MARK}-ZZZZZZZZZZZZ.patch`)).toBeNull();
  });
  it("tells a mark from anything else", () => {
    expect(isMarkCode(MARK)).toBe(true);
    expect(isMarkCode("ABCDEFGH234")).toBe(false);
    expect(isMarkCode("' OR 1=1 --")).toBe(false);
  });
  it("reads back what the marking side writes", () => {
    const patch = "From 1234 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] fix\n\n---\n a | 1 +\n-- \n2.43.0\n";
    expect(findMarkInText(markPatch(patch, MARK))).toBe(MARK);
    expect(findMarkInText(markPatch(patch.replaceAll("\n", "\r\n"), MARK))).toBe(MARK);
    expect(findMarkInFileName(markedFileName("0001-fix-overflow.patch", MARK))).toBe(MARK);
  });
});
