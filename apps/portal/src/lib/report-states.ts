/**
 * What each state the tracking page can show means for the person who reported it. The server already maps the
 * staff's states to these (spam reads as rejected, the embargoed distributor step as "fix ready").
 */
export const REPORTER_STATE_TEXT: Readonly<Record<string, { label: string; explanation: string }>> = {
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

/** Plain words for a state; falls back to the server's own sentence for a state this page does not know. */
export function reporterStateText(state: string, serverLabel: string) {
  return REPORTER_STATE_TEXT[state] ?? { label: serverLabel, explanation: "" };
}
