import { scoreCvss } from "@disclose/domain";
import {
  advisoryUrl,
  affectedLabel,
  type TAdvisoryContent,
  type TAdvisoryMeta,
  type TAffected,
  type TReferenceTag,
  vulnerabilitiesOf,
} from "../model";
import { uniqueBy } from "./segments";

export const OSV_SCHEMA_VERSION = "1.7.5";

export interface OsvExportOptions {
  /**
   * Prefix of OSV ids. OSV only accepts ids starting with a registered database prefix ("GHSA-", "PYSEC-", …) or
   * "x_" for everyone else, so the default is "x_" until the project registers its own.
   */
  readonly idPrefix?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: OSV JSON is checked by its official schema, not by these types.
export type OsvRecord = Record<string, any>;

export interface OsvExport {
  readonly records: { readonly id: string; readonly affectedIndex: number; readonly record: OsvRecord }[];
  /** Entries OSV cannot describe (a product without an ecosystem and without a GIT range), with the reason. */
  readonly skipped: { readonly affectedIndex: number; readonly label: string; readonly reason: string }[];
}

const CREDIT_TYPES: Readonly<Record<string, string>> = {
  finder: "FINDER",
  reporter: "REPORTER",
  analyst: "ANALYST",
  coordinator: "COORDINATOR",
  "remediation developer": "REMEDIATION_DEVELOPER",
  "remediation reviewer": "REMEDIATION_REVIEWER",
  "remediation verifier": "REMEDIATION_VERIFIER",
  tool: "TOOL",
  sponsor: "SPONSOR",
  other: "OTHER",
};

/** OSV's reference types for CVE's tags; the first tag that maps wins, else WEB. */
const REFERENCE_TYPES: Partial<Record<TReferenceTag, string>> = {
  patch: "FIX",
  "vendor-advisory": "ADVISORY",
  "third-party-advisory": "ADVISORY",
  "vdb-entry": "ADVISORY",
  "issue-tracking": "REPORT",
  "technical-description": "ARTICLE",
  "media-coverage": "ARTICLE",
  "mailing-list": "DISCUSSION",
  exploit: "EVIDENCE",
  product: "PACKAGE",
  "release-notes": "WEB",
};

function details(content: TAdvisoryContent): string {
  const parts = [content.description];
  if (content.workarounds !== undefined) parts.push(`## Workarounds\n\n${content.workarounds}`);
  if (content.upgradeInstructions !== undefined)
    parts.push(`## How to upgrade\n\n${content.upgradeInstructions}`);
  return parts.join("\n\n");
}

/** OSV's top-level severity: for each CVSS family, the highest-scored vector among the entry's vulnerabilities. */
function severity(vectors: readonly string[]): { type: string; score: string }[] {
  const best = new Map<string, { score: number; vector: string }>();
  for (const vector of vectors) {
    const scored = scoreCvss(vector);
    const type = scored.version === "4.0" ? "CVSS_V4" : "CVSS_V3";
    const current = best.get(type);
    if (current === undefined || scored.score > current.score)
      best.set(type, { score: scored.score, vector });
  }
  return ["CVSS_V3", "CVSS_V4"].flatMap((type) => {
    const entry = best.get(type);
    return entry === undefined ? [] : [{ type, score: entry.vector }];
  });
}

function affectedJson(entry: TAffected): Record<string, unknown> | null {
  if (entry.kind === "package") {
    const out: Record<string, unknown> = {
      package: { ecosystem: entry.ecosystem, name: entry.name },
      ranges: entry.ranges.map((r) => ({
        type: r.type,
        ...(r.repo !== undefined ? { repo: r.repo } : {}),
        events: r.events,
      })),
    };
    if (entry.versions.length > 0) out.versions = entry.versions;
    return out;
  }
  // Without an ecosystem, OSV can only say which commits are affected: GIT ranges, the rest cannot be read.
  const git = entry.ranges.filter((r) => r.type === "GIT");
  if (git.length === 0) return null;
  const out: Record<string, unknown> = {
    ranges: git.map((r) => ({ type: "GIT", repo: r.repo, events: r.events })),
  };
  // With a GIT range, `versions` are the repository's tags in the affected commits, as OSV reads them.
  if (entry.versions.length > 0) out.versions = entry.versions;
  return out;
}

/**
 * OSV 1.7.5 records, one per affected package (a product without an ecosystem gets one only when it has a GIT
 * range). Ids: `<prefix><advisory id>` when there is one affected entry, else `<prefix><advisory id>-<n>` with
 * n the entry's 1-based position in the advisory (so keep the order of entries stable across revisions).
 */
export function osvRecords(
  content: TAdvisoryContent,
  meta: TAdvisoryMeta,
  options: OsvExportOptions = {},
): OsvExport {
  const prefix = options.idPrefix ?? "x_";
  const single = content.affected.length === 1;
  const idOf = (index: number) => (single ? `${prefix}${meta.id}` : `${prefix}${meta.id}-${index + 1}`);
  const url = advisoryUrl(meta);
  const records: OsvExport["records"][number][] = [];
  const skipped: OsvExport["skipped"][number][] = [];
  const ids: string[] = [];
  content.affected.forEach((entry, index) => {
    if (affectedJson(entry) !== null) ids.push(idOf(index));
  });

  content.affected.forEach((entry, index) => {
    const affected = affectedJson(entry);
    if (affected === null) {
      skipped.push({
        affectedIndex: index,
        label: affectedLabel(entry),
        reason:
          "OSV describes a product without a package ecosystem only through a GIT range; add one with the repository.",
      });
      return;
    }
    const id = idOf(index);
    const vulnerabilities = vulnerabilitiesOf(content, entry);
    const cweIds = uniqueBy(vulnerabilities.flatMap((v) => (v.cweId === null ? [] : [v.cweId])));
    const referenceList = uniqueBy(
      [
        { type: "ADVISORY", url },
        ...content.references.map((r) => ({
          type: r.tags.map((t) => REFERENCE_TYPES[t]).find((t) => t !== undefined) ?? "WEB",
          url: r.url,
        })),
        ...content.fixes.map((f) => ({ type: "FIX", url: f.url })),
        ...entry.ranges
          .filter((r) => r.type === "GIT" && r.repo !== undefined)
          .map((r) => ({ type: "PACKAGE", url: r.repo as string })),
      ],
      (r) => r.url,
    );
    const record: OsvRecord = {
      schema_version: OSV_SCHEMA_VERSION,
      id,
      modified: latest(meta.currentReleaseDate, meta.status.state === "withdrawn" ? meta.status.date : null),
      published: meta.initialReleaseDate,
      ...(meta.status.state === "withdrawn" ? { withdrawn: meta.status.date } : {}),
      aliases: uniqueBy(vulnerabilities.flatMap((v) => (v.cveId === null ? [] : [v.cveId]))),
      ...(ids.length > 1 ? { related: ids.filter((other) => other !== id) } : {}),
      summary: content.summary,
      details: details(content),
      severity: severity(vulnerabilities.flatMap((v) => (v.cvssVector === null ? [] : [v.cvssVector]))),
      affected: [affected],
      references: referenceList,
      credits: content.credits.map((c) => ({
        name: c.name,
        ...(c.contact !== undefined ? { contact: [c.contact] } : {}),
        type: CREDIT_TYPES[c.type],
      })),
      database_specific: {
        cwe_ids: cweIds,
        source: url,
        ...(meta.status.state === "withdrawn" ? { withdrawn_reason: meta.status.reason } : {}),
      },
    };
    if ((record.severity as unknown[]).length === 0) delete record.severity;
    records.push({ id, affectedIndex: index, record });
  });
  return { records, skipped };
}

function latest(a: string, b: string | null): string {
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}
