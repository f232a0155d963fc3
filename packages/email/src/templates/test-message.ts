import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface TestMessageData {
  recipientName: string;
  /** Free text shown in the message; escaped in HTML. */
  note?: string;
  link?: string;
}

/** A message that proves mail works end to end (used by tests and the development mailbox). */
export function testMessage(data: TestMessageData): RenderedEmail {
  const subject = `Disclose test message for ${data.recipientName}`;
  const text = [
    `Hello ${data.recipientName},`,
    "",
    "This is a test message from Disclose.",
    ...(data.note ? ["", data.note] : []),
    ...(data.link ? ["", data.link] : []),
  ].join("\n");
  const body = html`<p>Hello ${data.recipientName},</p>
<p>This is a test message from Disclose.</p>
${data.note ? html`<p>${data.note}</p>` : ""}
${data.link ? html`<p><a href="${safeUrl(data.link)}">${data.link}</a></p>` : ""}`;
  return { subject, text, html: layout(subject, body).value };
}
