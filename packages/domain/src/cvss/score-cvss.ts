import * as aeCvssModule from "ae-cvss-calculator";
import { CvssError } from "./cvss-error";
import { CVSS_METRICS, type CvssVersion } from "./metrics";
import { type ParsedCvssVector, parseCvssVector } from "./parse-vector";
import { type CvssSeverity, cvssSeverity } from "./severity";

// The package is a UMD/CommonJS bundle: under Node's ESM loader its classes sit on `default`, under
// bundlers on the namespace itself. Accept either so the domain works in tests, Next.js and the browser.
const ae: typeof aeCvssModule =
  (aeCvssModule as unknown as { default?: typeof aeCvssModule }).default ?? aeCvssModule;

export interface CvssScore {
  readonly version: CvssVersion;
  readonly vector: string;
  readonly baseScore: number;
  /** 3.x: Temporal score (equals the Base score when no Temporal metric is set). 4.0: null. */
  readonly temporalScore: number | null;
  /** 3.x: Environmental score computed with Not Defined defaults when none is set. 4.0: null. */
  readonly environmentalScore: number | null;
  /**
   * The most specific score the vector defines. 3.x: Environmental if any Environmental metric is
   * set (not X), else Temporal if any Temporal metric is set, else Base. 4.0: the score of the whole
   * vector, i.e. CVSS-B, -BT, -BE or -BTE (see cvssNomenclature).
   */
  readonly score: number;
  readonly severity: CvssSeverity;
}

export type CvssNomenclature = "CVSS-B" | "CVSS-BT" | "CVSS-BE" | "CVSS-BTE";

const oneDecimal = (n: number): number => Math.round(n * 10) / 10;

function requireNumber(n: number | undefined, what: string): number {
  // Unreachable for vectors our parser accepted; guards against a library regression silently scoring 0.
  if (n === undefined || !Number.isFinite(n)) throw new Error(`CVSS library returned no ${what} score`);
  return oneDecimal(n);
}

function isGroupSet(parsed: ParsedCvssVector, group: string): boolean {
  const defs = CVSS_METRICS[parsed.version].filter((d) => d.group === group);
  return defs.some((d) => {
    const value = parsed.metrics.get(d.key);
    return value !== undefined && value !== "X";
  });
}

/** Canonical vector for the library: specification order, explicit "X" values dropped. */
function libraryVector(parsed: ParsedCvssVector, extra: Record<string, string> = {}): string {
  const parts = [`CVSS:${parsed.version}`];
  for (const def of CVSS_METRICS[parsed.version]) {
    const value = extra[def.key] ?? parsed.metrics.get(def.key);
    if (value !== undefined && value !== "X") parts.push(`${def.key}:${value}`);
  }
  return parts.join("/");
}

function score3(parsed: ParsedCvssVector): CvssScore {
  const Calculator = parsed.version === "3.0" ? ae.Cvss3P0 : ae.Cvss3P1;
  const scores = new Calculator(libraryVector(parsed)).calculateScores();
  const baseScore = requireNumber(scores.base, "base");
  const temporalSet = isGroupSet(parsed, "temporal");
  const environmentalSet = isGroupSet(parsed, "environmental");
  // With every Temporal metric Not Defined the multipliers are 1, so Temporal = Roundup(Base) = Base.
  const temporalScore = temporalSet ? requireNumber(scores.temporal, "temporal") : baseScore;
  let environmentalScore: number;
  if (environmentalSet) {
    environmentalScore = requireNumber(scores.environmental, "environmental");
  } else {
    // The library only computes the Environmental equation when some Environmental metric is set.
    // MAV equal to AV is exactly what "MAV:X" means (§7.3), so this yields the all-defaults value,
    // which can differ from Base for a changed scope (the modified-impact equation differs).
    const av = parsed.metrics.get("AV") as string;
    const withDefaults = new Calculator(libraryVector(parsed, { MAV: av })).calculateScores();
    environmentalScore = requireNumber(withDefaults.environmental, "environmental");
  }
  const score = environmentalSet ? environmentalScore : temporalSet ? temporalScore : baseScore;
  return {
    version: parsed.version,
    vector: parsed.vector,
    baseScore,
    temporalScore,
    environmentalScore,
    score,
    severity: cvssSeverity(score),
  };
}

function score4(parsed: ParsedCvssVector): CvssScore {
  const calculator = new ae.Cvss4P0(libraryVector(parsed));
  const scores = calculator.calculateScores();
  const baseScore = requireNumber(scores.baseMetricsOnly, "base");
  const score = requireNumber(scores.overall, "overall");
  return {
    version: "4.0",
    vector: parsed.vector,
    baseScore,
    temporalScore: null,
    environmentalScore: null,
    score,
    severity: cvssSeverity(score),
  };
}

/**
 * Validates a CVSS 3.0, 3.1 or 4.0 vector strictly (throws CvssError naming the bad metric) and scores
 * it. Validation is ours; the arithmetic is ae-cvss-calculator's, checked against FIRST's published
 * examples in score-cvss.test.ts.
 */
export function scoreCvss(vector: string): CvssScore {
  const parsed = parseCvssVector(vector);
  return parsed.version === "4.0" ? score4(parsed) : score3(parsed);
}

/** True when the vector is valid; never throws. */
export function isValidCvssVector(vector: unknown): vector is string {
  try {
    parseCvssVector(vector);
    return true;
  } catch {
    return false;
  }
}

/**
 * CVSS 4.0 §2.3 nomenclature for the score of a 4.0 vector: which metric groups took part. Shown next
 * to every 4.0 score. 3.x has no such labels, so this only accepts 4.0 vectors.
 */
export function cvssNomenclature(vector: string): CvssNomenclature {
  const parsed = parseCvssVector(vector);
  if (parsed.version !== "4.0") {
    throw new CvssError(
      "prefix",
      "CVSS",
      "CVSS nomenclature (CVSS-B, -BT, -BE, -BTE) is defined for CVSS 4.0 only.",
    );
  }
  const threat = isGroupSet(parsed, "threat");
  const environmental = isGroupSet(parsed, "environmental");
  if (threat) return environmental ? "CVSS-BTE" : "CVSS-BT";
  return environmental ? "CVSS-BE" : "CVSS-B";
}

/**
 * CVSS calls Attack Vector "Network" what the policy calls "remotely exploitable"; a hint for the Fix
 * Lead deciding on early disclosure to distributors (the decision stays theirs).
 */
export function isRemotelyExploitableVector(vector: string): boolean {
  return parseCvssVector(vector).metrics.get("AV") === "N";
}
