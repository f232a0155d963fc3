import { z } from "zod";

/**
 * What `pnpm audit --prod --json` reports, reduced to what the gate decides on (npm's v1 audit format, which
 * pnpm prints).
 */
const ZAuditReport = z.object({
  advisories: z
    .record(
      z.string(),
      z.object({
        id: z.number(),
        github_advisory_id: z.string().optional(),
        module_name: z.string(),
        severity: z.enum(["info", "low", "moderate", "high", "critical"]),
        title: z.string(),
        url: z.string(),
        vulnerable_versions: z.string().optional(),
        patched_versions: z.string().optional(),
        findings: z.array(z.object({ version: z.string(), paths: z.array(z.string()) })).default([]),
      }),
    )
    .default({}),
});

/**
 * One accepted advisory: which, why it is acceptable here, and until when (an expired entry fails the gate, so
 * an exception is looked at again rather than forgotten).
 */
const ZAllowEntry = z.object({
  advisory: z.string().regex(/^(GHSA(-[23456789cfghjmpqrvwx]{4}){3}|\d+)$/, "a GHSA id or npm's numeric id"),
  package: z.string().min(1),
  reason: z.string().trim().min(20, "say why this is acceptable here (20 characters or more)"),
  until: z.iso.date(),
});
export const ZAllowList = z.array(ZAllowEntry);
export type TAllowEntry = z.infer<typeof ZAllowEntry>;

export interface TAuditVerdict {
  /** Critical advisories not allowed: each fails the gate. */
  failing: string[];
  /** High advisories: printed, not failing. */
  warnings: string[];
  /** Allowed advisories, with why and until when. */
  allowed: string[];
  /** Allow-list entries past their date: each fails the gate. */
  expired: string[];
}

export function parseAuditReport(json: unknown) {
  return ZAuditReport.parse(json);
}

/** The gate: fails on a critical advisory unless allowed and not expired; high ones are printed. */
export function evaluateAudit(report: z.infer<typeof ZAuditReport>, allowList: TAllowEntry[], today: string) {
  const verdict: TAuditVerdict = { failing: [], warnings: [], allowed: [], expired: [] };
  for (const entry of allowList) {
    if (entry.until < today) {
      verdict.expired.push(
        `${entry.advisory} (${entry.package}) was allowed until ${entry.until}: fix it, or renew the entry with a reason`,
      );
    }
  }
  for (const advisory of Object.values(report.advisories)) {
    const ids = [String(advisory.id), advisory.github_advisory_id].filter(Boolean);
    const versions = [...new Set(advisory.findings.map((f) => f.version))].join(", ");
    const line = `${advisory.severity}: ${advisory.module_name}@${versions || "?"}: ${advisory.title} (${advisory.url})${advisory.patched_versions ? `, fixed in ${advisory.patched_versions}` : ""}`;
    const allowedBy = allowList.find(
      (entry) =>
        ids.includes(entry.advisory) && entry.package === advisory.module_name && entry.until >= today,
    );
    if (allowedBy) verdict.allowed.push(`${line}: allowed until ${allowedBy.until}: ${allowedBy.reason}`);
    else if (advisory.severity === "critical") verdict.failing.push(line);
    else if (advisory.severity === "high") verdict.warnings.push(line);
  }
  return verdict;
}
