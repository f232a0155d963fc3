import { describe, expect, it } from "vitest";
import {
  evaluateAudit,
  parseAuditReport,
  type TAllowEntry,
  ZAllowList,
} from "../../scripts/dependency-audit";

const advisory = (id: number, module: string, severity: string, ghsa = "GHSA-aaaa-bbbb-cccc") => ({
  id,
  github_advisory_id: ghsa,
  module_name: module,
  severity,
  title: `${module} is bad`,
  url: `https://github.com/advisories/${ghsa}`,
  patched_versions: ">=2.0.0",
  findings: [{ version: "1.0.0", paths: [`packages__api>${module}`] }],
});

const report = parseAuditReport({
  advisories: {
    "1": advisory(1, "crit-lib", "critical", "GHSA-2222-3333-4444"),
    "2": advisory(2, "high-lib", "high"),
    "3": advisory(3, "low-lib", "low"),
  },
});

const allow = (entry: Partial<TAllowEntry>): TAllowEntry => ({
  advisory: "GHSA-2222-3333-4444",
  package: "crit-lib",
  reason: "only reachable through a build tool, never at run time",
  until: "2027-01-31",
  ...entry,
});

describe("the dependency gate", () => {
  it("fails on a critical advisory, prints a high one, ignores lower ones", () => {
    const verdict = evaluateAudit(report, [], "2026-11-30");
    expect(verdict.failing).toEqual([expect.stringContaining("critical: crit-lib@1.0.0")]);
    expect(verdict.warnings).toEqual([expect.stringContaining("high: high-lib@1.0.0")]);
    expect(verdict.allowed).toEqual([]);
  });

  it("lets an allowed critical advisory through, by GHSA id or npm's number, saying why", () => {
    for (const id of ["GHSA-2222-3333-4444", "1"]) {
      const verdict = evaluateAudit(report, [allow({ advisory: id })], "2026-11-30");
      expect(verdict.failing).toEqual([]);
      expect(verdict.allowed).toEqual([expect.stringContaining("never at run time")]);
    }
  });

  it("fails again once the entry has expired, and for an entry naming another package", () => {
    const expired = evaluateAudit(report, [allow({ until: "2026-11-29" })], "2026-11-30");
    expect(expired.failing).toHaveLength(1);
    expect(expired.expired).toEqual([expect.stringContaining("allowed until 2026-11-29")]);
    expect(evaluateAudit(report, [allow({ package: "other" })], "2026-11-30").failing).toHaveLength(1);
  });

  it.each([
    ["no reason", { reason: "" }],
    ["a vague reason", { reason: "fine" }],
    ["no date", { until: "" }],
    ["a date that is not one", { until: "2026-13-45" }],
    ["an advisory id that is neither GHSA nor a number", { advisory: "CVE-2026-1234" }],
  ])("refuses an allow-list entry with %s", (_label, change) => {
    expect(ZAllowList.safeParse([allow(change)]).success).toBe(false);
  });
});
