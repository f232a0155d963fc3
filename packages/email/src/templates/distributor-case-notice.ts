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
  /**
   * Why it is sent: the first notice, a reminder to acknowledge it, the embargo ending within a day, the end
   * moved, a new version of a patch. Only the opening sentence differs; never anything about the vulnerability.
   */
  kind?: "notice" | "acknowledge" | "ending" | "changed" | "new-version";
}

const OPENING: Record<NonNullable<DistributorCaseNoticeData["kind"]>, string> = {
  notice: "Embargoed material is waiting for your organisation.",
  acknowledge: "Your organisation has not acknowledged embargoed material sent to it yet.",
  ending: "The embargo on material sent to your organisation ends within a day.",
  changed: "The embargo end of material sent to your organisation has changed.",
  "new-version": "A new version of embargoed material sent to your organisation is waiting.",
};

const utc = (d: Date) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;

/**
 * Tells a distributor member (and the organisation's security contact) that embargoed material waits for them.
 * Nothing about the vulnerability: only the link to the distributor area, where they sign in, and the date.
 */
export function distributorCaseNotice(data: DistributorCaseNoticeData): RenderedEmail {
  const when = utc(data.disclosureAt);
  const opening = OPENING[data.kind ?? "notice"];
  const subject = `[EMBARGOED] ${data.projectName} case ${data.caseId.slice(0, 8)}: action needed by ${when}`;
  const link = `${data.adminUrl.replace(/\/+$/, "")}/distributor/cases/${data.caseId}`;
  const text = [
    "Hello,",
    "",
    `${opening} Sign in to read it:`,
    "",
    link,
    "",
    `The embargo ends ${when}. Until then, follow the embargo policy: share nothing outside your organisation.`,
  ].join("\n");
  const body = html`<p>Hello,</p>
<p>${opening} Sign in to read it:</p>
<p><a href="${safeUrl(link)}">${link}</a></p>
<p>The embargo ends ${when}. Until then, follow the embargo policy: share nothing outside your organisation.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
