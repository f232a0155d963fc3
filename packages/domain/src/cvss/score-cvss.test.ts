import { describe, expect, it } from "vitest";
import { CvssError } from "./cvss-error";
import { cvssNomenclature, isRemotelyExploitableVector, isValidCvssVector, scoreCvss } from "./score-cvss";
import { CVSS30_EXAMPLES, CVSS31_EXAMPLES, CVSS40_EXAMPLES, CVSS40_INVALID_EXAMPLES } from "./spec-examples";

describe("scoreCvss against FIRST's published examples", () => {
  it.each(CVSS30_EXAMPLES)("CVSS 3.0 $id → $score", ({ vector, score }) => {
    const result = scoreCvss(vector);
    expect(result.version).toBe("3.0");
    expect(result.baseScore).toBe(score);
    expect(result.score).toBe(score);
  });
  it.each(CVSS31_EXAMPLES)("CVSS 3.1 $id → $score", ({ vector, score }) => {
    const result = scoreCvss(vector);
    expect(result.version).toBe("3.1");
    expect(result.baseScore).toBe(score);
    expect(result.score).toBe(score);
  });
  it.each(CVSS40_EXAMPLES)("CVSS 4.0 $id → $score", ({ vector, score }) => {
    const result = scoreCvss(vector);
    expect(result.version).toBe("4.0");
    expect(result.score).toBe(score);
    expect(result.temporalScore).toBeNull();
    expect(result.environmentalScore).toBeNull();
  });
  it.each(CVSS40_INVALID_EXAMPLES)(
    "CVSS 4.0 invalid reference vector $vector names $metric",
    ({ vector, metric }) => {
      expect(() => scoreCvss(vector)).toThrow(expect.objectContaining({ name: "CvssError", metric }));
    },
  );
  it("counts the examples (reported in the package README)", () => {
    expect([
      CVSS30_EXAMPLES.length,
      CVSS31_EXAMPLES.length,
      CVSS40_EXAMPLES.length,
      CVSS40_INVALID_EXAMPLES.length,
    ]).toEqual([21, 30, 54, 15]);
  });
});

