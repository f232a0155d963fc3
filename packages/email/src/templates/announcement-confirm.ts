import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface AnnouncementConfirmData {
  projectName: string;
  /** The confirmation page's link with its one-time token; it opens a page with a button, never confirms itself. */
  confirmLink: string;
  /** Whether the person asked for the forthcoming-fix notices as well. */
  forthcoming: boolean;
  /** How long the link works. */
  validDays: number;
}

/**
 * The double opt-in: sent to an address someone typed into the portal's subscribe form. It says what was asked
 * and that ignoring it is enough, since the person reading it may not be the one who typed the address.
 */
export function announcementConfirm(data: AnnouncementConfirmData): RenderedEmail {
  const subject = `Confirm your subscription to ${data.projectName} security announcements`;
  const what = data.forthcoming
    ? "security announcements (advisories at each security release) and the notices of forthcoming security fixes"
    : "security announcements (advisories at each security release)";
  const days = `${data.validDays} day${data.validDays === 1 ? "" : "s"}`;
  const text = [
    "Hello,",
    "",
    `Someone, hopefully you, asked to receive ${data.projectName} ${what} at this address.`,
    "",
    `To confirm, open this link within ${days} and press the button on the page:`,
    data.confirmLink,
    "",
    "If you did not ask for this, ignore this message: nothing will be sent to you.",
  ].join("\n");
  const body = html`<p>Hello,</p>
<p>Someone, hopefully you, asked to receive ${data.projectName} ${what} at this address.</p>
<p>To confirm, open this link within ${days} and press the button on the page:</p>
<p><a href="${safeUrl(data.confirmLink)}">${data.confirmLink}</a></p>
<p>If you did not ask for this, ignore this message: nothing will be sent to you.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
