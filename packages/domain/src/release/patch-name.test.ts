import "../validation/zod-messages";
import { describe, expect, it } from "vitest";
import {
  bareReleaseVersion,
  caseShortRef,
  isReleaseVersion,
  parsePatchFileName,
  patchFileName,
  renamePatchForCve,
  ZCaseRef,
  ZReleaseVersion,
} from "./patch-name";

describe("release versions", () => {
  it.each([
    ["1.11.2", true],
    ["v1.11.2", true],
    ["v2.0.0-rc.1", true],
    ["0.0.1", true],
    ["1.2.3-alpha-2.beta.10", true],
    ["1.11", false],
    ["1.11.2.3", false],
    ["01.2.3", false],
    ["V1.2.3", false],
    ["vv1.2.3", false],
    ["1.2.3-", false],
    ["1.2.3-rc..1", false],
    ["1.2.3+build.5", false],
    ["1.2.3/../../etc", false],
    ["../1.2.3", false],
    ["1.2.3\\x", false],
    ["1.2.3\u0000", false],
    ["1.2.3\n", false],
    [" 1.2.3", false],
    ["1.2.3 ", false],
    ["１.２.３", false],
    ["", false],
    [`1.2.3-${"a".repeat(70)}`, false],
    ["1.2.3-a.b.c.d.e.f", false],
  ])("%j → %s", (version, ok) => {
    expect(isReleaseVersion(version)).toBe(ok);
    expect(ZReleaseVersion.safeParse(version).success).toBe(ok);
  });
  it("non-strings are not versions", () => {
    expect(isReleaseVersion(1.2)).toBe(false);
  });
  it("the message says what a version looks like", () => {
    expect(ZReleaseVersion.safeParse("x").error?.issues[0]?.message).toBe(
      "Enter a release version like 1.11.2 or v2.0.0-rc.1.",
    );
  });
  it("v1.2.3 and 1.2.3 are the same release", () => {
    expect(bareReleaseVersion("v1.2.3")).toBe("1.2.3");
    expect(bareReleaseVersion("1.2.3")).toBe("1.2.3");
  });
});

describe("patch names: <CVE or case id>_v<release>.patch", () => {
  it.each([
    [
      { cveId: "CVE-2026-1234", caseRef: "case-1a2b3c4d", releaseVersion: "1.11.2" },
      "CVE-2026-1234_v1.11.2.patch",
    ],
    [
      { cveId: "CVE-2026-1234", caseRef: "case-1a2b3c4d", releaseVersion: "v1.11.2" },
      "CVE-2026-1234_v1.11.2.patch",
    ],
    [
      { cveId: null, caseRef: "case-1a2b3c4d", releaseVersion: "v2.0.0-rc.1" },
      "case-1a2b3c4d_v2.0.0-rc.1.patch",
    ],
  ])("%j → %s", (input, name) => {
    expect(patchFileName(input)).toEqual({ ok: true, name });
  });
  it.each([
    ["bad CVE", { cveId: "CVE-2026-12/../x", caseRef: "c", releaseVersion: "1.0.0" }, "CVE ID"],
    ["case ref with a slash", { cveId: null, caseRef: "../etc", releaseVersion: "1.0.0" }, "case reference"],
    ["case ref with dots", { cveId: null, caseRef: "..", releaseVersion: "1.0.0" }, "case reference"],
    ["case ref with a NUL", { cveId: null, caseRef: "a\u0000b", releaseVersion: "1.0.0" }, "case reference"],
    [
      "case ref with a backslash",
      { cveId: null, caseRef: "a\\b", releaseVersion: "1.0.0" },
      "case reference",
    ],
    ["empty case ref", { cveId: null, caseRef: "", releaseVersion: "1.0.0" }, "case reference"],
    ["trailing hyphen", { cveId: null, caseRef: "case-", releaseVersion: "1.0.0" }, "case reference"],
    [
      "version with a path",
      { cveId: null, caseRef: "c1", releaseVersion: "1.0.0/../../x" },
      "release version",
    ],
  ])("%s is refused", (_name, input, message) => {
    const result = patchFileName(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(message);
  });
  it("the case ref is not checked once a CVE names the file", () => {
    expect(patchFileName({ cveId: "CVE-2026-1234", caseRef: "", releaseVersion: "1.0.0" }).ok).toBe(true);
  });
  it("round-trips through parsePatchFileName", () => {
    expect(parsePatchFileName("CVE-2026-1234_v1.11.2.patch")).toEqual({
      id: "CVE-2026-1234",
      idKind: "cve",
      releaseVersion: "1.11.2",
    });
    expect(parsePatchFileName("case-1a2b3c4d_v2.0.0-rc.1.patch")).toEqual({
      id: "case-1a2b3c4d",
      idKind: "case",
      releaseVersion: "2.0.0-rc.1",
    });
  });
  it.each([
    "CVE-2026-1234_v1.11.2.diff",
    "CVE-2026-1234_1.11.2.patch",
    "_v1.11.2.patch",
    "CVE-2026-1234_vv1.11.2.patch",
    "../CVE-2026-1234_v1.11.2.patch",
    "x/CVE-2026-1234_v1.11.2.patch",
    "CVE-2026-1234_v1.11.2.patch\u0000.exe",
    "CVE-2026-1234_v../../1.patch",
    "a b_v1.0.0.patch",
    ".patch",
    42 as unknown as string,
  ])("%j is not a patch name", (name) => {
    expect(parsePatchFileName(name)).toBeNull();
  });
  it("renames when the CVE arrives, keeping the version", () => {
    expect(renamePatchForCve("case-1a2b3c4d_v1.11.2.patch", "CVE-2026-4242")).toEqual({
      ok: true,
      name: "CVE-2026-4242_v1.11.2.patch",
    });
    expect(renamePatchForCve("evil/../x.patch", "CVE-2026-4242")).toEqual({
      ok: false,
      reason: "This is not a patch name Disclose made.",
    });
    expect(renamePatchForCve("case-1_v1.0.0.patch", "CVE-bad").ok).toBe(false);
  });
});

describe("case short references", () => {
  it("is case- and the UUID's first 8 hex digits", () => {
    expect(caseShortRef("1A2B3C4D-0000-4000-8000-000000000000")).toBe("case-1a2b3c4d");
    expect(ZCaseRef.safeParse(caseShortRef("1a2b3c4d-0000-4000-8000-000000000000")).success).toBe(true);
  });
  it.each(["", "not-a-uuid", "../../etc/passwd", "1a2b3c4d-0000-4000-8000-00000000000g"])(
    "refuses %j",
    (id) => {
      expect(() => caseShortRef(id)).toThrow(RangeError);
    },
  );
  it("a full UUID is a valid case reference too", () => {
    expect(ZCaseRef.safeParse("1a2b3c4d-0000-4000-8000-000000000000").success).toBe(true);
  });
});
