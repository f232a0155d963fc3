import { html } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface DistributorOrganizationRemovedData {
  organizationName: string;
  /** Why, in the PST's words. */
  reason: string;
}

/**
 * Tells an organisation's security contact that it is no longer on the private distributors list, and why
 * ("members are removed when criteria lapse, reason recorded"). Its members' access ended with the removal.
 */
export function distributorOrganizationRemoved(data: DistributorOrganizationRemovedData): RenderedEmail {
  const subject = `${data.organizationName} has been removed from the private distributors list`;
  const text = [
    "Hello,",
    "",
    `The project's security team has removed ${data.organizationName} from the private distributors list.`,
    "Its members can no longer see embargoed material, and no further notices will be sent.",
    "",
    "The reason they gave:",
    "",
    data.reason,
    "",
    "The embargo policy still holds for everything you received before the removal.",
    "If you believe this is a mistake, or once the criteria are met again, contact the project's security team.",
  ].join("\n");
  const body = html`<p>Hello,</p>
<p>The project's security team has removed ${data.organizationName} from the private distributors list.
Its members can no longer see embargoed material, and no further notices will be sent.</p>
<p>The reason they gave:</p>
<blockquote style="white-space: pre-wrap">${data.reason}</blockquote>
<p>The embargo policy still holds for everything you received before the removal.</p>
<p>If you believe this is a mistake, or once the criteria are met again, contact the project's security team.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
