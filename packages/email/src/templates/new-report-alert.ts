import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface NewReportAlertData {
  /** The report's short id as the admin app shows it (its first 8 hex digits). */
  reportShortId: string;
  /** The report's page in the admin app (nothing secret: it needs a session and a key). */
  reportUrl: string;
  receivedAt: Date;
  /** When the acknowledgement clock runs out. */
  acknowledgeBy: Date;
  /** The reporter says the issue is already public: every deadline is due now. */
  alreadyPublic: boolean;
}

const utc = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;

/**
 * To every PST member the moment a report is committed (the policy: "IMMEDIATELY"). Nothing of the report: its
 * id, times and a link; a publicly disclosed issue is marked urgent.
 */
export function newReportAlert(data: NewReportAlertData): RenderedEmail {
  const subject = data.alreadyPublic
    ? `URGENT: a publicly disclosed vulnerability was reported (report ${data.reportShortId})`
    : `New security report (report ${data.reportShortId})`;
  const what = data.alreadyPublic
    ? "The reporter says the issue is already public: every deadline is due now."
    : `Acknowledge it by ${utc(data.acknowledgeBy)}.`;
  const text = [
    `A security report arrived at ${utc(data.receivedAt)} (report ${data.reportShortId}).`,
    what,
    "",
    `Open it (its content is end-to-end encrypted, so this email cannot hold it): ${data.reportUrl}`,
  ].join("\n");
  const body = html`<p>A security report arrived at ${utc(data.receivedAt)} (report
<code>${data.reportShortId}</code>).</p>
<p>${data.alreadyPublic ? html`<strong>${what}</strong>` : what}</p>
<p><a href="${safeUrl(data.reportUrl)}">Open the report</a>. Its content is end-to-end encrypted, so this email
cannot hold it.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
