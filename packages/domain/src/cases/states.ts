/**
 * Case states, in policy order. "spam" is a triage outcome the admin area needs besides the brief's
 * duplicate / rejected / not-a-vulnerability.
 */
export const CASE_STATES = [
  "received",
  "triage",
  "accepted",
  "duplicate",
  "rejected",
  "not-a-vulnerability",
  "spam",
  "fix-in-progress",
  "fix-ready",
  "distributors-notified",
  "released",
  "closed",
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** Triage outcomes that end the case without a fix: nothing follows them. */
export const TRIAGE_OUTCOME_STATES = [
  "duplicate",
  "rejected",
  "not-a-vulnerability",
  "spam",
] as const satisfies readonly CaseState[];
export const TERMINAL_STATES: readonly CaseState[] = [...TRIAGE_OUTCOME_STATES, "closed"];

export const CASE_STATE_LABELS: Readonly<Record<CaseState, string>> = {
  received: "Received",
  triage: "In triage",
  accepted: "Accepted",
  duplicate: "Duplicate",
  rejected: "Rejected",
  "not-a-vulnerability": "Not a vulnerability",
  spam: "Spam",
  "fix-in-progress": "Fix in progress",
  "fix-ready": "Fix ready",
  "distributors-notified": "Distributors notified",
  released: "Released",
  closed: "Closed",
};

export function isTerminalState(state: CaseState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** Cases still being worked on: from arrival to release (not a triage outcome, not closed). */
export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter((state) => !isTerminalState(state));

/** States in which a case is public (released): only then may its credit and CVE be shown to everyone. */
export const PUBLIC_STATES = ["released", "closed"] as const satisfies readonly CaseState[];

/**
 * States in which a case has a Fix Lead and a Fix Team to show and manage: from acceptance on. Triage and its
 * outcomes (duplicate, rejected, not a vulnerability, spam) have neither.
 */
export function hasFixTeam(state: CaseState): boolean {
  return !["received", "triage", ...TRIAGE_OUTCOME_STATES].includes(state);
}
