import {
  affectedLabel,
  patchedVersions,
  rangeSegments,
  renderMarkdown,
  type TAdvisoryContent,
  type TAffected,
  vulnerabilitiesOf,
  ZAdvisoryContent,
} from "@disclose/advisories";
import { findCwe } from "@disclose/advisories/cwe";
import type { Db } from "@disclose/db";
import { scoreCvss } from "@disclose/domain";
import { z } from "zod";
import { AppError, AppErrorCode } from "../../errors";
import { ADVISORY_SEVERITIES } from "./public-list-advisories";

/** An advisory id as the URL gives it: anything else is answered like an unknown id. */
export const ZPublicAdvisoryId = z.string().max(64);
const PUBLIC_ID = /^[A-Z][A-Z0-9]{0,15}(-[A-Z0-9]{1,16})?-[0-9]{4}-[0-9]{4,}$/;

const ZDocumentLink = z.object({ name: z.string(), label: z.string(), path: z.string(), sha256: z.string() });

export const ZPublicAdvisory = z.object({
  publicId: z.string(),
  title: z.string(),
  summary: z.string(),
  severity: z.enum(ADVISORY_SEVERITIES).nullable(),
  cvssScore: z.number().nullable(),
  cveIds: z.array(z.string()),
  publishedAt: z.date(),
  modifiedAt: z.date(),
  revision: z.number().int(),
  withdrawn: z.object({ at: z.date(), reason: z.string() }).nullable(),
  /** Sanitised HTML (renderMarkdown): safe to insert. */
  descriptionHtml: z.string(),
  workaroundsHtml: z.string().nullable(),
  upgradeHtml: z.string().nullable(),
  vulnerabilities: z.array(
    z.object({
      title: z.string().nullable(),
      cveId: z.string().nullable(),
      cweId: z.string().nullable(),
      cweName: z.string().nullable(),
      cvss: z
        .object({
          vector: z.string(),
          version: z.string(),
          score: z.number(),
          severity: z.enum(ADVISORY_SEVERITIES),
        })
        .nullable(),
      /** Scored in CVSS 4.0 only: CSAF 2.0 has no 4.0, so the CSAF document carries it in a note. */
      csafCvssInNote: z.boolean(),
    }),
  ),
  affected: z.array(
    z.object({
      label: z.string(),
      ecosystem: z.string().nullable(),
      name: z.string(),
      ranges: z.array(
        z.object({ type: z.string(), repo: z.string().nullable(), intervals: z.array(z.string()) }),
      ),
      versions: z.array(z.string()),
      patchedVersions: z.array(z.string()),
      cveIds: z.array(z.string()),
    }),
  ),
  credits: z.array(z.object({ name: z.string(), type: z.string(), contact: z.string().nullable() })),
  references: z.array(z.object({ url: z.string(), tags: z.array(z.string()) })),
  fixes: z.array(z.object({ url: z.string(), title: z.string().nullable() })),
  revisions: z.array(z.object({ number: z.number().int(), summary: z.string(), publishedAt: z.date() })),
  documents: z.object({
    csaf: ZDocumentLink.nullable(),
    osv: z.array(ZDocumentLink),
    cve: z.array(ZDocumentLink),
  }),
});
export type TPublicAdvisory = z.infer<typeof ZPublicAdvisory>;

function intervalText(
  segment: { introduced: string; fixed?: string; lastAffected?: string },
  git: boolean,
): string {
  const short = (v: string) => (git && v.length > 12 ? v.slice(0, 12) : v);
  const from =
    segment.introduced === "0"
      ? git
        ? "the first commit"
        : "every version"
      : `>= ${short(segment.introduced)}`;
  if (segment.fixed !== undefined) return `${from}, < ${short(segment.fixed)}`;
  if (segment.lastAffected !== undefined) return `${from}, <= ${short(segment.lastAffected)}`;
  return `${from} (no fix yet)`;
}

function affectedView(content: TAdvisoryContent, entry: TAffected): TPublicAdvisory["affected"][number] {
  return {
    label: affectedLabel(entry),
    ecosystem: entry.kind === "package" ? entry.ecosystem : null,
    name: entry.kind === "package" ? entry.name : `${entry.vendor} ${entry.product}`,
    ranges: entry.ranges.map((r) => ({
      type: r.type,
      repo: r.repo ?? null,
      intervals: rangeSegments(r).map((s) => intervalText(s, r.type === "GIT")),
    })),
    versions: entry.versions,
    patchedVersions: patchedVersions(entry),
    cveIds: vulnerabilitiesOf(content, entry).flatMap((v) => (v.cveId ? [v.cveId] : [])),
  };
}

function severityOf(value: string): (typeof ADVISORY_SEVERITIES)[number] {
  return (ADVISORY_SEVERITIES as readonly string[]).includes(value)
    ? (value as (typeof ADVISORY_SEVERITIES)[number])
    : "None";
}

