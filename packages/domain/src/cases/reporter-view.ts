import type { CaseState } from "./states";

/** The states a reporter sees on the tracking page: fewer than the staff's, in plain words. */
export const REPORTER_STATES = [
  "received",
  "acknowledged",
  "accepted",
  "duplicate",
  "not-a-vulnerability",
  "rejected",
  "fix-in-progress",
  "fix-ready",
  "released",
  "closed",
] as const;
export type ReporterState = (typeof REPORTER_STATES)[number];

/** What each state means for the person who reported it. */
export const REPORTER_STATE_TEXT: Readonly<Record<ReporterState, { label: string; explanation: string }>> = {
  received: {
    label: "Received",
    explanation: "Your report is stored, encrypted. A member of the security team will acknowledge it soon.",
  },
  acknowledged: {
    label: "Acknowledged",
    explanation: "The security team has your report and is checking whether it is a vulnerability.",
  },
  accepted: {
    label: "Accepted as a vulnerability",
    explanation: "The team confirmed the issue. A Fix Lead is forming a Fix Team to work on it.",
  },
  duplicate: {
    label: "Duplicate",
    explanation: "The team already knew of this issue; it is handled under the earlier report.",
  },
  "not-a-vulnerability": {
    label: "Not a vulnerability",
    explanation: "The team found a problem, but not a security one. It is handled as an ordinary bug.",
  },
  rejected: {
    label: "Rejected",
    explanation: "The team decided not to act on this report. The messages below may say why.",
  },
  "fix-in-progress": {
    label: "Fix in progress",
    explanation: "Engineers are developing and reviewing a fix in private.",
  },
  "fix-ready": {
    label: "Fix ready",
    explanation: "A reviewed fix exists. The team is preparing the release and the announcement.",
  },
  released: {
    label: "Released",
    explanation: "The fix is public. Thank you! The advisory credits you unless you chose to stay anonymous.",
  },
  closed: { label: "Closed", explanation: "Work on this report is finished." },
};

/**
 * The staff's state as the reporter may see it. Spam reads as "rejected" (a spammer learns nothing), triage as
 * "acknowledged", and the embargoed step of notifying distributors as the fix being ready (the embargo is not
 * the reporter's to know about).
 */
export function reporterStateOf(state: CaseState, acknowledged: boolean): ReporterState {
  switch (state) {
    case "received":
      return acknowledged ? "acknowledged" : "received";
    case "triage":
      return "acknowledged";
    case "spam":
      return "rejected";
    case "distributors-notified":
      return "fix-ready";
    default:
      return state;
  }
}
