/**
 * Metric definitions for CVSS 3.0, 3.1 and 4.0: the single source for strict parsing and for the
 * calculator UI (names, values, short descriptions). The order of each list is the specification's
 * table order (3.x Table 15, 4.0 Table 23); the parser relies on it where the spec requires order.
 */

export type CvssVersion = "3.0" | "3.1" | "4.0";
export type CvssMetricGroup = "base" | "temporal" | "threat" | "environmental" | "supplemental";

export interface CvssMetricValue {
  /** Abbreviated value as it appears in a vector string (case sensitive). */
  readonly value: string;
  readonly name: string;
  readonly description: string;
}

export interface CvssMetricDefinition {
  /** Abbreviated metric name as it appears in a vector string (case sensitive). */
  readonly key: string;
  readonly name: string;
  readonly group: CvssMetricGroup;
  readonly mandatory: boolean;
  readonly description: string;
  readonly values: readonly CvssMetricValue[];
}

const v = (value: string, name: string, description: string): CvssMetricValue => ({
  value,
  name,
  description,
});
const NOT_DEFINED = v("X", "Not Defined", "Not assessed; the score uses the default for this metric.");

const impact3 = (what: string): CvssMetricValue[] => [
  v("H", "High", `Total loss of ${what}, or a serious consequence.`),
  v("L", "Low", `Some loss of ${what}; the attacker has limited control.`),
  v("N", "None", `No loss of ${what}.`),
];
const requirement = (what: string): CvssMetricValue[] => [
  NOT_DEFINED,
  v("H", "High", `Loss of ${what} is likely to have a catastrophic effect on the organisation.`),
  v("M", "Medium", `Loss of ${what} is likely to have a serious effect on the organisation.`),
  v("L", "Low", `Loss of ${what} is likely to have only a limited effect on the organisation.`),
];

const AV3 = [
  v("N", "Network", 'Exploitable remotely, across routers ("remotely exploitable").'),
  v("A", "Adjacent", "Limited to a shared physical or logical network (e.g. Bluetooth, same subnet)."),
  v("L", "Local", "Needs local access (keyboard, console, SSH) or user interaction to run a file."),
  v("P", "Physical", "Needs the attacker to touch or manipulate the device."),
];
const AC3 = [
  v("L", "Low", "No specialised conditions; repeatable success."),
  v("H", "High", "Success depends on conditions beyond the attacker's control."),
];
const PR3 = [
  v("N", "None", "No authorisation needed before the attack."),
  v("L", "Low", "Basic user privileges needed."),
  v("H", "High", "Administrative or significant privileges needed."),
];
const UI3 = [
  v("N", "None", "No user needs to do anything."),
  v("R", "Required", "A user must take some action before exploitation."),
];
const S3 = [
  v("U", "Unchanged", "Only resources managed by the same security authority are affected."),
  v("C", "Changed", "Resources beyond the vulnerable component's security scope are affected."),
];

/** A metric; base metrics are the mandatory ones in every version. */
const m = (
  key: string,
  name: string,
  group: CvssMetricGroup,
  description: string,
  values: CvssMetricValue[],
): CvssMetricDefinition => ({ key, name, group, mandatory: group === "base", description, values });

/** CR, IR and AR: the same in CVSS 3.x and 4.0. */
function requirementMetrics(): CvssMetricDefinition[] {
  return [
    m(
      "CR",
      "Confidentiality Requirement",
      "environmental",
      "Importance of confidentiality here.",
      requirement("confidentiality"),
    ),
    m(
      "IR",
      "Integrity Requirement",
      "environmental",
      "Importance of integrity here.",
      requirement("integrity"),
    ),
    m(
      "AR",
      "Availability Requirement",
      "environmental",
      "Importance of availability here.",
      requirement("availability"),
    ),
  ];
}

