import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface DistributorFeedbackReceivedData {
  organizationName: string;
  /** The case's short id as the admin app shows it (its first 8 hex digits). */
  reportShortId: string;
  /** The case's distributors page in the admin app (it needs a session and a key). */
  url: string;
}

/**
 * To a case's Fix Lead: a distributor on the list reported back on the case. Only who and where: the details are
 * encrypted to the case's team, and an email would carry them in the clear.
 */
export function distributorFeedbackReceived(data: DistributorFeedbackReceivedData): RenderedEmail {
  const subject = `Distributor feedback arrived on case ${data.reportShortId}`;
  const text = [
    `${data.organizationName} reported back on case ${data.reportShortId}.`,
    "",
    `Read it (the details are end-to-end encrypted, so this email cannot hold them): ${data.url}`,
  ].join("\n");
  const body = html`<p>${data.organizationName} reported back on case <code>${data.reportShortId}</code>.</p>
<p><a href="${safeUrl(data.url)}">Read the feedback</a>. Its details are end-to-end encrypted, so this email cannot
hold them.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
