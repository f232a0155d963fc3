import { describe, expect, it } from "vitest";
import { actorRef } from "../roles/actor";
import { CVSS_METRICS, cvssMetricDefinitions } from "./metrics";
import { cvssSeverity } from "./severity";

describe("metric definitions for the calculator UI", () => {
  it("3.x has 8 base, 3 temporal and 11 environmental metrics", () => {
    const defs = cvssMetricDefinitions("3.1");
    expect(defs.filter((d) => d.group === "base").map((d) => d.key)).toEqual([
      "AV",
      "AC",
      "PR",
      "UI",
      "S",
      "C",
      "I",
      "A",
    ]);
    expect(defs.filter((d) => d.group === "temporal").map((d) => d.key)).toEqual(["E", "RL", "RC"]);
    expect(defs.filter((d) => d.group === "environmental")).toHaveLength(11);
    expect(CVSS_METRICS["3.0"]).toBe(CVSS_METRICS["3.1"]);
  });
  it("4.0 follows Table 23 (11 base, E, 14 environmental, 6 supplemental)", () => {
    const keys = cvssMetricDefinitions("4.0").map((d) => d.key);
    expect(keys.join("/")).toBe(
      "AV/AC/AT/PR/UI/VC/VI/VA/SC/SI/SA/E/CR/IR/AR/MAV/MAC/MAT/MPR/MUI/MVC/MVI/MVA/MSC/MSI/MSA/S/AU/R/V/RE/U",
    );
    const msi = cvssMetricDefinitions("4.0").find((d) => d.key === "MSI");
    expect(msi?.values.map((v) => v.value)).toEqual(["X", "H", "L", "N", "S"]);
  });
  it("every metric and value has a name and a description; only base metrics are mandatory", () => {
    for (const version of ["3.0", "3.1", "4.0"] as const) {
      for (const def of cvssMetricDefinitions(version)) {
        expect(def.name.length * def.description.length).toBeGreaterThan(0);
        expect(def.mandatory).toBe(def.group === "base");
        expect(def.values.some((v) => v.value === "X")).toBe(!def.mandatory);
        for (const v of def.values) expect(v.name.length * v.description.length).toBeGreaterThan(0);
      }
    }
  });
});

describe("qualitative severity", () => {
  it.each([
    [0, "None"],
    [0.1, "Low"],
    [3.9, "Low"],
    [4.0, "Medium"],
    [6.9, "Medium"],
    [7.0, "High"],
    [8.9, "High"],
    [9.0, "Critical"],
    [10, "Critical"],
  ] as const)("%s → %s", (score, severity) => {
    expect(cvssSeverity(score)).toBe(severity);
  });
  it.each([-0.1, 10.1, Number.NaN])("refuses %s", (score) => {
    expect(() => cvssSeverity(score)).toThrow(RangeError);
  });
});

describe("actorRef", () => {
  it("identifies actors without secrets", () => {
    expect(actorRef({ kind: "staff", userId: "u1", roles: [] })).toBe("staff:u1");
    expect(actorRef({ kind: "distributor", userId: "u2", organizationId: "o", membership: "active" })).toBe(
      "distributor:u2",
    );
    expect(actorRef({ kind: "reporter", caseId: "c1" })).toBe("reporter:c1");
    expect(actorRef({ kind: "anonymous" })).toBe("anonymous");
  });
});
