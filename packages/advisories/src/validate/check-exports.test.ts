import { describe, expect, it } from "vitest";
import { csafDocument } from "../exports/csaf";
import { cveExports } from "../exports/cve";
import { osvRecords } from "../exports/osv";
import { CVE_ORG_ID, fixtures, goContent, npmContent } from "../test-support/fixtures";
import { checkExports } from "./check-exports";
import { runCsafMandatoryTests } from "./csaf-mandatory";
import {
  checkCveAffectedFor52,
  pointerToPath,
  validateCsafDocument,
  validateCveCnaContainer,
  validateCveRecord,
  validateCveRejectedContainer,
  validateOsvRecord,
} from "./schemas";

// biome-ignore lint/suspicious/noExplicitAny: tests break exports on purpose.
type Any = any;
const options = { orgId: CVE_ORG_ID };
const [npm, go, pypi] = fixtures;

describe("checkExports", () => {
  it.each(fixtures)("builds and validates every export of the $name advisory", async ({ content, meta }) => {
    const result = await checkExports(content, meta, options);
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.ok && result.exports.cve.length).toBe(
      content.vulnerabilities.filter((v) => v.cveId).length,
    );
  });

  it("refuses hostile input before building anything, naming the field", async () => {
    const content = structuredClone(npmContent) as Any;
    content.credits = [{ type: "finder" }];
    content.affected[0].ranges[0].events = [{ fixed: "1.0.0" }];
    content.vulnerabilities[0].cweId = "CWE-99999";
    delete content.description;
    const meta = { ...structuredClone(npm.meta), id: "nope" };
    const result = await checkExports(content, meta, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.exports).toBeUndefined();
    expect(result.problems.map((p) => `${p.source}:${p.path}`)).toEqual(
      expect.arrayContaining([
        "content:credits[0].name",
        "content:affected[0].ranges[0].events",
        "content:vulnerabilities[0].cweId",
        "content:description",
        "meta:id",
      ]),
    );
  });

  // Temporal, threat, environmental and supplemental metrics must map to properties that agree with the vector,
  // and the scores must agree with CSAF's own calculation (mandatory tests 6.1.9 and 6.1.10).
  it.each([
    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C",
    "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:C/C:L/I:N/A:N/CR:H/IR:L/MAV:N/MS:U/MC:H",
    "CVSS:3.0/S:U/AV:A/AC:L/PR:N/UI:N/C:N/I:N/A:L/E:U/RL:W/RC:R",
    "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N/E:A/U:Red",
    "CVSS:4.0/AV:L/AC:H/AT:P/PR:L/UI:A/VC:L/VI:L/VA:L/SC:L/SI:L/SA:L/CR:H/MSI:S/S:P/AU:Y/R:I/V:C/RE:H",
  ])("exports %s validly everywhere", async (vector) => {
    const content = structuredClone(goContent) as Any;
    content.vulnerabilities[0].cvssVector = vector;
    const result = await checkExports(content, go.meta, options);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
});

describe("the validators refuse broken exports, naming the field", () => {
  it("CVE container: a missing English description, a bad tag, an extra affected property", () => {
    const [first] = cveExports(npm.content, npm.meta, options);
    const container = structuredClone(first?.container) as Any;
    container.descriptions[0].lang = "fr";
    container.references[0].tags = ["cool"];
    container.affected[0].ecosystem = "npm";
    const result = validateCveCnaContainer(container);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toContain("descriptions");
    expect(paths).toContain("references[0].tags[0]");
    expect(checkCveAffectedFor52(container)).toEqual({
      ok: false,
      errors: [{ path: "affected[0].ecosystem", message: "is not allowed here (CVE JSON 5.2.0)" }],
    });
  });

  it("CVE container: a CVSS score out of its severity band", () => {
    const [first] = cveExports(npm.content, npm.meta, options);
    const container = structuredClone(first?.container) as Any;
    container.metrics[0].cvssV3_1.baseSeverity = "CRITICAL";
    expect(validateCveCnaContainer(container).ok).toBe(false);
  });

  it("CVE record: a record with a bad CVE id", () => {
    const [first] = cveExports(npm.content, npm.meta, options);
    const record = structuredClone(first?.record) as Any;
    record.cveMetadata.cveId = "CVE-26-1";
    const result = validateCveRecord(record);
    expect(result.ok).toBe(false);
  });

  it("CVE rejected container", () => {
    const rejected = {
      providerMetadata: { orgId: CVE_ORG_ID },
      rejectedReasons: [{ lang: "en", value: "Duplicate." }],
    };
    expect(validateCveRejectedContainer(rejected)).toEqual({ ok: true });
    expect(validateCveRejectedContainer({ providerMetadata: { orgId: CVE_ORG_ID } }).ok).toBe(false);
  });

  it("OSV: mixed fixed/last_affected, a short GIT commit, a GIT range without repo", () => {
    const record = structuredClone(osvRecords(npm.content, npm.meta).records[0]?.record) as Any;
    record.affected[0].ranges.push(
      { type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.0.0" }, { last_affected: "1.1.0" }] },
      { type: "GIT", repo: "https://github.com/e/r", events: [{ introduced: "0" }, { fixed: "abc123" }] },
      { type: "GIT", events: [{ introduced: "0" }] },
    );
    const result = validateOsvRecord(record);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    expect(paths).toContain("affected[0].ranges[1]");
    expect(paths).toContain("affected[0].ranges[2].events[1].fixed");
    expect(paths).toContain("affected[0].ranges[3].repo");
  });

  it("CSAF: the schema refuses a TLP label 2.0 does not know", () => {
    const doc = structuredClone(csafDocument(npm.content, npm.meta)) as Any;
    doc.document.distribution.tlp.label = "CLEAR";
    const result = validateCsafDocument(doc);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toContain("document.distribution.tlp.label");
  });

  it("CSAF: the mandatory tests catch a wrong score, an undefined product and a wrong CWE name", async () => {
    const doc = structuredClone(csafDocument(pypi.content, pypi.meta)) as Any;
    doc.vulnerabilities[0].scores[0].cvss_v3.baseScore = 9.9;
    doc.vulnerabilities[0].product_status.fixed.push("CSAFPID-9999");
    doc.vulnerabilities[1].cwe.name = "Something else";
    expect(validateCsafDocument(doc).ok).toBe(true);
    const result = await runCsafMandatoryTests(doc);
    expect(result.ok).toBe(false);
    const found = result.ok ? [] : result.errors;
    expect(found.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        "vulnerabilities[0].scores[0].cvss_v3.baseScore",
        "vulnerabilities[0].product_status.fixed[3]",
        "vulnerabilities[1].cwe.name",
      ]),
    );
    expect(found.find((e) => e.path === "vulnerabilities[1].cwe.name")?.message).toMatch(
      /CSAF test 6\.1\.11/,
    );
  });

  it("turns JSON pointers into field paths", () => {
    expect(pointerToPath("/affected/0/versions/1")).toBe("affected[0].versions[1]");
    expect(pointerToPath("")).toBe("");
    expect(pointerToPath("/a~1b/c~0d")).toBe("a/b.c~d");
  });
});
