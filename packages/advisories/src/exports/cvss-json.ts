import { type CvssScore, parseCvssVector, scoreCvss } from "@disclose/domain";

/**
 * A CVSS vector as FIRST's JSON representation (the objects CVE JSON 5 calls cvssV3_0 / cvssV3_1 / cvssV4_0 and
 * CSAF calls cvss_v3): version, vector, scores, and every metric the vector sets, spelled the JSON way. Metrics
 * the vector leaves out (or sets to X) are left out too, so the properties always agree with the vector (CSAF
 * mandatory test 6.1.10) and the scores are the domain's, checked against FIRST's examples (test 6.1.9).
 */

type Table = Readonly<Record<string, string>>;
const X: Table = { X: "NOT_DEFINED" };
const CIA3: Table = { N: "NONE", L: "LOW", H: "HIGH" };
const REQ: Table = { L: "LOW", M: "MEDIUM", H: "HIGH", ...X };
const AV3: Table = { N: "NETWORK", A: "ADJACENT_NETWORK", L: "LOCAL", P: "PHYSICAL" };
const AC: Table = { L: "LOW", H: "HIGH" };
const PR: Table = { N: "NONE", L: "LOW", H: "HIGH" };
const UI3: Table = { N: "NONE", R: "REQUIRED" };
const S3: Table = { U: "UNCHANGED", C: "CHANGED" };

/** Vector key → [JSON property, value table]. */
const V3: Readonly<Record<string, readonly [string, Table]>> = {
  AV: ["attackVector", AV3],
  AC: ["attackComplexity", AC],
  PR: ["privilegesRequired", PR],
  UI: ["userInteraction", UI3],
  S: ["scope", S3],
  C: ["confidentialityImpact", CIA3],
  I: ["integrityImpact", CIA3],
  A: ["availabilityImpact", CIA3],
  E: ["exploitCodeMaturity", { U: "UNPROVEN", P: "PROOF_OF_CONCEPT", F: "FUNCTIONAL", H: "HIGH", ...X }],
  RL: [
    "remediationLevel",
    { O: "OFFICIAL_FIX", T: "TEMPORARY_FIX", W: "WORKAROUND", U: "UNAVAILABLE", ...X },
  ],
  RC: ["reportConfidence", { U: "UNKNOWN", R: "REASONABLE", C: "CONFIRMED", ...X }],
  CR: ["confidentialityRequirement", REQ],
  IR: ["integrityRequirement", REQ],
  AR: ["availabilityRequirement", REQ],
  MAV: ["modifiedAttackVector", { ...AV3, ...X }],
  MAC: ["modifiedAttackComplexity", { ...AC, ...X }],
  MPR: ["modifiedPrivilegesRequired", { ...PR, ...X }],
  MUI: ["modifiedUserInteraction", { ...UI3, ...X }],
  MS: ["modifiedScope", { ...S3, ...X }],
  MC: ["modifiedConfidentialityImpact", { ...CIA3, ...X }],
  MI: ["modifiedIntegrityImpact", { ...CIA3, ...X }],
  MA: ["modifiedAvailabilityImpact", { ...CIA3, ...X }],
};

