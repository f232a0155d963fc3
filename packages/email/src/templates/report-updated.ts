import { html } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface ReportUpdatedData {
  /** The report's id only: the tracking link is a secret and never goes into an email. */
  reportId: string;
  /** The state as the reporter sees it, in plain words (e.g. "Accepted"). */
  stateLabel: string;
  /** A new message from the team waits in the (encrypted) thread. */
  newMessage: boolean;
}

/** Tells a reporter who left an address that their report moved or that the team wrote; no content in it. */
export function reportUpdated(data: ReportUpdatedData): RenderedEmail {
  const subject = data.newMessage
    ? "The security team wrote about your report"
    : "Your security report was updated";
  const lines = [
    `Your security report (reference ${data.reportId}) is now: ${data.stateLabel}.`,
    ...(data.newMessage ? ["The security team sent you a message."] : []),
  ];
  const text = [
    "Hello,",
    "",
    ...lines,
    "Open the tracking link you were shown after submitting to read it; messages are end-to-end encrypted,",
    "so this email cannot hold them.",
  ].join("\n");
  const body = html`<p>Hello,</p>
<p>Your security report (reference <code>${data.reportId}</code>) is now: <strong>${data.stateLabel}</strong>.</p>
${data.newMessage ? html`<p>The security team sent you a message.</p>` : html``}
<p>Open the tracking link you were shown after submitting to read it; messages are end-to-end encrypted, so this
email cannot hold them.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
