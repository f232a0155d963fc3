export type CvssErrorCode =
  | "not-a-string"
  | "too-long"
  | "prefix"
  | "syntax"
  | "unknown-metric"
  | "unknown-value"
  | "duplicate-metric"
  | "missing-metric"
  | "order";

/**
 * Thrown for any vector that is not valid under its specification. `metric` names the culprit so a
 * UI can point at it; for a bad prefix it is "CVSS" (the label the specification requires).
 */
export class CvssError extends Error {
  override readonly name = "CvssError";
  constructor(
    readonly code: CvssErrorCode,
    readonly metric: string,
    message: string,
  ) {
    super(message);
  }
}