describe("scoreCvss result shape", () => {
  it("3.1 base only: all three scores, score is the base", () => {
    expect(scoreCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).toEqual({
      version: "3.1",
      vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
      baseScore: 9.8,
      temporalScore: 9.8,
      environmentalScore: 9.8,
      score: 9.8,
      severity: "Critical",
    });
  });
  it("3.1 temporal: score is the temporal score", () => {
    const r = scoreCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:P/RL:O/RC:C");
    expect([r.baseScore, r.temporalScore, r.score, r.severity]).toEqual([10, 9.0, 9.0, "Critical"]);
  });
  it("3.1 environmental: score is the environmental score", () => {
    const r = scoreCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:P/RL:O/RC:C/CR:H/MAV:L");
    expect([r.baseScore, r.temporalScore, r.environmentalScore, r.score]).toEqual([10, 9.0, 8.4, 8.4]);
  });
  it("explicit Not Defined values do not make a group 'defined'", () => {
    const r = scoreCvss("CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N/E:X/CR:X");
    expect(r.score).toBe(r.baseScore);
    expect(r.temporalScore).toBe(6.4);
  });
  it("4.0: base score of the base metrics alone, score of the whole vector", () => {
    const r = scoreCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U");
    expect(r).toMatchObject({
      baseScore: 9.3,
      temporalScore: null,
      environmentalScore: null,
      severity: r.severity,
    });
    expect(r.score).toBeLessThan(9.3);
  });
  it("4.0 spec §7 sample vectors are valid", () => {
    for (const vector of [
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N/E:A",
      "CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:P",
      "CVSS:4.0/AV:L/AC:H/AT:N/PR:N/UI:A/VC:N/VI:N/VA:L/SC:H/SI:H/SA:H/CR:H/IR:H/AR:M/MAV:N/MAC:L/MAT:P/MPR:L/MUI:A/MVC:N/MVI:H/MVA:L/MSC:L/MSI:S/MSA:H",
      "CVSS:4.0/AV:P/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:A/S:P/AU:Y/R:A/V:D/RE:L/U:Red",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N/E:U/CR:L/IR:X/AR:L/MAV:A/MAC:H/MAT:N/MPR:N/MUI:P/MVC:X/MVI:N/MVA:H/MSC:N/MSI:L/MSA:S/S:N/AU:N/R:I/V:C/RE:H/U:Green",
    ]) {
      expect(isValidCvssVector(vector)).toBe(true);
      expect(() => scoreCvss(vector)).not.toThrow();
    }
  });
  it("nomenclature names the groups used (4.0 only)", () => {
    const b = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
    expect(cvssNomenclature(b)).toBe("CVSS-B");
    expect(cvssNomenclature(`${b}/E:X`)).toBe("CVSS-B");
    expect(cvssNomenclature(`${b}/E:A`)).toBe("CVSS-BT");
    expect(cvssNomenclature(`${b}/CR:H`)).toBe("CVSS-BE");
    expect(cvssNomenclature(`${b}/E:P/MAV:L`)).toBe("CVSS-BTE");
    expect(cvssNomenclature(`${b}/S:P`)).toBe("CVSS-B");
    expect(() => cvssNomenclature("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).toThrow(CvssError);
  });
});

const V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
const V40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";

/** Hostile and invalid vectors, each with the metric the error must name. */
const HOSTILE: readonly [string, unknown, string, string][] = [
  ["empty string", "", "prefix", "CVSS"],
  ["not a string", 42, "not-a-string", "CVSS"],
  ["null", null, "not-a-string", "CVSS"],
  ["CVSS v2 vector (no prefix)", "AV:N/AC:L/Au:N/C:P/I:P/A:P", "prefix", "CVSS"],
  ["4.0 spec: prefix missing", "AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", "prefix", "CVSS"],
  ["unknown version", "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "prefix", "CVSS"],
  ["version 2.0 prefix", "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "prefix", "CVSS"],
  ["lower-case prefix", "cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "prefix", "CVSS"],
  ["leading space", ` ${V31}`, "prefix", "CVSS"],
  ["prefix without slash", "CVSS:3.1", "prefix", "CVSS"],
  ["prefix only", "CVSS:3.1/", "syntax", "(empty)"],
  ["trailing slash", `${V31}/`, "syntax", "(empty)"],
  ["double slash", "CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "syntax", "(empty)"],
  ["missing colon", "CVSS:3.1/AVN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "syntax", "AVN"],
  ["two colons", "CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "syntax", "AV"],
  ["empty name", "CVSS:3.1/:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "syntax", ":N"],
  ["empty value", "CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown-value", "AV"],
  ["unknown value", "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown-value", "AV"],
  ["lower-case value", "CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown-value", "AV"],
  ["X for a mandatory base metric", "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown-value", "AV"],
  ["trailing whitespace in value", `${V31} `, "unknown-value", "A"],
  ["unknown metric", `${V31}/XX:Y`, "unknown-metric", "XX"],
  ["lower-case metric", "CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown-metric", "av"],
  ["4.0 metric in a 3.1 vector", `${V31}/AT:N`, "unknown-metric", "AT"],
  ["3.1 metric in a 4.0 vector", `${V40}/RL:O`, "unknown-metric", "RL"],
  ["prototype key", `${V31}/__proto__:X`, "unknown-metric", "__proto__"],
  ["constructor key", `${V31}/constructor:X`, "unknown-metric", "constructor"],
  ["duplicate base metric", "CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "duplicate-metric", "AV"],
  ["duplicate with same value", `${V31}/A:H`, "duplicate-metric", "A"],
  [
    "4.0 spec: E defined twice",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:A/E:X",
    "duplicate-metric",
    "E",
  ],
  ["missing base metric (3.1)", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "missing-metric", "A"],
  ["missing scope (3.0)", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H", "missing-metric", "S"],
  [
    "4.0 spec: VA missing",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/SC:N/SI:N/SA:N",
    "missing-metric",
    "VA",
  ],
  [
    "4.0 spec: F not a value of AV",
    "CVSS:4.0/AV:F/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N",
    "unknown-value",
    "AV",
  ],
  [
    "4.0 spec: ui not a metric",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/ui:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N",
    "unknown-metric",
    "ui",
  ],
  [
    "4.0 spec: fixed order not respected",
    "CVSS:4.0/AC:L/AV:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N/CR:L/IR:X/AR:L/RE:H/MAV:A/MAC:H/MAT:N/MPR:N/MUI:P/AT:N/MVC:X/MVI:N/MVA:H/MSC:N/MSI:L/MSA:S/E:U/S:N/AU:N/R:I/V:C/U:Green",
    "order",
    "AV",
  ],
  [
    "4.0 impact order VC SC VI",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/SC:N/VI:H/SI:N/VA:H/SA:N",
    "order",
    "VI",
  ],
  ["4.0 threat after environmental", `${V40}/CR:H/E:A`, "order", "E"],
  ["4.0 supplemental before environmental", `${V40}/S:P/MAV:N`, "order", "MAV"],
  ["4.0 S value invalid in MSC", `${V40}/MSC:S`, "unknown-value", "MSC"],
  ["4.0 provider urgency lower case", `${V40}/U:red`, "unknown-value", "U"],
  [
    "4.0 X on a base metric",
    "CVSS:4.0/AV:X/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    "unknown-value",
    "AV",
  ],
  ["very long vector", `${V31}/${"E:X/".repeat(200)}`, "too-long", "CVSS"],
  ["unicode look-alike colon", "CVSS:3.1/AV\uFF1AN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "syntax", "AV\uFF1AN"],
  ["newline injection", `${V31}\n/E:H`, "unknown-value", "A"],
];

describe("strict validation against hostile vectors", () => {
  it.each(HOSTILE)("%s", (_label, vector, code, metric) => {
    let error: unknown;
    try {
      scoreCvss(vector as string);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CvssError);
    expect(error).toMatchObject({ code, metric, name: "CvssError" });
    expect((error as Error).message.length).toBeGreaterThan(10);
    expect(isValidCvssVector(vector)).toBe(false);
  });
  it("3.x accepts any metric order (3.1 §6), 4.0 does not (4.0 §7)", () => {
    expect(scoreCvss("CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N").score).toBe(9.8);
    expect(scoreCvss("CVSS:3.0/E:F/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").temporalScore).toBe(9.6);
  });
});

describe("isRemotelyExploitableVector", () => {
  it("is true for Attack Vector Network in every version", () => {
    expect(isRemotelyExploitableVector(V31)).toBe(true);
    expect(isRemotelyExploitableVector(V40)).toBe(true);
    expect(isRemotelyExploitableVector("CVSS:3.0/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).toBe(false);
    expect(() => isRemotelyExploitableVector("CVSS:3.1/AV:N")).toThrow(CvssError);
  });
});
