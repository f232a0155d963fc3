import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface RecoveryApprovalRequestData {
  /** The person asking (their name as an admin set it, or their address). */
  memberName: string;
  memberEmail: string;
  requestedAt: Date;
  expiresAt: Date;
  /** The recoveries page in the admin app (needs a session: nothing secret). */
  recoveriesUrl: string;
}

const utc = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;

/** To every other active admin and PST member: someone lost every second factor and asks to recover. */
export function recoveryApprovalRequest(data: RecoveryApprovalRequestData): RenderedEmail {
  const subject = `${data.memberName} asks to recover their account`;
  const text = [
    "Hello,",
    "",
    `${data.memberName} <${data.memberEmail}> asked at ${utc(data.requestedAt)} to recover their account: they say every second factor is lost.`,
    "",
    "Anyone who reads their mailbox could have asked this. Before you approve, confirm with them by a call or in person (not by email) that they asked for it.",
    "",
    `An admin and a PST member must both approve before ${utc(data.expiresAt)}. Read their reason and approve on the recoveries page:`,
    "",
    data.recoveriesUrl,
  ].join("\n");
  const body = html`<p>Hello,</p>
<p>${data.memberName} &lt;${data.memberEmail}&gt; asked at ${utc(data.requestedAt)} to recover their account: they
say every second factor is lost.</p>
<p>Anyone who reads their mailbox could have asked this. Before you approve, <strong>confirm with them by a call or
in person</strong> (not by email) that they asked for it.</p>
<p>An admin and a PST member must both approve before ${utc(data.expiresAt)}. Read their reason and approve on the
<a href="${safeUrl(data.recoveriesUrl)}">recoveries page</a>.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
