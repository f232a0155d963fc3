import { type TAdvisoryContentInput, type TAdvisoryMeta, ZAdvisoryContent, ZAdvisoryMeta } from "../model";

/**
 * Realistic advisories, one per kind of project Disclose serves. Every export of every fixture must validate
 * against the official schemas (and CSAF's mandatory tests): see exports/exports.test.ts.
 */

const publisher = {
  name: "Example Project",
  namespace: "https://example.org",
  contact: "security@example.org",
};

function meta(id: string, overrides: Partial<TAdvisoryMeta> = {}): TAdvisoryMeta {
  return ZAdvisoryMeta.parse({
    id,
    publisher,
    projectName: "Example Project",
    initialReleaseDate: "2026-03-04T15:00:00.000Z",
    currentReleaseDate: "2026-03-04T15:00:00.000Z",
    revisions: [{ number: "1", date: "2026-03-04T15:00:00.000Z", summary: "Initial release." }],
    status: { state: "final" },
    ...overrides,
  });
}

/** npm, one CVE, CVSS 3.1, two SemVer ranges, credits and references of several kinds. */
export const npmContent: TAdvisoryContentInput = {
  title: "Cross-site scripting in example-template's escape helper",
  summary: "example-template's escape() does not escape backticks, allowing cross-site scripting.",
  description:
    "## Impact\n\n`escape()` in **example-template** left backticks unescaped, so an attacker who controls a template " +
    "variable rendered inside an attribute can run script in a victim's browser.\n\n## Patches\n\nFixed in 2.4.1 and 3.1.2. " +
    "See [the pull request](https://github.com/example/example-template/pull/812).",
  affected: [
    {
      kind: "package",
      ecosystem: "npm",
      name: "example-template",
      ranges: [
        {
          type: "SEMVER",
          events: [{ introduced: "0" }, { fixed: "2.4.1" }, { introduced: "3.0.0" }, { fixed: "3.1.2" }],
        },
      ],
    },
  ],
  vulnerabilities: [
    {
      id: "vuln-npm-1",
      cveId: "CVE-2026-10001",
      cweId: "CWE-79",
      cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
    },
  ],
  credits: [
    { name: "Ada Reporter", type: "finder", contact: "https://ada.example.net" },
    { name: "Grace Maintainer", type: "remediation developer" },
  ],
  references: [
    { url: "https://github.com/example/example-template/issues/811", tags: ["issue-tracking"] },
    { url: "https://example.org/blog/template-xss", tags: ["technical-description"] },
  ],
  fixes: [{ url: "https://github.com/example/example-template/pull/812", title: "Escape backticks" }],
  workarounds: "Do not render untrusted values inside unquoted attributes.",
  upgradeInstructions: "Run `npm install example-template@^3.1.2` (or `@^2.4.1` on the 2.x line).",
};

/** Go, one CVE scored in CVSS 4.0 only (CSAF carries it in a note). */
export const goContent: TAdvisoryContentInput = {
  title: "Path traversal in gateway's static file handler",
  summary: "The static file handler follows encoded '..' segments and serves files outside the web root.",
  description:
    "`StaticHandler` decoded `%2e%2e` after cleaning the path, so a request like `/static/%2e%2e/%2e%2e/etc/passwd` " +
    "read files outside the configured root.",
  affected: [
    {
      kind: "package",
      ecosystem: "Go",
      name: "github.com/example/gateway",
      ranges: [{ type: "SEMVER", events: [{ introduced: "1.2.0" }, { fixed: "1.5.3" }] }],
    },
  ],
  vulnerabilities: [
    {
      id: "vuln-go-1",
      cveId: "CVE-2026-10002",
      cweId: "CWE-22",
      cvssVector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N",
    },
  ],
  credits: [{ name: "Example Fuzzing Bot", type: "tool" }],
  references: [],
  fixes: [{ url: "https://github.com/example/gateway/commit/4f1c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a" }],
};