function cvss3Metrics(): CvssMetricDefinition[] {
  const modified = (values: CvssMetricValue[]) => [NOT_DEFINED, ...values];
  return [
    m("AV", "Attack Vector", "base", "How remote the attacker can be.", AV3),
    m("AC", "Attack Complexity", "base", "Conditions beyond the attacker's control.", AC3),
    m("PR", "Privileges Required", "base", "Privileges the attacker needs first.", PR3),
    m("UI", "User Interaction", "base", "Whether a user other than the attacker must act.", UI3),
    m("S", "Scope", "base", "Whether impact reaches beyond the vulnerable component.", S3),
    m("C", "Confidentiality", "base", "Impact on confidentiality.", impact3("confidentiality")),
    m("I", "Integrity", "base", "Impact on integrity.", impact3("integrity")),
    m("A", "Availability", "base", "Impact on availability.", impact3("availability")),
    m("E", "Exploit Code Maturity", "temporal", "Likelihood of attack given exploit availability.", [
      NOT_DEFINED,
      v("H", "High", "Autonomous or easily available functional exploit."),
      v("F", "Functional", "Functional exploit code is available."),
      v("P", "Proof-of-Concept", "Proof-of-concept code is available."),
      v("U", "Unproven", "No exploit code is available."),
    ]),
    m("RL", "Remediation Level", "temporal", "How far remediation has gone.", [
      NOT_DEFINED,
      v("U", "Unavailable", "No solution available."),
      v("W", "Workaround", "An unofficial, non-vendor solution exists."),
      v("T", "Temporary Fix", "An official but temporary fix exists."),
      v("O", "Official Fix", "A complete vendor solution is available."),
    ]),
    m(
      "RC",
      "Report Confidence",
      "temporal",
      "Confidence in the existence and details of the vulnerability.",
      [
        NOT_DEFINED,
        v("C", "Confirmed", "Detailed reports or reproduction confirm it."),
        v("R", "Reasonable", "Significant details published, root cause not fully confirmed."),
        v("U", "Unknown", "Reports of impact, cause unknown."),
      ],
    ),
    ...requirementMetrics(),
    m("MAV", "Modified Attack Vector", "environmental", "Attack Vector in this environment.", modified(AV3)),
    m(
      "MAC",
      "Modified Attack Complexity",
      "environmental",
      "Attack Complexity in this environment.",
      modified(AC3),
    ),
    m(
      "MPR",
      "Modified Privileges Required",
      "environmental",
      "Privileges Required in this environment.",
      modified(PR3),
    ),
    m(
      "MUI",
      "Modified User Interaction",
      "environmental",
      "User Interaction in this environment.",
      modified(UI3),
    ),
    m("MS", "Modified Scope", "environmental", "Scope in this environment.", modified(S3)),
    m(
      "MC",
      "Modified Confidentiality",
      "environmental",
      "Confidentiality impact here.",
      modified(impact3("confidentiality")),
    ),
    m("MI", "Modified Integrity", "environmental", "Integrity impact here.", modified(impact3("integrity"))),
    m(
      "MA",
      "Modified Availability",
      "environmental",
      "Availability impact here.",
      modified(impact3("availability")),
    ),
  ];
}

const AV4 = [
  v(
    "N",
    "Network",
    'Bound to the network stack; exploitable one or more hops away ("remotely exploitable").',
  ),
  v("A", "Adjacent", "Limited at the protocol level to a logically adjacent topology."),
  v("L", "Local", "Not bound to the network stack; local access or user action needed."),
  v("P", "Physical", "The attacker must physically touch or manipulate the system."),
];
const AC4 = [
  v("L", "Low", "No measurable action is needed to evade security-enhancing conditions."),
  v("H", "High", "Success depends on evading or circumventing security-enhancing conditions."),
];
const AT4 = [
  v("N", "None", "No deployment or execution conditions are needed."),
  v("P", "Present", "Success depends on specific deployment or execution conditions (e.g. a race)."),
];
const PR4 = [
  v("N", "None", "Unauthenticated."),
  v("L", "Low", "Basic user capabilities needed."),
  v("H", "High", "Significant (e.g. administrative) control needed."),
];
const UI4 = [
  v("N", "None", "No human user other than the attacker is involved."),
  v("P", "Passive", "Limited, involuntary interaction by a targeted user."),
  v("A", "Active", "A user must perform specific, conscious actions."),
];
const impact4 = (system: string, what: string) => [
  v("H", "High", `Total loss of ${what} of the ${system} system, or a serious consequence.`),
  v("L", "Low", `Some loss of ${what} of the ${system} system.`),
  v("N", "None", `No loss of ${what} of the ${system} system.`),
];
const withSafety = (values: CvssMetricValue[]) => [
  ...values,
  v("S", "Safety", "The exploited vulnerability can cause injury (IEC 61508 safety categories)."),
];

