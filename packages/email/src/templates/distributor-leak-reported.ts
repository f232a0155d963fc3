import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface DistributorLeakReportedData {
  /** The case's short id as the admin app shows it (its first 8 hex digits). */
  reportShortId: string;
  /** The case's distributors page in the admin app. */
  url: string;
}

/**
 * To the PST: a leak of an embargoed case was reported. Nothing of what was reported: the case's id and where to
 * assess it, so that a mailbox never holds what leaked.
 */
export function distributorLeakReported(data: DistributorLeakReportedData): RenderedEmail {
  const subject = `A leak was reported on case ${data.reportShortId}`;
  const text = [
    `A leak was reported on case ${data.reportShortId}.`,
    "",
    `Assess the damage and decide (when in doubt, go public as soon as possible): ${data.url}`,
  ].join("\n");
  const body = html`<p>A leak was reported on case <code>${data.reportShortId}</code>.</p>
<p><a href="${safeUrl(data.url)}">Assess the damage and decide</a>. When in doubt, go public as soon as possible.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
