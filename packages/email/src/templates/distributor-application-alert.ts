import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface DistributorApplicationAlertData {
  /** As the applicant wrote it (untrusted text). */
  organizationName: string;
  submittedAt: Date;
  /** The application's page in the admin app (needs a session: nothing secret). */
  applicationUrl: string;
}

const utc = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;

/** To every PST member: a new application to the private distributors list to review. */
export function distributorApplicationAlert(data: DistributorApplicationAlertData): RenderedEmail {
  const subject = "New application to the private distributors list";
  const text = [
    `An application to the private distributors list arrived at ${utc(data.submittedAt)}, on behalf of "${data.organizationName}".`,
    "Review it, with its answers to the membership criteria and its voucher's answer:",
    "",
    data.applicationUrl,
  ].join("\n");
  const body = html`<p>An application to the private distributors list arrived at ${utc(data.submittedAt)}, on behalf
of “${data.organizationName}”.</p>
<p><a href="${safeUrl(data.applicationUrl)}">Review it</a>, with its answers to the membership criteria and its
voucher's answer.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
