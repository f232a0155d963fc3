import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface DistributorVouchRequestData {
  /** As the applicant wrote them (untrusted text: shown quoted, never as a link). */
  organizationName: string;
  applicantName: string;
  /** The application's page in the admin app (needs a session: nothing secret). */
  applicationUrl: string;
}

/** To a list member named as voucher by an applicant: confirm or decline in the admin app. */
export function distributorVouchRequest(data: DistributorVouchRequestData): RenderedEmail {
  const subject = "You were named as voucher for an application to the private distributors list";
  const text = [
    "Hello,",
    "",
    `${data.applicantName} applied to the private distributors list on behalf of "${data.organizationName}" and named you as the list member who vouches for them.`,
    "Please confirm or decline in the admin app (sign in first). If you do not know them, decline: the Product Security Team decides with your answer.",
    "",
    data.applicationUrl,
  ].join("\n");
  const body = html`<p>Hello,</p>
<p>${data.applicantName} applied to the private distributors list on behalf of “${data.organizationName}” and named
you as the list member who vouches for them.</p>
<p>Please <a href="${safeUrl(data.applicationUrl)}">confirm or decline in the admin app</a> (sign in first). If you
do not know them, decline: the Product Security Team decides with your answer.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
