import { html } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface TeamReplyData {
  /**
   * The reply in clear, for a reporter whose mail carried no key (sent so only after the team member confirmed);
   * null when the reply goes encrypted (PGP/MIME): the text body then stays in the outbox and is never sent.
   */
  clearText: string | null;
}

const SUBJECT = "A message from the security team about your report";

/**
 * The team's answer to a report that came by email. The subject tells nothing of the report (it is never
 * encrypted); answering the mail continues the conversation, through the reply address it carries.
 */
export function teamReply(data: TeamReplyData): RenderedEmail {
  if (data.clearText === null) {
    const note = "(Encrypted to the reporter's key: the encrypted part is what is sent.)";
    return { subject: SUBJECT, text: note, html: layout(SUBJECT, html`<p>${note}</p>`).value };
  }
  const signature = [
    "The project's security team. Answer this mail to reply; your answer is stored encrypted.",
    "To receive our messages encrypted, attach your OpenPGP public key to your next mail.",
  ];
  return {
    subject: SUBJECT,
    text: [data.clearText, "", "-- ", ...signature].join("\n"),
    html: layout(
      SUBJECT,
      html`<p style="white-space: pre-wrap">${data.clearText}</p>
<p>-- <br>${signature[0]}<br>${signature[1]}</p>`,
    ).value,
  };
}
