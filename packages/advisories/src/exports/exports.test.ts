import { describe, expect, it } from "vitest";
import { ZAdvisoryContent } from "../model";
import { CVE_ORG_ID, fixtures, npmContent } from "../test-support/fixtures";
import { checkExports } from "../validate/check-exports";
import { runCsafMandatoryTests } from "../validate/csaf-mandatory";
import {
  checkCveAffectedFor52,
  validateCsafDocument,
  validateCveCnaContainer,
  validateCveRecord,
  validateCveRejectedContainer,
  validateOsvRecord,
} from "../validate/schemas";
import { csafDocument } from "./csaf";
import { cveExports, cveRejectedContainer } from "./cve";
import { osvRecords } from "./osv";

const options = { orgId: CVE_ORG_ID, shortName: "example" };

describe.each(fixtures)("$name advisory", ({ content, meta }) => {
  const cves = cveExports(content, meta, options);
  const osv = osvRecords(content, meta);
  const csaf = csafDocument(content, meta, { generatorVersion: "0.0.0" });

  it("has a CVE container and record per vulnerability with a CVE ID, valid under CVE JSON 5.1.1", () => {
    expect(cves.map((c) => c.cveId)).toEqual(
      content.vulnerabilities.flatMap((v) => (v.cveId ? [v.cveId] : [])),
    );
    for (const c of cves) {
      expect(validateCveCnaContainer(c.container)).toEqual({ ok: true });
      expect(validateCveRecord(c.record)).toEqual({ ok: true });
      expect(checkCveAffectedFor52(c.container)).toEqual({ ok: true });
      expect(c.container.providerMetadata.orgId).toBe(CVE_ORG_ID);
      expect(c.container.descriptions[0].lang).toBe("en");
    }
  });

  it("has an OSV 1.7.5 record per package, each valid", () => {
    expect(osv.records.length + osv.skipped.length).toBe(content.affected.length);
    for (const r of osv.records) {
      expect(validateOsvRecord(r.record)).toEqual({ ok: true });
      expect(r.record.schema_version).toBe("1.7.5");
    }
    expect(new Set(osv.records.map((r) => r.id)).size).toBe(osv.records.length);
  });

  it("has a CSAF 2.0 security advisory valid under the schema and the mandatory tests", async () => {
    expect(validateCsafDocument(csaf)).toEqual({ ok: true });
    expect(await runCsafMandatoryTests(csaf)).toEqual({ ok: true });
    expect(csaf.document.category).toBe("csaf_security_advisory");
    expect(csaf.vulnerabilities).toHaveLength(content.vulnerabilities.length);
  });
});

