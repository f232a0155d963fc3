import { html } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface ReportReceivedData {
  /** The report's id only: the tracking link is a secret and never goes into this email. */
  reportId: string;
  receivedAt: Date;
}

/** Sent to a reporter who left an email address, once the report is committed. */
export function reportReceived(data: ReportReceivedData): RenderedEmail {
  const subject = "We received your security report";
  const when = data.receivedAt.toISOString().replace("T", " ").slice(0, 16);
  const text = [
    "Hello,",
    "",
    `Your security report was received on ${when} UTC (reference ${data.reportId}).`,
    "The security team will acknowledge it soon. Follow it and talk with the team through the tracking",
    "link you were shown after submitting; for your safety this email does not contain it.",
  ].join("\n");
  const body = html`<p>Hello,</p>
<p>Your security report was received on ${when} UTC (reference <code>${data.reportId}</code>).</p>
<p>The security team will acknowledge it soon. Follow it and talk with the team through the tracking link you
were shown after submitting; for your safety this email does not contain it.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
