import type { CvssMetricDefinition, CvssScore, CvssVersion } from "@disclose/domain";

/**
 * The view model of the CVSS calculator: the vector text and the metric selections kept in step, with no
 * React in it. Validity, messages and scores are the domain's; this file only maps a vector string to
 * radio selections and back. The rules are passed in so the component can load the domain lazily.
 */
export type CvssRules = Pick<
  typeof import("@disclose/domain"),
  | "CvssError"
  | "cvssMetricDefinitions"
  | "cvssNomenclature"
  | "parseCvssVector"
  | "scoreCvss"
  | "MAX_CVSS_VECTOR_LENGTH"
>;

export type Selections = Readonly<Record<string, string>>;

/** The versions the switch offers; a pasted 3.0 vector is kept as 3.0 and sits under "3.1". */
export type CvssSwitchVersion = "3.1" | "4.0";
export const SWITCH_VERSIONS: readonly CvssSwitchVersion[] = ["3.1", "4.0"];

export function switchVersionOf(version: CvssVersion): CvssSwitchVersion {
  return version === "4.0" ? "4.0" : "3.1";
}

interface Snapshot {
  readonly version: CvssVersion;
  readonly text: string;
  readonly selections: Selections;
}

export interface CvssCalculatorState extends Snapshot {
  /** What the other version held when the user switched away, so switching back loses nothing. */
  readonly saved: Readonly<Partial<Record<CvssSwitchVersion, Snapshot>>>;
}

export type CvssEvaluation =
  | { readonly kind: "empty" }
  | { readonly kind: "incomplete"; readonly missing: readonly CvssMetricDefinition[] }
  | { readonly kind: "invalid"; readonly metric: string; readonly message: string }
  | { readonly kind: "scored"; readonly score: CvssScore };

const PREFIX_LENGTH = "CVSS:3.1/".length;
const VERSIONS: readonly CvssVersion[] = ["3.0", "3.1", "4.0"];

function prefixOf(version: CvssVersion): string {
  return `CVSS:${version}/`;
}

/** The version a text claims by its exact prefix, or null. */
export function versionOfText(text: string): CvssVersion | null {
  return VERSIONS.find((version) => text.startsWith(prefixOf(version))) ?? null;
}

/** The canonical vector for these selections: specification order, Not Defined ("X") left out. */
export function buildVector(rules: CvssRules, version: CvssVersion, selections: Selections): string {
  const parts = [`CVSS:${version}`];
  for (const def of rules.cvssMetricDefinitions(version)) {
    const value = selections[def.key];
    if (value !== undefined && value !== "X") parts.push(`${def.key}:${value}`);
  }
  return parts.join("/");
}

/**
 * The selections a text spells out, as far as it can be read: every NAME:VALUE part the version defines,
 * the first of duplicates. A vector the domain refuses still sets the radios it can, so what the
 * calculator shows matches what was typed; the message names what is wrong.
 */
export function readSelections(
  rules: CvssRules,
  text: string,
): { version: CvssVersion; selections: Selections } | null {
  const trimmed = text.trim();
  if (trimmed.length > rules.MAX_CVSS_VECTOR_LENGTH) return null;
  const version = versionOfText(trimmed);
  if (version === null) return null;
  const defs = new Map(rules.cvssMetricDefinitions(version).map((def) => [def.key, def]));
  const selections: Record<string, string> = {};
  for (const part of trimmed.slice(PREFIX_LENGTH).split("/")) {
    const [key, value, ...rest] = part.split(":");
    if (key === undefined || value === undefined || rest.length > 0) continue;
    const def = defs.get(key);
    if (!def || Object.hasOwn(selections, key)) continue;
    if (def.values.some((v) => v.value === value)) selections[key] = value;
  }
  return { version, selections };
}

export function initialState(rules: CvssRules | null, text: string): CvssCalculatorState {
  const read = rules ? readSelections(rules, text) : null;
  return {
    version: read?.version ?? "3.1",
    text,
    selections: read?.selections ?? {},
    saved: {},
  };
}

/** The user typed or pasted: the text is kept exactly; the radios follow what can be read of it. */
export function typeText(rules: CvssRules, state: CvssCalculatorState, text: string): CvssCalculatorState {
  if (text.trim() === "") return { ...state, text, selections: {} };
  const read = readSelections(rules, text);
  if (!read) return { ...state, text };
  return { ...state, text, version: read.version, selections: read.selections };
}

