import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface TrackingLinkData {
  /** The full tracking link, fragment included; whoever holds it can read the report's thread. */
  link: string;
}

/** The tracking link, sent only when the reporter asks for it. */
export function trackingLink(data: TrackingLinkData): RenderedEmail {
  const subject = "Your security report's tracking link";
  const text = [
    "Hello,",
    "",
    "Here is the tracking link of your security report. Anyone who has it can follow the report and read",
    "the security team's replies, so keep it private.",
    "",
    data.link,
  ].join("\n");
  const body = html`<p>Hello,</p>
<p>Here is the tracking link of your security report. Anyone who has it can follow the report and read the
security team's replies, so keep it private.</p>
<p><a href="${safeUrl(data.link)}">${data.link}</a></p>`;
  return { subject, text, html: layout(subject, body).value };
}
