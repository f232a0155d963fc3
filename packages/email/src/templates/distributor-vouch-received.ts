import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface DistributorVouchReceivedData {
  /** The organisation that applied to the private distributors list. */
  organizationName: string;
  /** Who vouched (their name, else their address). */
  voucherName: string;
  decision: "confirmed" | "declined";
  /** The application's page in the admin app. */
  applicationUrl: string;
}

/**
 * Tells the PST that someone answered a vouch request, so the application can be decided. The comment stays in
 * the admin app: the email says only who answered and how.
 */
export function distributorVouchReceived(data: DistributorVouchReceivedData): RenderedEmail {
  const verb = data.decision === "confirmed" ? "vouched for" : "declined to vouch for";
  const subject = `Vouch: ${data.voucherName} ${verb} ${data.organizationName}`;
  const text = [
    `${data.voucherName} ${verb} ${data.organizationName}'s application to the private distributors list.`,
    "",
    "Read their comment and decide on the application here:",
    "",
    data.applicationUrl,
  ].join("\n");
  const body = html`<p>${data.voucherName} ${verb} ${data.organizationName}'s application to the private
distributors list.</p>
<p>Read their comment and decide on the application here:</p>
<p><a href="${safeUrl(data.applicationUrl)}">${data.applicationUrl}</a></p>`;
  return { subject, text, html: layout(subject, body).value };
}
