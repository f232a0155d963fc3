import { describe, expect, it } from "vitest";
import {
  advisoryIdPattern,
  advisoryUrl,
  formatAdvisoryId,
  isOsvEcosystem,
  makeAdvisoryContentSchema,
  makeAdvisoryMetaSchema,
  patchedVersions,
  type TAdvisoryContentInput,
  vulnerabilitiesOf,
  ZAdvisoryContent,
  ZAdvisoryMeta,
} from "./model";
import { fixtures, npmContent, pypiContent } from "./test-support/fixtures";
import { fieldPath } from "./validate/check-exports";

type Mutable = Record<string, unknown> & TAdvisoryContentInput;
const clone = (): Mutable => structuredClone(npmContent) as Mutable;
// biome-ignore lint/suspicious/noExplicitAny: the hostile inputs are deliberately not of the model's type.
type Any = any;

function withRange(range: unknown): Mutable {
  const c = clone();
  (c.affected[0] as Any).ranges = [range];
  return c;
}
function withVuln(patch: Record<string, unknown>): Mutable {
  const c = clone();
  c.vulnerabilities = [{ ...(c.vulnerabilities[0] as object), ...patch } as Any];
  return c;
}

/** [what, input, the field the refusal must name, optional words in the message]. */
const hostile: [string, Mutable, string, RegExp?][] = [
  // ranges
  [
    "a range without introduced",
    withRange({ type: "SEMVER", events: [{ fixed: "1.0.0" }] }),
    "affected[0].ranges[0].events",
    /introduced/,
  ],
  [
    "fixed and last_affected in one range",
    withRange({
      type: "SEMVER",
      events: [{ introduced: "0" }, { fixed: "1.0.0" }, { last_affected: "1.1.0" }],
    }),
    "affected[0].ranges[0].events",
    /mix/,
  ],
  [
    "a GIT range without repo",
    withRange({ type: "GIT", events: [{ introduced: "0" }] }),
    "affected[0].ranges[0].repo",
  ],
  [
    "a GIT range with a short commit",
    withRange({
      type: "GIT",
      repo: "https://github.com/e/r",
      events: [{ introduced: "0" }, { fixed: "b7e23ec" }],
    }),
    "affected[0].ranges[0].events[1].fixed",
    /commit hash/,
  ],
  [
    "a v-prefixed SemVer",
    withRange({ type: "SEMVER", events: [{ introduced: "v1.2.3" }] }),
    "affected[0].ranges[0].events[0].introduced",
  ],
  [
    "a two-part SemVer",
    withRange({ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.2" }] }),
    "affected[0].ranges[0].events[1].fixed",
  ],
  [
    '"0" as a fixed version',
    withRange({ type: "SEMVER", events: [{ introduced: "1.0.0" }, { fixed: "0" }] }),
    "affected[0].ranges[0].events[1].fixed",
  ],
  [
    "a fix below every introduced version",
    withRange({ type: "SEMVER", events: [{ introduced: "2.0.0" }, { fixed: "1.0.0" }] }),
    "affected[0].ranges[0].events[1]",
    /lowest/,
  ],
  [
    "a version twice",
    withRange({ type: "ECOSYSTEM", events: [{ introduced: "1.0" }, { fixed: "1.0" }] }),
    "affected[0].ranges[0].events[1].fixed",
  ],
  [
    "an unknown range type",
    withRange({ type: "RANGE", events: [{ introduced: "0" }] }),
    "affected[0].ranges[0].type",
  ],
  [
    "an event with two kinds",
    withRange({ type: "SEMVER", events: [{ introduced: "0", fixed: "1.0.0" }] }),
    "affected[0].ranges[0].events[0]",
  ],
  ["a range without events", withRange({ type: "SEMVER", events: [] }), "affected[0].ranges[0].events"],
  [
    "a version with a newline",
    withRange({ type: "ECOSYSTEM", events: [{ introduced: "1.0\n2.0" }] }),
    "affected[0].ranges[0].events[0].introduced",
  ],
  // affected entries
  ["no affected entries", { ...clone(), affected: [] }, "affected"],
  [
    "an entry with neither ranges nor versions",
    { ...clone(), affected: [{ kind: "package", ecosystem: "npm", name: "x", ranges: [] }] },
    "affected[0].ranges",
  ],
  [
    "an unknown ecosystem",
    (() => {
      const c = clone();
      (c.affected[0] as Any).ecosystem = "NPM";
      return c;
    })(),
    "affected[0].ecosystem",
  ],
  [
    "an empty ecosystem suffix",
    (() => {
      const c = clone();
      (c.affected[0] as Any).ecosystem = "npm:";
      return c;
    })(),
    "affected[0].ecosystem",
  ],
  [
    "an unknown kind",
    (() => {
      const c = clone();
      (c.affected[0] as Any).kind = "library";
      return c;
    })(),
    "affected[0].kind",
  ],
  [
    "an unknown field",
    (() => {
      const c = clone();
      (c.affected[0] as Any).isAdmin = true;
      return c;
    })(),
    "affected[0]",
  ],
  [
    "a duplicate package",
    (() => {
      const c = clone();
      c.affected = [c.affected[0] as Any, c.affected[0] as Any];
      return c;
    })(),
    "affected[1]",
    /twice/,
  ],
  [
    "a version both affected and patched",
    (() => {
      const c = clone();
      Object.assign(c.affected[0] as Any, { versions: ["2.4.0"], patchedVersions: ["2.4.0"] });
      return c;
    })(),
    "affected[0].patchedVersions[0]",
  ],
  [
    "an unknown vulnerability id",
    (() => {
      const c = clone();
      (c.affected[0] as Any).vulnerabilityIds = ["nope"];
      return c;
    })(),
    "affected[0].vulnerabilityIds[0]",
  ],
  // vulnerabilities
  [
    "an unknown CWE",
    withVuln({ cweId: "CWE-99999" }),
    "vulnerabilities[0].cweId",
    /not in the CWE catalogue/,
  ],
  ["a deprecated CWE", withVuln({ cweId: "CWE-71" }), "vulnerabilities[0].cweId", /deprecated/],
  ["a CWE with a leading zero", withVuln({ cweId: "CWE-079" }), "vulnerabilities[0].cweId"],
  ["a CWE without its prefix", withVuln({ cweId: "79" }), "vulnerabilities[0].cweId"],
  [
    "an invalid CVSS vector",
    withVuln({ cvssVector: "CVSS:3.1/AV:N/AC:L" }),
    "vulnerabilities[0].cvssVector",
    /mandatory/,
  ],
  [
    "a CVSS 2 vector",
    withVuln({ cvssVector: "AV:N/AC:L/Au:N/C:P/I:P/A:P" }),
    "vulnerabilities[0].cvssVector",
  ],
  [
    "an out-of-order CVSS 4.0 vector",
    withVuln({ cvssVector: "CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N" }),
    "vulnerabilities[0].cvssVector",
  ],
  ["a lowercase CVE ID", withVuln({ cveId: "cve-2026-1234" }), "vulnerabilities[0].cveId"],
  [
    "a vulnerability affecting nothing",
    (() => {
      const c = clone();
      c.vulnerabilities = [...c.vulnerabilities, { id: "v2", cveId: null, cweId: null, cvssVector: null }];
      (c.affected[0] as Any).vulnerabilityIds = ["vuln-npm-1"];
      return c;
    })(),
    "vulnerabilities[1]",
    /affects none/,
  ],
  [
    "one CVE for two vulnerabilities",
    (() => {
      const c = clone();
      c.vulnerabilities = [
        ...c.vulnerabilities,
        { id: "v2", cveId: "CVE-2026-10001", cweId: null, cvssVector: null },
      ];
      return c;
    })(),
    "vulnerabilities[1].cveId",
  ],
  ["no vulnerabilities", { ...clone(), vulnerabilities: [] }, "vulnerabilities"],
  // texts
  [
    "a missing description",
    (() => {
      const c = clone();
      delete (c as Any).description;
      return c;
    })(),
    "description",
  ],
  ["a blank description", { ...clone(), description: " \n\t " }, "description", /blank/],
  ["an overlong description", { ...clone(), description: "a".repeat(16_001) }, "description"],
  ["a bidi override in the description", { ...clone(), description: "safe \u202Eexe.txt" }, "description"],
  ["an overlong title", { ...clone(), title: "t".repeat(201) }, "title"],
  ["a title with a newline", { ...clone(), title: "a\nb" }, "title"],
  ["a blank summary", { ...clone(), summary: "   " }, "summary"],
  ["a blank workaround", { ...clone(), workarounds: "" }, "workarounds"],
  // credits
  ["a credit without a name", { ...clone(), credits: [{ type: "finder" } as Any] }, "credits[0].name"],
  [
    "a credit with a blank name",
    { ...clone(), credits: [{ name: "   ", type: "finder" }] },
    "credits[0].name",
    /blank/,
  ],
  [
    "an unknown credit type",
    { ...clone(), credits: [{ name: "Eve", type: "hacker" as Any }] },
    "credits[0].type",
  ],
  // references
  [
    "a javascript: reference",
    { ...clone(), references: [{ url: "javascript:alert(1)", tags: [] }] },
    "references[0].url",
  ],
  [
    "a JavaScript: reference in capitals",
    { ...clone(), references: [{ url: "JavaScript:alert(1)", tags: [] }] },
    "references[0].url",
  ],
  [
    "a data: reference",
    { ...clone(), references: [{ url: "data:text/html,<script>", tags: [] }] },
    "references[0].url",
  ],
  [
    "a reference with a space",
    { ...clone(), references: [{ url: "https://example.org/a b", tags: [] }] },
    "references[0].url",
  ],
  [
    "an overlong reference",
    { ...clone(), references: [{ url: `https://example.org/${"a".repeat(2100)}`, tags: [] }] },
    "references[0].url",
  ],
  [
    "an unknown reference tag",
    { ...clone(), references: [{ url: "https://example.org", tags: ["cool" as Any] }] },
    "references[0].tags[0]",
  ],
  ["a javascript: fix", { ...clone(), fixes: [{ url: "javascript:alert(1)" }] }, "fixes[0].url"],
  [
    "a javascript: GIT repo",
    withRange({ type: "GIT", repo: "javascript:alert(1)", events: [{ introduced: "0" }] }),
    "affected[0].ranges[0].repo",
  ],
];

describe("ZAdvisoryContent refuses hostile input, naming the field", () => {
  it.each(hostile)("%s", (_what, input, path, words) => {
    const result = ZAdvisoryContent.safeParse(input);
    expect(result.success).toBe(false);
    if (result.success) return;
    const issues = result.error.issues.map((i) => ({ path: fieldPath(i.path), message: i.message }));
    const match = issues.find((i) => i.path === path);
    expect(match, JSON.stringify(issues)).toBeDefined();
    if (words !== undefined) expect(match?.message).toMatch(words);
  });

  it("accepts every fixture (so the table above fails for the stated reason only)", () => {
    expect(ZAdvisoryContent.safeParse(npmContent).success).toBe(true);
    expect(ZAdvisoryContent.safeParse(pypiContent).success).toBe(true);
  });
});

describe("makeAdvisoryContentSchema", () => {
  const unknownCwe = (): Mutable => withVuln({ cweId: "CWE-99999" });

  it("skips the catalogue check when told to (a browser form), but not the format check", () => {
    const schema = makeAdvisoryContentSchema({ cweLookup: null });
    expect(schema.safeParse(unknownCwe()).success).toBe(true);
    expect(schema.safeParse(withVuln({ cweId: "CWE-79x" })).success).toBe(false);
  });

  it("takes another catalogue", () => {
    const schema = makeAdvisoryContentSchema({
      cweLookup: (id) => (id === "CWE-99999" ? { deprecated: false } : null),
    });
    expect(schema.safeParse(unknownCwe()).success).toBe(true);
    expect(schema.safeParse(clone()).success).toBe(false);
  });
});

describe("helpers", () => {
  it("derives patched versions from fixed events, or takes the explicit list", () => {
    const [npm, , pypi, c] = fixtures;
    expect(patchedVersions(npm.content.affected[0] as Any)).toEqual(["2.4.1", "3.1.2"]);
    expect(patchedVersions(pypi.content.affected[0] as Any)).toEqual(["1.9.2", "2.0.0"]);
    expect(patchedVersions(pypi.content.affected[1] as Any)).toEqual(["0.7.1"]);
    expect(patchedVersions(c.content.affected[0] as Any)).toEqual(["1.5.1"]);
  });

  it("knows which vulnerabilities affect an entry (all by default)", () => {
    const [, , pypi] = fixtures;
    expect(vulnerabilitiesOf(pypi.content, pypi.content.affected[0] as Any).map((v) => v.id)).toEqual([
      "vuln-py-1",
      "vuln-py-2",
    ]);
    expect(vulnerabilitiesOf(pypi.content, pypi.content.affected[1] as Any).map((v) => v.id)).toEqual([
      "vuln-py-1",
    ]);
  });

  it("accepts OSV ecosystems with a suffix", () => {
    expect(isOsvEcosystem("Debian:12")).toBe(true);
    expect(isOsvEcosystem("crates.io")).toBe(true);
    expect(isOsvEcosystem("Go")).toBe(true);
    expect(isOsvEcosystem("go")).toBe(false);
    expect(isOsvEcosystem("Debian:")).toBe(false);
  });

  it("formats advisory ids with a configurable prefix", () => {
    expect(formatAdvisoryId("DISCLOSE", 2026, 1)).toBe("DISCLOSE-2026-0001");
    expect(formatAdvisoryId("CURL-SA", 2026, 12345)).toBe("CURL-SA-2026-12345");
    expect(advisoryIdPattern("ACME").test("ACME-2026-0007")).toBe(true);
    expect(advisoryIdPattern("ACME").test("DISCLOSE-2026-0007")).toBe(false);
    expect(() => advisoryIdPattern("a.*")).toThrow(/prefix/);
  });

  it("derives the advisory's public address from the publisher's namespace", () => {
    const [npm] = fixtures;
    expect(advisoryUrl(npm.meta)).toBe("https://example.org/advisories/DISCLOSE-2026-0001");
  });
});

describe("ZAdvisoryMeta", () => {
  const good = structuredClone(fixtures[2].meta) as Any;
  const cases: [string, (m: Any) => void, string][] = [
    ["a wrong id", (m) => (m.id = "GHSA-xxxx-yyyy-zzzz"), "id"],
    ["a revision gap", (m) => (m.revisions[1].number = "3"), "revisions[1].number"],
    ["revisions out of order", (m) => (m.revisions[1].date = "2026-03-01T00:00:00Z"), "revisions[1].date"],
    [
      "a revision after the current release",
      (m) => (m.currentReleaseDate = "2026-03-20T00:00:00Z"),
      "revisions[2].date",
    ],
    ["current before initial", (m) => (m.currentReleaseDate = "2026-01-01T00:00:00Z"), "currentReleaseDate"],
    [
      "a non-UTC timestamp",
      (m) => (m.initialReleaseDate = "2026-03-04T15:00:00+01:00"),
      "initialReleaseDate",
    ],
    [
      "a withdrawal without reason",
      (m) => (m.status = { state: "withdrawn", date: "2026-04-01T09:30:00Z" }),
      "status.reason",
    ],
    ["an unknown status", (m) => (m.status = { state: "deleted" }), "status.state"],
    [
      "a javascript: namespace",
      (m) => (m.publisher.namespace = "javascript:alert(1)"),
      "publisher.namespace",
    ],
    ["no revisions", (m) => (m.revisions = []), "revisions"],
  ];
  it.each(cases)("refuses %s", (_what, mutate, path) => {
    const meta = structuredClone(good);
    mutate(meta);
    const result = ZAdvisoryMeta.safeParse(meta);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => fieldPath(i.path))).toContain(path);
  });

  it("takes the id prefix as a parameter", () => {
    const meta = { ...structuredClone(good), id: "ACME-2026-0001" };
    expect(ZAdvisoryMeta.safeParse(meta).success).toBe(false);
    expect(makeAdvisoryMetaSchema({ idPrefix: "ACME" }).safeParse(meta).success).toBe(true);
  });
});