describe("export details", () => {
  const [npm, go, pypi, c] = fixtures;

  it("CVE: SemVer ranges become affected versions with lessThan, patched ones unaffected", () => {
    const [only] = cveExports(npm.content, npm.meta, options);
    expect(only?.container.affected).toEqual([
      {
        collectionURL: "https://registry.npmjs.org",
        packageName: "example-template",
        versions: [
          { version: "0", status: "affected", versionType: "semver", lessThan: "2.4.1" },
          { version: "3.0.0", status: "affected", versionType: "semver", lessThan: "3.1.2" },
          { version: "2.4.1", status: "unaffected" },
          { version: "3.1.2", status: "unaffected" },
        ],
        defaultStatus: "unaffected",
      },
    ]);
    expect(only?.container.metrics[0].cvssV3_1).toMatchObject({
      version: "3.1",
      baseScore: 6.1,
      baseSeverity: "MEDIUM",
      attackVector: "NETWORK",
      scope: "CHANGED",
    });
    expect(only?.container.problemTypes[0].descriptions[0].cweId).toBe("CWE-79");
    expect(only?.container.credits).toEqual([
      { lang: "en", value: "Ada Reporter", type: "finder" },
      { lang: "en", value: "Grace Maintainer", type: "remediation developer" },
    ]);
    expect(only?.container.references).toContainEqual({
      url: "https://github.com/example/example-template/pull/812",
      tags: ["patch"],
    });
    expect(only?.container.descriptions[0].supportingMedia[0].type).toBe("text/markdown");
  });

  it("CVE: CVSS 4.0 goes in cvssV4_0", () => {
    const [only] = cveExports(go.content, go.meta, options);
    expect(only?.container.metrics[0].cvssV4_0).toMatchObject({
      version: "4.0",
      baseScore: 8.7,
      baseSeverity: "HIGH",
    });
  });

  it("CVE: a vulnerability lists only the entries it affects; a product uses vendor/product and git versions", () => {
    const [first, second] = cveExports(pypi.content, pypi.meta, options);
    expect(first?.container.affected).toHaveLength(2);
    expect(second?.container.affected).toHaveLength(1);
    const [cItem] = cveExports(c.content, c.meta, options);
    expect(cItem?.container.affected[0]).toMatchObject({
      vendor: "Example Project",
      product: "libexample",
      repo: "https://github.com/example/libexample",
    });
    expect(cItem?.container.affected[0].versions[0]).toEqual({
      version: "9fceb02d0ae598e95dc970b74767f19372d61af8",
      status: "affected",
      versionType: "git",
      lessThan: "b7e23ec29af22b0b4e41da31e868d57226121c84",
    });
  });

  it("OSV: aliases, severity by CVSS family, credits, withdrawn", () => {
    const { records } = osvRecords(pypi.content, pypi.meta);
    expect(records.map((r) => r.id)).toEqual(["x_DISCLOSE-2026-0003-1", "x_DISCLOSE-2026-0003-2"]);
    const [parser, cli] = records;
    expect(parser?.record.aliases).toEqual(["CVE-2026-10003", "CVE-2026-10004"]);
    expect(cli?.record.aliases).toEqual(["CVE-2026-10003"]);
    expect(parser?.record.severity.map((s: { type: string }) => s.type)).toEqual(["CVSS_V3", "CVSS_V4"]);
    expect(parser?.record.withdrawn).toBe("2026-04-01T09:30:00.000Z");
    expect(parser?.record.related).toEqual(["x_DISCLOSE-2026-0003-2"]);
    expect(parser?.record.credits[0]).toEqual({ name: "Lin Researcher", type: "REPORTER" });
  });

  it("OSV: a product gets a record through its GIT range, or is skipped and reported", () => {
    const { records } = osvRecords(c.content, c.meta);
    expect(records[0]?.record.affected[0].package).toBeUndefined();
    expect(records[0]?.record.affected[0].ranges[0].type).toBe("GIT");
    const noGit = {
      ...c.content,
      affected: [{ ...c.content.affected[0], repo: undefined, ranges: [], versions: ["1.4.0"] }],
    } as typeof c.content;
    const result = osvRecords(noGit, c.meta);
    expect(result.records).toEqual([]);
    expect(result.skipped).toEqual([
      expect.objectContaining({ affectedIndex: 0, label: "Example Project libexample" }),
    ]);
  });

  it("CSAF: a vulnerability scored only in CVSS 4.0 carries it in a note, not in scores", () => {
    const doc = csafDocument(go.content, go.meta);
    const [v] = doc.vulnerabilities;
    expect(v.scores).toBeUndefined();
    expect(v.notes).toContainEqual(
      expect.objectContaining({
        category: "other",
        text: expect.stringContaining("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N"),
      }),
    );
    expect(v.notes[1].text).toContain("8.7");
  });

  it("CSAF: 3.x scores, product tree and statuses", () => {
    const doc = csafDocument(npm.content, npm.meta);
    const [v] = doc.vulnerabilities;
    expect(v.scores[0].cvss_v3).toMatchObject({ version: "3.1", baseScore: 6.1 });
    const leaves = doc.product_tree.branches[0].branches[0].branches;
    expect(leaves.map((l: { name: string }) => l.name)).toEqual([
      "vers:semver/<2.4.1",
      "vers:semver/>=3.0.0|<3.1.2",
      "2.4.1",
      "3.1.2",
    ]);
    expect(v.product_status).toEqual({
      known_affected: ["CSAFPID-0001", "CSAFPID-0002"],
      fixed: ["CSAFPID-0003", "CSAFPID-0004"],
    });
    expect(v.remediations.map((r: { category: string }) => r.category)).toEqual(["vendor_fix", "workaround"]);
    expect(doc.document.distribution.tlp.label).toBe("WHITE");
  });

  it("CSAF: a withdrawn advisory says so in a note and keeps its revision history", () => {
    const doc = csafDocument(pypi.content, pypi.meta);
    expect(doc.document.notes[0]).toMatchObject({
      title: "Withdrawn",
      text: expect.stringContaining("Duplicate"),
    });
    expect(doc.document.tracking.version).toBe("3");
    expect(doc.document.tracking.revision_history).toHaveLength(3);
  });
});

describe("edge cases", () => {
  const [npm] = fixtures;

  it("clips a long description for CVE's 4,096-character value and keeps the Markdown whole", async () => {
    const description = `${"An overly detailed explanation of the flaw. ".repeat(300)}\n\n**End.**`;
    const content = ZAdvisoryContent.parse({ ...npmContent, description });
    const result = await checkExports(content, npm.meta, options);
    expect(result.ok ? [] : result.problems).toEqual([]);
    const [first] = cveExports(content, npm.meta, options);
    expect(first?.container.descriptions[0].value.length).toBeLessThanOrEqual(4096);
    expect(first?.container.descriptions[0].value.endsWith("…")).toBe(true);
    expect(first?.container.descriptions[0].supportingMedia[0].value).toBe(description);
  });

  it("names a package of an ecosystem without a well-known registry as the project's product", async () => {
    const content = ZAdvisoryContent.parse({
      ...npmContent,
      affected: [
        {
          kind: "package",
          ecosystem: "Debian:12",
          name: "example-template",
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.4.1-1+deb12u1" }] }],
        },
      ],
    });
    const result = await checkExports(content, npm.meta, options);
    expect(result.ok ? [] : result.problems).toEqual([]);
    const [first] = cveExports(content, npm.meta, options);
    expect(first?.container.affected[0]).toMatchObject({
      vendor: "Example Project",
      product: "example-template",
    });
  });

  it("keeps hostile-looking but valid text as text in every export", async () => {
    const content = ZAdvisoryContent.parse({
      ...npmContent,
      title: '<script>alert("x")</script> & "quotes"',
      description: "<img src=x onerror=alert(1)> and [a link](javascript:alert(1))",
    });
    const result = await checkExports(content, npm.meta, options);
    expect(result.ok ? [] : result.problems).toEqual([]);
    const csaf = csafDocument(content, npm.meta);
    expect(csaf.document.title).toBe('<script>alert("x")</script> & "quotes"');
  });

  it("builds a schema-valid rejected container", () => {
    const rejected = cveRejectedContainer(
      "Duplicate of CVE-2026-10001.",
      options,
      new Date("2026-05-01T00:00:00Z"),
    );
    expect(validateCveRejectedContainer(rejected)).toEqual({ ok: true });
    expect(rejected.providerMetadata.dateUpdated).toBe("2026-05-01T00:00:00.000Z");
    expect(() => cveRejectedContainer("   ", options, new Date())).toThrow(/reason/);
  });
});
