import { html } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface DistributorApplicationRejectedData {
  /** The applicant's name, as they gave it. */
  name: string;
  organizationName: string;
  /** Why, in the PST's words. */
  reason: string;
}

/** Tells an applicant that the PST did not admit their organisation to the list, and why. */
export function distributorApplicationRejected(data: DistributorApplicationRejectedData): RenderedEmail {
  const subject = `Your application for ${data.organizationName} to the private distributors list`;
  const text = [
    `Hello ${data.name},`,
    "",
    `The project's security team did not approve ${data.organizationName}'s application to the private distributors list.`,
    "",
    "The reason they gave:",
    "",
    data.reason,
    "",
    "You may apply again once this is addressed.",
  ].join("\n");
  const body = html`<p>Hello ${data.name},</p>
<p>The project's security team did not approve ${data.organizationName}'s application to the private distributors
list.</p>
<p>The reason they gave:</p>
<blockquote style="white-space: pre-wrap">${data.reason}</blockquote>
<p>You may apply again once this is addressed.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
