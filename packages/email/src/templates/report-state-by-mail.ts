import { html } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface ReportStateByMailData {
  /** The state as the reporter sees it, in plain words (e.g. "Accepted"). */
  stateLabel: string;
}

/**
 * Tells a reporter who wrote by email that their report moved on (a decision without a message to them). Nothing
 * of the report: the state in plain words, and that answering the mail reaches the team.
 */
export function reportStateByMail(data: ReportStateByMailData): RenderedEmail {
  const subject = "Your report to the security team was updated";
  const lines = [
    `Your report to the project's security team is now: ${data.stateLabel}.`,
    "Answer this mail to write to the team; your answer is stored encrypted.",
  ];
  const text = ["Hello,", "", ...lines].join("\n");
  const body = html`<p>Hello,</p>
<p>Your report to the project's security team is now: <strong>${data.stateLabel}</strong>.</p>
<p>${lines[1] ?? ""}</p>`;
  return { subject, text, html: layout(subject, body).value };
}
