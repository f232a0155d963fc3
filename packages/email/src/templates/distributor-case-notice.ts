import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface DistributorCaseNoticeData {
  projectName: string;
  /** The case's id; only its first 8 characters are in the subject. */
  caseId: string;
  /** The embargo end: the action is needed before then. */
  disclosureAt: Date;
  adminUrl: string;
}

const utc = (d: Date) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;

/**
 * Tells a distributor member (and the organisation's security contact) that embargoed material waits for them.
 * Nothing about the vulnerability: only the link to the distributor area, where they sign in, and the date.
 */
export function distributorCaseNotice(data: DistributorCaseNoticeData): RenderedEmail {
  const when = utc(data.disclosureAt);
  const subject = `[EMBARGOED] ${data.projectName} case ${data.caseId.slice(0, 8)}: action needed by ${when}`;
  const link = `${data.adminUrl.replace(/\/+$/, "")}/distributor/cases/${data.caseId}`;
  const text = [
    "Hello,",
    "",
    "Embargoed material is waiting for your organisation. Sign in to read it:",
    "",
    link,
    "",
    `The embargo ends ${when}. Until then, follow the embargo policy: share nothing outside your organisation.`,
  ].join("\n");
  const body = html`<p>Hello,</p>
<p>Embargoed material is waiting for your organisation. Sign in to read it:</p>
<p><a href="${safeUrl(link)}">${link}</a></p>
<p>The embargo ends ${when}. Until then, follow the embargo policy: share nothing outside your organisation.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
