import { html } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface DistributorOrganizationWarnedData {
  organizationName: string;
}

/**
 * To an organisation's security contact after a leak by one of its members was assessed as doing damage: the
 * policy's warning. Nothing of the case: a repeat removes the organisation from the list.
 */
export function distributorOrganizationWarned(data: DistributorOrganizationWarnedData): RenderedEmail {
  const subject = `${data.organizationName}: warning after an embargo leak`;
  const text = [
    "Hello,",
    "",
    `The project's security team found that embargoed information given to ${data.organizationName} leaked.`,
    "This is a warning: an organisation that leaks again is removed from the private distributors list.",
    "",
    "Please review who receives embargoed material and how, and tell the security team what you changed.",
  ].join("\n");
  const body = html`<p>Hello,</p>
<p>The project's security team found that embargoed information given to ${data.organizationName} leaked.</p>
<p>This is a warning: an organisation that leaks again is removed from the private distributors list.</p>
<p>Please review who receives embargoed material and how, and tell the security team what you changed.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