/**
 * Which package an OSV record is about, from its name: osvRecords numbers records by the entry's position
 * ("x_<id>-<n>"), or gives the single entry's the bare id.
 */
function osvPackageOf(content: TAdvisoryContent, publicId: string, name: string): string | null {
  const base = name.replace(/\.json$/, "");
  const id = publicId.toLowerCase();
  if (base.endsWith(id) && content.affected.length === 1 && content.affected[0]) {
    return affectedLabel(content.affected[0]);
  }
  const match = /-(\d+)$/.exec(base.slice(base.lastIndexOf(id) + id.length));
  const entry = match?.[1] ? content.affected[Number(match[1]) - 1] : undefined;
  return entry ? affectedLabel(entry) : null;
}

/** Where each stored document is downloaded (advisory-files.ts serves these paths). */
export function documentPath(publicId: string, format: string, name: string): string {
  return format === "csaf"
    ? `/advisories/${publicId}/csaf.json`
    : `/advisories/${publicId}/${format}/${name}`;
}

/** One published advisory for its public page, with its history and downloads. Unknown id: NOT_FOUND. */
export async function getPublicAdvisory(db: Db, publicId: string): Promise<TPublicAdvisory> {
  const notFound = () => new AppError(AppErrorCode.NOT_FOUND, "There is no such advisory.");
  if (!PUBLIC_ID.test(publicId)) throw notFound();
  const row = await db.advisory.findUnique({
    where: { publicId },
    select: {
      id: true,
      publicId: true,
      title: true,
      summary: true,
      severity: true,
      cvssScore: true,
      cveIds: true,
      content: true,
      revision: true,
      publishedAt: true,
      modifiedAt: true,
      withdrawnAt: true,
      withdrawnReason: true,
      revisions: { orderBy: { number: "asc" }, select: { number: true, summary: true, publishedAt: true } },
    },
  });
  if (!row) throw notFound();
  const documents = await db.advisoryDocument.findMany({
    where: { advisoryId: row.id, revision: row.revision },
    orderBy: [{ format: "asc" }, { name: "asc" }],
    select: { format: true, name: true, sha256: true },
  });
  // Stored only after every export of it was checked: it parses.
  const content = ZAdvisoryContent.parse(row.content);
  const link = (d: (typeof documents)[number], label: string) => ({
    name: d.name,
    label,
    path: documentPath(row.publicId, d.format, d.name),
    sha256: d.sha256,
  });
  const csaf = documents.find((d) => d.format === "csaf");
  return {
    publicId: row.publicId,
    title: row.title,
    summary: row.summary,
    severity: row.severity === null ? null : severityOf(row.severity),
    cvssScore: row.cvssScore,
    cveIds: row.cveIds,
    publishedAt: row.publishedAt,
    modifiedAt: row.modifiedAt,
    revision: row.revision,
    withdrawn: row.withdrawnAt ? { at: row.withdrawnAt, reason: row.withdrawnReason ?? "" } : null,
    descriptionHtml: renderMarkdown(content.description),
    workaroundsHtml: content.workarounds ? renderMarkdown(content.workarounds) : null,
    upgradeHtml: content.upgradeInstructions ? renderMarkdown(content.upgradeInstructions) : null,
    vulnerabilities: content.vulnerabilities.map((v) => {
      const scored = v.cvssVector ? scoreCvss(v.cvssVector) : null;
      return {
        title: v.title ?? null,
        cveId: v.cveId,
        cweId: v.cweId,
        cweName: v.cweId ? (findCwe(v.cweId)?.name ?? null) : null,
        cvss: scored
          ? {
              vector: scored.vector,
              version: scored.version,
              score: scored.score,
              severity: severityOf(scored.severity),
            }
          : null,
        csafCvssInNote: scored?.version === "4.0",
      };
    }),
    affected: content.affected.map((entry) => affectedView(content, entry)),
    credits: content.credits.map((c) => ({ name: c.name, type: c.type, contact: c.contact ?? null })),
    references: content.references.map((r) => ({ url: r.url, tags: [...r.tags] })),
    fixes: content.fixes.map((f) => ({ url: f.url, title: f.title ?? null })),
    revisions: row.revisions,
    documents: {
      csaf: csaf ? link(csaf, "CSAF 2.0") : null,
      osv: documents
        .filter((d) => d.format === "osv")
        .map((d) => link(d, `OSV: ${osvPackageOf(content, row.publicId, d.name) ?? d.name}`)),
      cve: documents
        .filter((d) => d.format === "cve")
        .map((d) => link(d, `CVE JSON ${d.name.replace(/\.json$/, "").toUpperCase()}`)),
    },
  };
}
