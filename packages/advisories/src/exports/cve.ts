import { findCwe } from "../cwe/catalogue";
import { markdownToText } from "../markdown";
import {
  advisoryUrl,
  affectedBy,
  patchedVersions,
  type TAdvisoryContent,
  type TAdvisoryMeta,
  type TAdvisoryVulnerability,
  type TAffected,
} from "../model";
import { cvssJson } from "./cvss-json";
import { COLLECTION_URLS, clip, cveVersionType, ecosystemBase, rangeSegments, uniqueBy } from "./segments";

/** CVE JSON 5 limits: description values 4,096 characters, supporting media 16,384. */
const CVE_VALUE_MAX = 4096;

export interface CveExportOptions {
  /** The CNA's organisation UUID (CVE Services' CVE-API-ORG), for providerMetadata.orgId. */
  readonly orgId: string;
  /** The CNA's short name, for the record's cveMetadata.assignerShortName and providerMetadata. */
  readonly shortName?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: CVE JSON is checked by its official schema, not by these types.
export type CveCnaContainer = Record<string, any>;
// biome-ignore lint/suspicious/noExplicitAny: as above.
export type CveRecord = Record<string, any>;

function text(markdown: string): { lang: string; value: string; supportingMedia: object[] } {
  return {
    lang: "en",
    value: clip(markdownToText(markdown), CVE_VALUE_MAX),
    supportingMedia: [{ type: "text/markdown", base64: false, value: markdown }],
  };
}

function affectedItem(entry: TAffected, meta: TAdvisoryMeta): Record<string, unknown> {
  const ecosystem = entry.kind === "package" ? entry.ecosystem : null;
  const versions: Record<string, string>[] = [];
  for (const range of entry.ranges) {
    const versionType = cveVersionType(range.type, ecosystem);
    for (const segment of rangeSegments(range)) {
      const base = { version: segment.introduced, status: "affected", versionType };
      if (segment.fixed !== undefined) versions.push({ ...base, lessThan: segment.fixed });
      else if (segment.lastAffected !== undefined)
        versions.push({ ...base, lessThanOrEqual: segment.lastAffected });
      // CVE JSON's convention for "and every later version".
      else versions.push({ ...base, lessThan: "*" });
    }
  }
  for (const version of entry.versions) versions.push({ version, status: "affected" });
  for (const version of patchedVersions(entry)) versions.push({ version, status: "unaffected" });

  // Only properties CVE JSON 5 defines for affected[] items: 5.2.0 forbids any other.
  const item: Record<string, unknown> = {};
  if (entry.kind === "package") {
    const collectionURL = COLLECTION_URLS[ecosystemBase(entry.ecosystem)];
    if (collectionURL !== undefined) {
      item.collectionURL = collectionURL;
      item.packageName = entry.name;
    } else {
      // No well-known listing for this ecosystem: name the package as the project's product instead.
      item.vendor = meta.projectName;
      item.product = entry.name;
      item.packageName = entry.name;
    }
    const gitRepo = entry.ranges.find((r) => r.type === "GIT")?.repo;
    if (gitRepo !== undefined) item.repo = gitRepo;
  } else {
    item.vendor = entry.vendor;
    item.product = entry.product;
    const repo = entry.repo ?? entry.ranges.find((r) => r.type === "GIT")?.repo;
    if (repo !== undefined) item.repo = repo;
  }
  item.versions = uniqueBy(versions);
  item.defaultStatus = "unaffected";
  return item;
}

function metricKey(version: string): string {
  return version === "4.0" ? "cvssV4_0" : version === "3.1" ? "cvssV3_1" : "cvssV3_0";
}

function references(content: TAdvisoryContent, meta: TAdvisoryMeta): Record<string, unknown>[] {
  const byUrl = new Map<string, Set<string>>();
  const add = (url: string, tags: readonly string[]) => {
    const set = byUrl.get(url) ?? new Set<string>();
    for (const tag of tags) set.add(tag);
    byUrl.set(url, set);
  };
  add(advisoryUrl(meta), ["vendor-advisory"]);
  for (const r of content.references) add(r.url, r.tags);
  for (const f of content.fixes) add(f.url, ["patch"]);
  return [...byUrl].map(([url, tags]) => (tags.size > 0 ? { url, tags: [...tags] } : { url }));
}

/** The default upgrade advice when the Fix Lead wrote none: each entry's patched versions. */
export function defaultUpgradeText(entries: readonly TAffected[]): string | null {
  const lines = entries
    .map((entry) => {
      const versions = patchedVersions(entry);
      const name = entry.kind === "package" ? entry.name : entry.product;
      return versions.length > 0 ? `Upgrade ${name} to ${versions.join(" or ")} or later.` : null;
    })
    .filter((line): line is string => line !== null);
  return lines.length > 0 ? lines.join("\n\n") : null;
}

/**
 * The CNA container (CVE JSON 5.1, valid under 5.1.1 and kept valid under 5.2.0) for one vulnerability, as CVE
 * Services takes it on POST/PUT /cve/{id}/cna. Throws when the vulnerability has no CVE ID.
 */
export function cveCnaContainer(
  content: TAdvisoryContent,
  meta: TAdvisoryMeta,
  vulnerability: TAdvisoryVulnerability,
  options: CveExportOptions,
): CveCnaContainer {
  if (vulnerability.cveId === null) throw new Error(`Vulnerability ${vulnerability.id} has no CVE ID yet.`);
  const entries = affectedBy(content, vulnerability.id);
  const container: CveCnaContainer = {
    providerMetadata: {
      orgId: options.orgId,
      ...(options.shortName !== undefined ? { shortName: options.shortName } : {}),
      dateUpdated: meta.currentReleaseDate,
    },
    title: vulnerability.title ?? content.title,
    datePublic: meta.initialReleaseDate,
    descriptions: [text(content.description)],
    affected: entries.map((entry) => affectedItem(entry, meta)),
    references: references(content, meta),
  };
  if (vulnerability.cweId !== null) {
    const cwe = findCwe(vulnerability.cweId);
    container.problemTypes = [
      {
        descriptions: [
          {
            lang: "en",
            cweId: vulnerability.cweId,
            description: cwe === null ? vulnerability.cweId : `${vulnerability.cweId}: ${cwe.name}`,
            type: "CWE",
          },
        ],
      },
    ];
  }
  if (vulnerability.cvssVector !== null) {
    const { version, json } = cvssJson(vulnerability.cvssVector);
    container.metrics = [
      { format: "CVSS", scenarios: [{ lang: "en", value: "GENERAL" }], [metricKey(version)]: json },
    ];
  }
  const credits = uniqueBy(content.credits.map((c) => ({ lang: "en", value: c.name, type: c.type })));
  if (credits.length > 0) container.credits = credits;
  if (content.workarounds !== undefined) container.workarounds = [text(content.workarounds)];
  const upgrade = content.upgradeInstructions ?? defaultUpgradeText(entries);
  if (upgrade !== null) container.solutions = [text(upgrade)];
  return container;
}

/** A full CVE record (dataType CVE_RECORD) around the CNA container, for download and archives. */
export function cveRecord(
  content: TAdvisoryContent,
  meta: TAdvisoryMeta,
  vulnerability: TAdvisoryVulnerability,
  options: CveExportOptions,
): CveRecord {
  const cna = cveCnaContainer(content, meta, vulnerability, options);
  return {
    dataType: "CVE_RECORD",
    dataVersion: "5.1",
    cveMetadata: {
      cveId: vulnerability.cveId,
      assignerOrgId: options.orgId,
      ...(options.shortName !== undefined ? { assignerShortName: options.shortName } : {}),
      state: "PUBLISHED",
      datePublished: meta.initialReleaseDate,
      dateUpdated: meta.currentReleaseDate,
    },
    containers: { cna },
  };
}

/** Every vulnerability with a CVE ID: its container and record. Vulnerabilities still without one are skipped. */
export function cveExports(
  content: TAdvisoryContent,
  meta: TAdvisoryMeta,
  options: CveExportOptions,
): { cveId: string; vulnerabilityId: string; container: CveCnaContainer; record: CveRecord }[] {
  return content.vulnerabilities
    .filter((v): v is TAdvisoryVulnerability & { cveId: string } => v.cveId !== null)
    .map((v) => ({
      cveId: v.cveId,
      vulnerabilityId: v.id,
      container: cveCnaContainer(content, meta, v, options),
      record: cveRecord(content, meta, v, options),
    }));
}

/**
 * The CNA container that rejects a CVE ID (POST /cve/{id}/reject): for an ID reserved by mistake or a duplicate.
 * Withdrawing an advisory does not by itself reject its CVEs; that is the Fix Lead's separate decision.
 */
export function cveRejectedContainer(reason: string, options: CveExportOptions, now: Date): CveCnaContainer {
  const value = clip(reason.trim(), CVE_VALUE_MAX);
  if (value === "") throw new Error("A rejected CVE needs a reason.");
  return {
    providerMetadata: {
      orgId: options.orgId,
      ...(options.shortName !== undefined ? { shortName: options.shortName } : {}),
      dateUpdated: now.toISOString(),
    },
    rejectedReasons: [{ lang: "en", value }],
  };
}
