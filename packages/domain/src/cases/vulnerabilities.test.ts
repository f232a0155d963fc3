import "../validation/zod-messages";
import { describe, expect, it } from "vitest";
import { CvssError } from "../cvss/cvss-error";
import {
  caseCvssScore,
  isCveId,
  isCweId,
  type TVulnerability,
  vulnerabilityListProblems,
  ZCveId,
  ZCweId,
  ZVulnerability,
} from "./vulnerabilities";

const CRITICAL = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"; // 9.8
const LOW = "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N"; // 1.8
const V4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"; // 9.3

const vuln = (
  id: string,
  cvssVector: string | null,
  extra: Partial<TVulnerability> = {},
): TVulnerability => ({
  id,
  cveId: null,
  cweId: null,
  cvssVector,
  ...extra,
});

describe("CVE and CWE ids", () => {
  it.each([
    ["CVE-2026-1234", true],
    ["CVE-1999-0001", true],
    ["CVE-2026-1234567", true],
    ["CVE-2026-123", false],
    ["cve-2026-1234", false],
    ["CVE-1998-1234", false],
    ["CVE-26-1234", false],
    [" CVE-2026-1234", false],
    ["CVE-2026-1234\n", false],
    ["CVE-2026-1234/../x", false],
    ["CVE-2026-１２３４", false],
    ["CVE-2026-12345678901234567890", false],
    ["", false],
  ])("CVE %j → %s", (id, ok) => {
    expect(isCveId(id)).toBe(ok);
    expect(ZCveId.safeParse(id).success).toBe(ok);
  });
  it.each([
    ["CWE-79", true],
    ["CWE-1333", true],
    ["CWE-079", false],
    ["CWE-0", false],
    ["cwe-79", false],
    ["CWE79", false],
    ["CWE-79 ", false],
    ["CWE-1234567", false],
    ["79", false],
  ])("CWE %j → %s", (id, ok) => {
    expect(isCweId(id)).toBe(ok);
    expect(ZCweId.safeParse(id).success).toBe(ok);
  });
  it("non-strings are not ids", () => {
    expect(isCveId(2026)).toBe(false);
    expect(isCweId(null)).toBe(false);
  });
  it("the message says what an id looks like", () => {
    expect(ZCveId.safeParse("x").error?.issues[0]?.message).toBe("Enter a CVE ID like CVE-2026-12345.");
    expect(ZCweId.safeParse("x").error?.issues[0]?.message).toBe("Enter a CWE ID like CWE-79.");
  });
});

describe("a vulnerability", () => {
  it("accepts a full record and an unscored one", () => {
    expect(
      ZVulnerability.safeParse(vuln("v1", CRITICAL, { cveId: "CVE-2026-1234", cweId: "CWE-79" })).success,
    ).toBe(true);
    expect(ZVulnerability.safeParse(vuln("v1", null)).success).toBe(true);
  });
  it("refuses an invalid vector naming the metric", () => {
    const result = ZVulnerability.safeParse(vuln("v1", "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("AV");
  });
});

describe("the case's score is the highest final score", () => {
  it.each([
    ["no vulnerability", [], null],
    ["none scored", [vuln("a", null), vuln("b", null)], null],
    [
      "one scored, one not",
      [vuln("a", null), vuln("b", LOW)],
      { score: 1.8, vulnerabilityId: "b", severity: "Low" },
    ],
    [
      "highest wins",
      [vuln("a", LOW), vuln("b", CRITICAL)],
      { score: 9.8, vulnerabilityId: "b", severity: "Critical" },
    ],
    [
      "mixed versions",
      [vuln("a", V4), vuln("b", LOW)],
      { score: 9.3, vulnerabilityId: "a", severity: "Critical" },
    ],
    ["tie: first listed", [vuln("a", CRITICAL), vuln("b", CRITICAL)], { score: 9.8, vulnerabilityId: "a" }],
  ] as const)("%s", (_name, list, expected) => {
    const result = caseCvssScore(list as unknown as TVulnerability[]);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatchObject(expected);
  });
  it("lists every scored vulnerability's score", () => {
    const result = caseCvssScore([vuln("a", LOW), vuln("b", null), vuln("c", CRITICAL)]);
    expect(result?.scores.map((s) => [s.vulnerabilityId, s.score.score])).toEqual([
      ["a", 1.8],
      ["c", 9.8],
    ]);
    expect(result?.vector).toBe(CRITICAL);
  });
  it("an invalid stored vector throws instead of lowering the score", () => {
    expect(() => caseCvssScore([vuln("a", LOW), vuln("b", "CVSS:3.1/AV:N")])).toThrow(CvssError);
  });
});

describe("the vulnerability list", () => {
  it.each([
    ["fine", [vuln("a", null, { cveId: "CVE-2026-1111" }), vuln("b", null)], []],
    ["empty", [], ["A case has at least one vulnerability."]],
    [
      "shared CVE",
      [vuln("a", null, { cveId: "CVE-2026-1111" }), vuln("b", null, { cveId: "CVE-2026-1111" })],
      ["CVE-2026-1111 is given to more than one vulnerability."],
    ],
    ["duplicate id", [vuln("a", null), vuln("a", null)], ["Vulnerability a is listed twice."]],
  ] as const)("%s", (_name, list, problems) => {
    expect(vulnerabilityListProblems(list as unknown as TVulnerability[])).toEqual(problems);
  });
});