function cvss4Metrics(): CvssMetricDefinition[] {
  const env = (values: CvssMetricValue[]) => [NOT_DEFINED, ...values];
  return [
    m("AV", "Attack Vector", "base", "How remote the attacker can be.", AV4),
    m("AC", "Attack Complexity", "base", "Actions needed to evade built-in protections.", AC4),
    m("AT", "Attack Requirements", "base", "Deployment or execution conditions that enable the attack.", AT4),
    m("PR", "Privileges Required", "base", "Privileges the attacker needs first.", PR4),
    m("UI", "User Interaction", "base", "Whether another human must take part.", UI4),
    m(
      "VC",
      "Vulnerable System Confidentiality",
      "base",
      "Confidentiality impact on the vulnerable system.",
      impact4("vulnerable", "confidentiality"),
    ),
    m(
      "VI",
      "Vulnerable System Integrity",
      "base",
      "Integrity impact on the vulnerable system.",
      impact4("vulnerable", "integrity"),
    ),
    m(
      "VA",
      "Vulnerable System Availability",
      "base",
      "Availability impact on the vulnerable system.",
      impact4("vulnerable", "availability"),
    ),
    m(
      "SC",
      "Subsequent System Confidentiality",
      "base",
      "Confidentiality impact on subsequent systems.",
      impact4("subsequent", "confidentiality"),
    ),
    m(
      "SI",
      "Subsequent System Integrity",
      "base",
      "Integrity impact on subsequent systems.",
      impact4("subsequent", "integrity"),
    ),
    m(
      "SA",
      "Subsequent System Availability",
      "base",
      "Availability impact on subsequent systems.",
      impact4("subsequent", "availability"),
    ),
    m("E", "Exploit Maturity", "threat", "Likelihood of attack given the state of exploitation.", [
      NOT_DEFINED,
      v("A", "Attacked", "Attacks have been reported, or simplified exploit tools exist."),
      v("P", "POC", "A proof-of-concept is public, no attacks reported."),
      v("U", "Unreported", "No proof-of-concept and no attacks known."),
    ]),
    ...requirementMetrics(),
    m("MAV", "Modified Attack Vector", "environmental", "Attack Vector in this environment.", env(AV4)),
    m(
      "MAC",
      "Modified Attack Complexity",
      "environmental",
      "Attack Complexity in this environment.",
      env(AC4),
    ),
    m(
      "MAT",
      "Modified Attack Requirements",
      "environmental",
      "Attack Requirements in this environment.",
      env(AT4),
    ),
    m(
      "MPR",
      "Modified Privileges Required",
      "environmental",
      "Privileges Required in this environment.",
      env(PR4),
    ),
    m("MUI", "Modified User Interaction", "environmental", "User Interaction in this environment.", env(UI4)),
    m(
      "MVC",
      "Modified Vulnerable System Confidentiality",
      "environmental",
      "Confidentiality impact here.",
      env(impact4("vulnerable", "confidentiality")),
    ),
    m(
      "MVI",
      "Modified Vulnerable System Integrity",
      "environmental",
      "Integrity impact here.",
      env(impact4("vulnerable", "integrity")),
    ),
    m(
      "MVA",
      "Modified Vulnerable System Availability",
      "environmental",
      "Availability impact here.",
      env(impact4("vulnerable", "availability")),
    ),
    m(
      "MSC",
      "Modified Subsequent System Confidentiality",
      "environmental",
      "Subsequent confidentiality impact here.",
      env(impact4("subsequent", "confidentiality")),
    ),
    m(
      "MSI",
      "Modified Subsequent System Integrity",
      "environmental",
      "Subsequent integrity impact here.",
      env(withSafety(impact4("subsequent", "integrity"))),
    ),
    m(
      "MSA",
      "Modified Subsequent System Availability",
      "environmental",
      "Subsequent availability impact here.",
      env(withSafety(impact4("subsequent", "availability"))),
    ),
    m("S", "Safety", "supplemental", "Whether exploitation can affect human safety.", [
      NOT_DEFINED,
      v("N", "Negligible", 'Consequences meet IEC 61508 "negligible" at most.'),
      v("P", "Present", 'Consequences meet IEC 61508 "marginal", "critical" or "catastrophic".'),
    ]),
    m("AU", "Automatable", "supplemental", "Whether an attacker can automate exploitation across targets.", [
      NOT_DEFINED,
      v("N", "No", "At least one step of the kill chain cannot be reliably automated."),
      v("Y", "Yes", "All steps of the kill chain can be reliably automated."),
    ]),
    m("R", "Recovery", "supplemental", "Resilience of the system after an attack.", [
      NOT_DEFINED,
      v("A", "Automatic", "The system recovers services automatically."),
      v("U", "User", "A human must intervene manually to recover."),
      v("I", "Irrecoverable", "The service cannot be recovered."),
    ]),
    m("V", "Value Density", "supplemental", "Resources an attacker gains with one exploitation.", [
      NOT_DEFINED,
      v("D", "Diffuse", "Limited resources per exploitation."),
      v("C", "Concentrated", "Rich resources per exploitation."),
    ]),
    m("RE", "Vulnerability Response Effort", "supplemental", "Effort for consumers to respond.", [
      NOT_DEFINED,
      v("L", "Low", "Low or trivial effort."),
      v("M", "Moderate", "Some effort, minimal service impact."),
      v("H", "High", "Significant or difficult effort, possibly extended service impact."),
    ]),
    m("U", "Provider Urgency", "supplemental", "The provider's own assessment of urgency.", [
      NOT_DEFINED,
      v("Clear", "Clear", "Informational or low urgency."),
      v("Green", "Green", "Reduced urgency."),
      v("Amber", "Amber", "Moderate urgency."),
      v("Red", "Red", "Highest urgency."),
    ]),
  ];
}

const CVSS3 = Object.freeze(cvss3Metrics());
const CVSS4 = Object.freeze(cvss4Metrics());

/** Metric definitions per version, in specification order (what a calculator UI renders). */
export const CVSS_METRICS: Readonly<Record<CvssVersion, readonly CvssMetricDefinition[]>> = Object.freeze({
  "3.0": CVSS3,
  "3.1": CVSS3,
  "4.0": CVSS4,
});

export function cvssMetricDefinitions(version: CvssVersion): readonly CvssMetricDefinition[] {
  return CVSS_METRICS[version];
}