const AV4: Table = { N: "NETWORK", A: "ADJACENT", L: "LOCAL", P: "PHYSICAL" };
const AT4: Table = { N: "NONE", P: "PRESENT" };
const UI4: Table = { N: "NONE", P: "PASSIVE", A: "ACTIVE" };
const CIA4: Table = { H: "HIGH", L: "LOW", N: "NONE" };
const V4: Readonly<Record<string, readonly [string, Table]>> = {
  AV: ["attackVector", AV4],
  AC: ["attackComplexity", AC],
  AT: ["attackRequirements", AT4],
  PR: ["privilegesRequired", PR],
  UI: ["userInteraction", UI4],
  VC: ["vulnConfidentialityImpact", CIA4],
  VI: ["vulnIntegrityImpact", CIA4],
  VA: ["vulnAvailabilityImpact", CIA4],
  SC: ["subConfidentialityImpact", CIA4],
  SI: ["subIntegrityImpact", CIA4],
  SA: ["subAvailabilityImpact", CIA4],
  E: ["exploitMaturity", { A: "ATTACKED", P: "PROOF_OF_CONCEPT", U: "UNREPORTED", ...X }],
  CR: ["confidentialityRequirement", REQ],
  IR: ["integrityRequirement", REQ],
  AR: ["availabilityRequirement", REQ],
  MAV: ["modifiedAttackVector", { ...AV4, ...X }],
  MAC: ["modifiedAttackComplexity", { ...AC, ...X }],
  MAT: ["modifiedAttackRequirements", { ...AT4, ...X }],
  MPR: ["modifiedPrivilegesRequired", { ...PR, ...X }],
  MUI: ["modifiedUserInteraction", { ...UI4, ...X }],
  MVC: ["modifiedVulnConfidentialityImpact", { ...CIA4, ...X }],
  MVI: ["modifiedVulnIntegrityImpact", { ...CIA4, ...X }],
  MVA: ["modifiedVulnAvailabilityImpact", { ...CIA4, ...X }],
  MSC: ["modifiedSubConfidentialityImpact", { ...CIA4, ...X }],
  MSI: ["modifiedSubIntegrityImpact", { ...CIA4, S: "SAFETY", ...X }],
  MSA: ["modifiedSubAvailabilityImpact", { ...CIA4, S: "SAFETY", ...X }],
  S: ["Safety", { N: "NEGLIGIBLE", P: "PRESENT", ...X }],
  AU: ["Automatable", { N: "NO", Y: "YES", ...X }],
  R: ["Recovery", { A: "AUTOMATIC", U: "USER", I: "IRRECOVERABLE", ...X }],
  V: ["valueDensity", { D: "DIFFUSE", C: "CONCENTRATED", ...X }],
  RE: ["vulnerabilityResponseEffort", { L: "LOW", M: "MODERATE", H: "HIGH", ...X }],
  U: ["providerUrgency", { Clear: "CLEAR", Green: "GREEN", Amber: "AMBER", Red: "RED", ...X }],
};

const TEMPORAL3 = ["E", "RL", "RC"];

const severityJson = (score: number) =>
  score === 0 ? "NONE" : score < 4 ? "LOW" : score < 7 ? "MEDIUM" : score < 9 ? "HIGH" : "CRITICAL";

export type CvssJson = Record<string, string | number>;

/** The FIRST JSON object for a vector; throws CvssError for an invalid one (the model refuses those first). */
export function cvssJson(vector: string): {
  version: CvssScore["version"];
  json: CvssJson;
  score: CvssScore;
} {
  const parsed = parseCvssVector(vector);
  const score = scoreCvss(vector);
  const table = parsed.version === "4.0" ? V4 : V3;
  const json: CvssJson = { version: parsed.version, vectorString: vector };
  for (const [key, value] of parsed.metrics) {
    const entry = table[key];
    if (entry === undefined || value === "X") continue;
    const mapped = entry[1][value];
    if (mapped !== undefined) json[entry[0]] = mapped;
  }
  if (parsed.version === "4.0") {
    // CVSS 4.0's JSON has one score; it is the score of the whole vector (CVSS-B, -BT, -BE or -BTE).
    json.baseScore = score.score;
    json.baseSeverity = severityJson(score.score);
    return { version: parsed.version, json, score };
  }
  json.baseScore = score.baseScore;
  json.baseSeverity = severityJson(score.baseScore);
  const setKeys = [...parsed.metrics].filter(([, v]) => v !== "X").map(([k]) => k);
  if (setKeys.some((k) => TEMPORAL3.includes(k)) && score.temporalScore !== null) {
    json.temporalScore = score.temporalScore;
    json.temporalSeverity = severityJson(score.temporalScore);
  }
  const environmental = setKeys.some((k) => !TEMPORAL3.includes(k) && !(k in BASE3));
  if (environmental && score.environmentalScore !== null) {
    json.environmentalScore = score.environmentalScore;
    json.environmentalSeverity = severityJson(score.environmentalScore);
  }
  return { version: parsed.version, json, score };
}

const BASE3: Readonly<Record<string, true>> = {
  AV: true,
  AC: true,
  PR: true,
  UI: true,
  S: true,
  C: true,
  I: true,
  A: true,
};
