import type { Prisma } from "@disclose/db";

/** Selects a report's case's CVE IDs, in the case's order of vulnerabilities. */
export const CASE_CVES_SELECT = {
  select: {
    vulnerabilities: {
      where: { cveId: { not: null } },
      select: { cveId: true },
      orderBy: { position: "asc" },
    },
  },
} as const satisfies Prisma.CaseDefaultArgs;

/** The CVE IDs of a case as one line ("CVE-2026-1, CVE-2026-2"); null while none was assigned. */
export function caseCveLine(
  kase: { vulnerabilities: readonly { cveId: string | null }[] } | null,
): string | null {
  const ids = (kase?.vulnerabilities ?? []).flatMap((v) => (v.cveId ? [v.cveId] : []));
  return ids.length > 0 ? ids.join(", ") : null;
}
