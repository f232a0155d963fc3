import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface DistributorApplicationReceivedData {
  organizationName: string;
  submittedAt: Date;
  /**
   * The application's tracking link, only when the applicant asked for it by email (as the reporter's tracking
   * link is emailed only on request): whoever holds it can follow the application.
   */
  trackingLink: string | null;
}

const utc = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;

/** To the applicant once their application to the private distributors list is committed. */
export function distributorApplicationReceived(data: DistributorApplicationReceivedData): RenderedEmail {
  const subject = "Your application to the private distributors list was received";
  const link = data.trackingLink
    ? [
        "Follow it with this tracking link. Anyone who has it can see the application's state, so keep it private:",
        data.trackingLink,
      ]
    : ["Follow it with the tracking link the page showed you when you applied."];
  const text = [
    "Hello,",
    "",
    `Your application for ${data.organizationName} to the private distributors list was received at ${utc(data.submittedAt)}.`,
    "The person you named as your voucher is asked to confirm, and the Product Security Team then decides.",
    "",
    ...link,
  ].join("\n");
  const body = html`<p>Hello,</p>
<p>Your application for <strong>${data.organizationName}</strong> to the private distributors list was received at
${utc(data.submittedAt)}.</p>
<p>The person you named as your voucher is asked to confirm, and the Product Security Team then decides.</p>
${
  data.trackingLink
    ? html`<p>Follow it with this tracking link. Anyone who has it can see the application's state, so keep it
private:</p>
<p><a href="${safeUrl(data.trackingLink)}">${data.trackingLink}</a></p>`
    : html`<p>Follow it with the tracking link the page showed you when you applied.</p>`
}`;
  return { subject, text, html: layout(subject, body).value };
}
