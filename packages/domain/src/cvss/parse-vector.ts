import { CvssError } from "./cvss-error";
import { CVSS_METRICS, type CvssMetricDefinition, type CvssVersion } from "./metrics";

export interface ParsedCvssVector {
  readonly version: CvssVersion;
  readonly vector: string;
  /** Metrics as written, in the order written, including explicit "X" values. */
  readonly metrics: ReadonlyMap<string, string>;
}

/** Longest valid 4.0 vector with every metric spelled out is ~190 characters; anything far past that is hostile. */
export const MAX_CVSS_VECTOR_LENGTH = 512;

const PREFIXES: Readonly<Record<string, CvssVersion>> = {
  "CVSS:3.0/": "3.0",
  "CVSS:3.1/": "3.1",
  "CVSS:4.0/": "4.0",
};

/**
 * Order rules, as we read the specifications:
 * - CVSS 4.0 §7 "Vector String": "A vector string must contain metrics in the order shown in Table 23,
 *   every other ordering is invalid." Table 23 order is Base, Threat (E), Environmental (CR, IR, AR,
 *   then MAV…MSA), Supplemental (S, AU, R, V, RE, U) — the same order FIRST's calculator and its
 *   reference vectors use. So 4.0 vectors are checked for order.
 * - CVSS 3.0 and 3.1 §6 "Vector String": metrics "can be specified in any order", Table 15's order is
 *   only recommended, and consumers "must accept metrics in any order"; the 3.1 spec's own example
 *   `CVSS:3.1/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X` is out of order. So 3.x order is not checked.
 * - Both: the prefix is mandatory, names and values are case sensitive, every Base metric must be
 *   present, and "a vector string must not include the same metric more than once".
 */
const ORDER_REQUIRED: Readonly<Record<CvssVersion, boolean>> = { "3.0": false, "3.1": false, "4.0": true };

export function parseCvssVector(vector: unknown): ParsedCvssVector {
  if (typeof vector !== "string") {
    throw new CvssError("not-a-string", "CVSS", "A CVSS vector must be a string.");
  }
  if (vector.length > MAX_CVSS_VECTOR_LENGTH) {
    throw new CvssError("too-long", "CVSS", `A CVSS vector is at most ${MAX_CVSS_VECTOR_LENGTH} characters.`);
  }
  const prefix = vector.slice(0, 9);
  const version = Object.hasOwn(PREFIXES, prefix) ? PREFIXES[prefix] : undefined;
  if (version === undefined) {
    throw new CvssError(
      "prefix",
      "CVSS",
      'A CVSS vector must start with "CVSS:3.0/", "CVSS:3.1/" or "CVSS:4.0/" (exactly, in capitals).',
    );
  }
  const definitions = CVSS_METRICS[version];
  const byKey = new Map<string, { def: CvssMetricDefinition; index: number }>();
  definitions.forEach((def, index) => {
    byKey.set(def.key, { def, index });
  });

  const metrics = new Map<string, string>();
  let lastIndex = -1;
  let lastKey = "";
  for (const part of vector.slice(9).split("/")) {
    const colon = part.indexOf(":");
    if (part.length === 0 || colon <= 0 || colon !== part.lastIndexOf(":")) {
      const culprit = colon > 0 ? part.slice(0, colon) : part || "(empty)";
      throw new CvssError(
        "syntax",
        culprit,
        `"${part}" is not a metric: each part must be NAME:VALUE, separated by "/" (CVSS ${version}).`,
      );
    }
    const key = part.slice(0, colon);
    const value = part.slice(colon + 1);
    const entry = byKey.get(key);
    if (entry === undefined) {
      throw new CvssError(
        "unknown-metric",
        key,
        `"${key}" is not a CVSS ${version} metric (names are case sensitive).`,
      );
    }
    if (!entry.def.values.some((allowed) => allowed.value === value)) {
      const allowed = entry.def.values.map((x) => x.value).join(", ");
      throw new CvssError(
        "unknown-value",
        key,
        `"${value}" is not a valid value for ${entry.def.name} (${key}) in CVSS ${version}; use one of ${allowed}.`,
      );
    }
    if (metrics.has(key)) {
      throw new CvssError("duplicate-metric", key, `${entry.def.name} (${key}) appears more than once.`);
    }
    if (ORDER_REQUIRED[version] && entry.index < lastIndex) {
      throw new CvssError(
        "order",
        key,
        `${entry.def.name} (${key}) must come before ${lastKey}: CVSS ${version} requires the specification's metric order.`,
      );
    }
    metrics.set(key, value);
    lastIndex = entry.index;
    lastKey = key;
  }
  for (const def of definitions) {
    if (def.mandatory && !metrics.has(def.key)) {
      throw new CvssError(
        "missing-metric",
        def.key,
        `${def.name} (${def.key}) is mandatory in a CVSS ${version} vector.`,
      );
    }
  }
  return { version, vector, metrics };
}
