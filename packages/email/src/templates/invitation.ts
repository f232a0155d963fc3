import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface InvitationData {
  /** The invited person's name, as the admin typed it. */
  name: string;
  /** The address the account was created with: the one to sign in with. */
  email: string;
  /** The admin app's public URL. */
  adminUrl: string;
}

/**
 * Tells a new member that an account exists and where to sign in. It carries no token: signing in is by a
 * magic link asked for on the sign-in page, then an authenticator code, so a forwarded or leaked invitation
 * lets nobody in.
 */
export function invitation(data: InvitationData): RenderedEmail {
  const signInUrl = `${data.adminUrl.replace(/\/+$/, "")}/sign-in`;
  const subject = "You have an account on Disclose";
  const text = [
    `Hello ${data.name},`,
    "",
    "An admin of the project's security team has created a Disclose account for you.",
    "",
    "To sign in, open this page and enter your email address:",
    "",
    signInUrl,
    "",
    `Your address: ${data.email}`,
    "",
    "Disclose then emails you a sign-in link. The first time, you also set up an authenticator app",
    "(for example Aegis, Google Authenticator, 1Password or KeePassXC): every account needs one.",
    "",
    "If you did not expect this, ignore this email or tell the project's security team.",
  ].join("\n");
  const body = html`<p>Hello ${data.name},</p>
<p>An admin of the project's security team has created a Disclose account for you.</p>
<p>To sign in, open this page and enter your email address:</p>
<p><a href="${safeUrl(signInUrl)}">${signInUrl}</a></p>
<p>Your address: <strong>${data.email}</strong></p>
<p>Disclose then emails you a sign-in link. The first time, you also set up an authenticator app (for example
Aegis, Google Authenticator, 1Password or KeePassXC): every account needs one.</p>
<p>If you did not expect this, ignore this email or tell the project's security team.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