/**
 * Sets one metric in a text that already has this version's prefix, leaving every other part as typed:
 * the part is replaced where it is (later duplicates of it dropped), or inserted in specification order.
 * "X" (Not Defined) removes the part.
 */
export function setMetricInText(
  rules: CvssRules,
  text: string,
  version: CvssVersion,
  key: string,
  value: string,
): string {
  const trimmed = text.trim();
  const order = new Map(rules.cvssMetricDefinitions(version).map((def, index) => [def.key, index]));
  const parts = trimmed
    .slice(PREFIX_LENGTH)
    .split("/")
    .filter((part) => part !== "");
  const keyOf = (part: string) => part.split(":")[0] ?? "";
  const out: string[] = [];
  let placed = false;
  for (const part of parts) {
    if (keyOf(part) !== key) {
      out.push(part);
    } else if (!placed) {
      placed = true;
      if (value !== "X") out.push(`${key}:${value}`);
    }
  }
  if (!placed && value !== "X") {
    const mine = order.get(key) ?? Number.MAX_SAFE_INTEGER;
    const at = out.findIndex((part) => (order.get(keyOf(part)) ?? -1) > mine);
    out.splice(at === -1 ? out.length : at, 0, `${key}:${value}`);
  }
  return [`CVSS:${version}`, ...out].join("/");
}

/** The user picked a value in the calculator. */
export function chooseMetric(
  rules: CvssRules,
  state: CvssCalculatorState,
  key: string,
  value: string,
): CvssCalculatorState {
  const trimmed = state.text.trim();
  // A text of this version is edited in place, so a typed part the domain refuses stays visible.
  const text = trimmed.startsWith(prefixOf(state.version))
    ? setMetricInText(rules, trimmed, state.version, key, value)
    : buildVector(rules, state.version, { ...state.selections, [key]: value });
  return typeText(rules, state, text);
}

/** The version switch: each version keeps its own vector, so switching back restores it. */
export function switchVersion(state: CvssCalculatorState, next: CvssSwitchVersion): CvssCalculatorState {
  const current = switchVersionOf(state.version);
  if (current === next) return state;
  const saved = {
    ...state.saved,
    [current]: { version: state.version, text: state.text, selections: state.selections },
  };
  const restored = state.saved[next] ?? { version: next, text: "", selections: {} };
  return { ...restored, saved };
}

/** What the calculator says about its text: nothing yet, what is left to pick, the domain's refusal, or the score. */
export function evaluate(
  rules: CvssRules,
  state: Pick<CvssCalculatorState, "text" | "version" | "selections">,
): CvssEvaluation {
  const trimmed = state.text.trim();
  if (trimmed === "") return { kind: "empty" };
  try {
    return { kind: "scored", score: rules.scoreCvss(trimmed) };
  } catch (error) {
    if (!(error instanceof rules.CvssError)) {
      return { kind: "invalid", metric: "CVSS", message: "This is not a valid CVSS vector." };
    }
    // A vector still being built: name what is left rather than scolding.
    if (error.code === "missing-metric") {
      const missing = rules
        .cvssMetricDefinitions(state.version)
        .filter((def) => def.mandatory && state.selections[def.key] === undefined);
      if (missing.length > 0) return { kind: "incomplete", missing };
    }
    return { kind: "invalid", metric: error.metric, message: error.message };
  }
}

/** A vector on its own (the reporter's): its score, or the domain's refusal. */
export function evaluateVector(rules: CvssRules, vector: string): CvssEvaluation {
  return evaluate(rules, initialState(rules, vector));
}

/**
 * The metrics (keys, in specification order) where the calculator's vector and another of the same version
 * disagree, Not Defined counting as unset; empty when the versions differ or either cannot be read.
 */
export function differingMetrics(
  rules: CvssRules,
  other: string,
  state: Pick<CvssCalculatorState, "text" | "version" | "selections">,
): string[] {
  const theirs = readSelections(rules, other);
  if (!theirs || theirs.version !== state.version || state.text.trim() === "") return [];
  const norm = (value: string | undefined) => (value === "X" ? undefined : value);
  return rules
    .cvssMetricDefinitions(state.version)
    .filter((def) => norm(theirs.selections[def.key]) !== norm(state.selections[def.key]))
    .map((def) => def.key);
}
