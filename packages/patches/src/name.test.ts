import { describe, expect, it } from "vitest";
import { patchFileName } from "./name";

describe("patchFileName", () => {
  it.each([
    [{ caseId: "case-42", release: "1.4.2" }, "case-42_v1.4.2.patch"],
    [{ cveId: "CVE-2026-12345", caseId: "case-42", release: "1.4.2" }, "CVE-2026-12345_v1.4.2.patch"],
    [{ cveId: "cve-2026-12345", caseId: "case-42", release: "v1.4.2" }, "CVE-2026-12345_v1.4.2.patch"],
    [{ cveId: "not a cve", caseId: "case-42", release: "2.0" }, "case-42_v2.0.patch"],
    [{ cveId: null, caseId: "../../etc/passwd", release: "1.0; rm -rf" }, "etc-passwd_v1.0-rm--rf.patch"],
    [{ caseId: "", release: "" }, "case_vunknown.patch"],
  ])("%o → %s", (input, expected) => {
    expect(patchFileName(input)).toBe(expected);
  });
});