/** PyPI, several CVEs in one case, one of which affects only one of the two packages; 3.1 and 4.0. */
export const pypiContent: TAdvisoryContentInput = {
  title: "XML entity expansion and external entity injection in example-parser",
  summary: "Two flaws in example-parser's XML reader allow denial of service and reading local files.",
  description:
    "Two vulnerabilities were found in the XML reader:\n\n1. Nested entity expansion is not limited " +
    "(CVE-2026-10003).\n2. External entities are resolved by default (CVE-2026-10004).",
  affected: [
    {
      kind: "package",
      ecosystem: "PyPI",
      name: "example-parser",
      ranges: [
        { type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.9.2" }] },
        { type: "ECOSYSTEM", events: [{ introduced: "2.0.0a1" }, { last_affected: "2.0.0rc2" }] },
      ],
      patchedVersions: ["1.9.2", "2.0.0"],
    },
    {
      kind: "package",
      ecosystem: "PyPI",
      name: "example-parser-cli",
      ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0.3.0" }, { fixed: "0.7.1" }] }],
      vulnerabilityIds: ["vuln-py-1"],
    },
  ],
  vulnerabilities: [
    {
      id: "vuln-py-1",
      cveId: "CVE-2026-10003",
      cweId: "CWE-776",
      cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
      title: "Unbounded entity expansion",
    },
    {
      id: "vuln-py-2",
      cveId: "CVE-2026-10004",
      cweId: "CWE-611",
      cvssVector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N/E:P",
      title: "External entities resolved by default",
    },
  ],
  credits: [
    { name: "Lin Researcher", type: "reporter" },
    { name: "Example Security Team", type: "coordinator", contact: "security@example.org" },
  ],
  references: [{ url: "https://example.org/docs/xml-security", tags: ["mitigation"] }],
  fixes: [
    { url: "https://github.com/example/example-parser/pull/91" },
    { url: "https://github.com/example/example-parser/pull/92" },
  ],
  workarounds: "Pass `resolve_entities=False` and `max_depth=20` to `Parser()`.",
};

/** A C project without a package ecosystem: vendor + product, GIT ranges, explicit versions, CVSS 3.0. */
export const cContent: TAdvisoryContentInput = {
  title: "Heap buffer overflow in libexample's chunk decoder",
  summary: "A crafted chunk length makes libexample write past the end of a heap buffer.",
  description:
    "`ex_decode_chunk()` trusted the 16-bit length field of a chunk header. A file with a length larger than the " +
    "remaining input causes a heap buffer overflow, which may allow code execution.",
  affected: [
    {
      kind: "product",
      vendor: "Example Project",
      product: "libexample",
      repo: "https://github.com/example/libexample",
      ranges: [
        {
          type: "GIT",
          repo: "https://github.com/example/libexample",
          events: [
            { introduced: "9fceb02d0ae598e95dc970b74767f19372d61af8" },
            { fixed: "b7e23ec29af22b0b4e41da31e868d57226121c84" },
          ],
        },
      ],
      versions: ["1.4.0", "1.4.1", "1.5.0"],
      patchedVersions: ["1.5.1"],
    },
  ],
  vulnerabilities: [
    {
      id: "vuln-c-1",
      cveId: "CVE-2026-10005",
      cweId: "CWE-787",
      cvssVector: "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H",
    },
    // Not yet assigned a CVE nor a CWE: still in CSAF and OSV, no CVE record.
    {
      id: "vuln-c-2",
      cveId: null,
      cweId: null,
      cvssVector: null,
      title: "Read past the end of the chunk table",
    },
  ],
  credits: [{ name: "Sam Analyst", type: "analyst" }],
  references: [
    { url: "https://lists.example.org/security/2026/03/1", tags: ["mailing-list", "vendor-advisory"] },
  ],
  fixes: [],
  upgradeInstructions: "Upgrade to libexample 1.5.1, or apply commit b7e23ec.",
};

export const fixtures = [
  { name: "npm", content: ZAdvisoryContent.parse(npmContent), meta: meta("DISCLOSE-2026-0001") },
  { name: "Go", content: ZAdvisoryContent.parse(goContent), meta: meta("DISCLOSE-2026-0002") },
  {
    name: "PyPI (several CVEs, revised then withdrawn)",
    content: ZAdvisoryContent.parse(pypiContent),
    meta: meta("DISCLOSE-2026-0003", {
      currentReleaseDate: "2026-04-01T09:30:00.000Z",
      revisions: [
        { number: "1", date: "2026-03-04T15:00:00.000Z", summary: "Initial release." },
        { number: "2", date: "2026-03-10T12:00:00.000Z", summary: "Added example-parser-cli." },
        { number: "3", date: "2026-04-01T09:30:00.000Z", summary: "Withdrawn." },
      ],
      status: {
        state: "withdrawn",
        reason: "Duplicate of DISCLOSE-2026-0009.",
        date: "2026-04-01T09:30:00.000Z",
      },
    }),
  },
  {
    name: "C project with GIT ranges",
    content: ZAdvisoryContent.parse(cContent),
    meta: meta("DISCLOSE-2026-0004"),
  },
] as const;

export const CVE_ORG_ID = "b3476cb9-2e3d-41a6-98d0-0f47421a65b6";
