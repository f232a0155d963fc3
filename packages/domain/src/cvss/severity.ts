export type CvssSeverity = "None" | "Low" | "Medium" | "High" | "Critical";

/**
 * Qualitative severity rating scale (CVSS 3.1 §5, CVSS 4.0 Table 22; identical in 3.0).
 * Scores are one-decimal values, so the bands have no gaps: 3.9 → Low, 4.0 → Medium.
 */
export function cvssSeverity(score: number): CvssSeverity {
  if (!Number.isFinite(score) || score < 0 || score > 10) {
    throw new RangeError(`A CVSS score is between 0.0 and 10.0, got ${score}`);
  }
  if (score === 0) return "None";
  if (score < 4) return "Low";
  if (score < 7) return "Medium";
  if (score < 9) return "High";
  return "Critical";
}
