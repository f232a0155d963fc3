import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface TeamMentionData {
  /** Who wrote the message (a staff member's display name). */
  authorName: string;
  /** The report's short id as the admin app shows it (its first 8 hex digits). */
  reportShortId: string;
  /** The discussion on the report's page in the admin app (it needs a session and a key). */
  reportUrl: string;
}

/**
 * To a team member someone mentioned in a case's team discussion. Only who and where: the message is end-to-end
 * encrypted, and an email would carry its content in the clear.
 */
export function teamMention(data: TeamMentionData): RenderedEmail {
  const subject = `${data.authorName} mentioned you in the team discussion of report ${data.reportShortId}`;
  const text = [
    `${subject}.`,
    "",
    `Open it (the discussion is end-to-end encrypted, so this email cannot hold it): ${data.reportUrl}`,
  ].join("\n");
  const body = html`<p>${data.authorName} mentioned you in the team discussion of report
<code>${data.reportShortId}</code>.</p>
<p><a href="${safeUrl(data.reportUrl)}">Open the discussion</a>. It is end-to-end encrypted, so this email cannot
hold it.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
