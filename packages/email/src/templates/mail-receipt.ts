import { html } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface MailReceiptData {
  /** When the message was stored, in UTC ("2026-11-30 20:41 UTC"). */
  receivedAt: string;
}

/**
 * The automatic receipt for mail to the security address. It repeats nothing of the message (not even its
 * subject) and carries no link to follow: a forged sender learns only that the address works.
 */
export function mailReceipt(data: MailReceiptData): RenderedEmail {
  const subject = "Your message to the security team was received";
  const text = [
    "Hello,",
    "",
    `Your message reached the project's security team on ${data.receivedAt}. It is stored encrypted: only the`,
    "team can read it. The team answers you by email.",
    "",
    "Please keep the details private until the team and you agree on a disclosure date.",
    "",
    "This is an automatic message: no need to answer it.",
  ].join("\n");
  const body = html`<p>Hello,</p>
<p>Your message reached the project's security team on ${data.receivedAt}. It is stored encrypted: only the team
can read it. The team answers you by email.</p>
<p>Please keep the details private until the team and you agree on a disclosure date.</p>
<p>This is an automatic message: no need to answer it.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
