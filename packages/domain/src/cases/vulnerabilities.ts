import { z } from "zod";
import { parseCvssVector } from "../cvss/parse-vector";
import { type CvssScore, scoreCvss } from "../cvss/score-cvss";
import type { CvssSeverity } from "../cvss/severity";

/**
 * CVE IDs as the CVE Program assigns them: "CVE-", a four-digit year (1999 on, when the list began), "-", and a
 * sequence of four or more digits (CVE ID syntax since 2014). Capitals only, no surrounding space: the ID is used
 * in file names and URLs, so anything looser is refused rather than normalised.
 */
export const CVE_ID_PATTERN = /^CVE-(1999|2\d{3})-\d{4,19}$/;
/** CWE IDs as MITRE writes them: "CWE-" and the entry's number, without leading zeros. */
export const CWE_ID_PATTERN = /^CWE-[1-9]\d{0,5}$/;

export const ZCveId = z.string().regex(CVE_ID_PATTERN, "Enter a CVE ID like CVE-2026-12345.");
export const ZCweId = z.string().regex(CWE_ID_PATTERN, "Enter a CWE ID like CWE-79.");

export function isCveId(value: unknown): value is string {
  return typeof value === "string" && CVE_ID_PATTERN.test(value);
}
export function isCweId(value: unknown): value is string {
  return typeof value === "string" && CWE_ID_PATTERN.test(value);
}

/**
 * One vulnerability of a case: a case has one or more (each gets its own CVE). `cvssVector` is the Fix Lead's
 * final call (null while not scored); the reporter's proposed vector is kept apart and never drives the timeline.
 */
export const ZVulnerability = z.object({
  id: z.string().min(1),
  cveId: ZCveId.nullable(),
  cweId: ZCweId.nullable(),
  cvssVector: z
    .string()
    .nullable()
    .superRefine((vector, ctx) => {
      if (vector === null) return;
      try {
        parseCvssVector(vector);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
      }
    }),
});
export type TVulnerability = z.infer<typeof ZVulnerability>;

export interface CaseCvssScore {
  /** The case's score: the highest final score among its vulnerabilities. */
  readonly score: number;
  readonly severity: CvssSeverity;
  /** Which vulnerability gave it (the first in the list on a tie, so the answer is stable). */
  readonly vulnerabilityId: string;
  readonly vector: string;
  /** Every scored vulnerability's own score, in input order. */
  readonly scores: readonly { readonly vulnerabilityId: string; readonly score: CvssScore }[];
}

/**
 * The case's CVSS score for the timeline: the highest final score among its vulnerabilities (a case is as urgent
 * as its worst issue; a slow-down below 4.0 must hold for all of them). Unscored vulnerabilities are left out;
 * null when none is scored yet. An invalid vector throws CvssError (naming the metric) rather than being skipped,
 * because skipping it could lower the score and let a slow-down through.
 */
export function caseCvssScore(
  vulnerabilities: readonly Pick<TVulnerability, "id" | "cvssVector">[],
): CaseCvssScore | null {
  const scores = vulnerabilities
    .filter((v): v is { id: string; cvssVector: string } => v.cvssVector !== null)
    .map((v) => ({ vulnerabilityId: v.id, score: scoreCvss(v.cvssVector) }));
  let best: (typeof scores)[number] | undefined;
  for (const entry of scores) {
    if (best === undefined || entry.score.score > best.score.score) best = entry;
  }
  if (best === undefined) return null;
  return {
    score: best.score.score,
    severity: best.score.severity,
    vulnerabilityId: best.vulnerabilityId,
    vector: best.score.vector,
    scores,
  };
}

/**
 * Problems with a case's vulnerability list as a whole, empty when fine: a case has at least one vulnerability,
 * and no CVE ID may be given to two of them (each vulnerability gets its own).
 */
export function vulnerabilityListProblems(vulnerabilities: readonly TVulnerability[]): string[] {
  const problems: string[] = [];
  if (vulnerabilities.length === 0) problems.push("A case has at least one vulnerability.");
  const seenIds = new Set<string>();
  const seenCves = new Set<string>();
  for (const v of vulnerabilities) {
    if (seenIds.has(v.id)) problems.push(`Vulnerability ${v.id} is listed twice.`);
    seenIds.add(v.id);
    if (v.cveId === null) continue;
    if (seenCves.has(v.cveId)) problems.push(`${v.cveId} is given to more than one vulnerability.`);
    seenCves.add(v.cveId);
  }
  return problems;
}
