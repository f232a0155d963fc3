import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface DistributorApplicationApprovedData {
  /** The applicant's name, as they gave it. */
  name: string;
  /** The address the account was created with: the one to sign in with. */
  email: string;
  organizationName: string;
  /** The admin app's public URL. */
  adminUrl: string;
}

/**
 * Tells an applicant that their organisation joined the private distributors list and that an account exists for
 * them. Like the invitation it carries no token: signing in is by a magic link asked for on the sign-in page, then
 * an authenticator; the account then adds its OpenPGP key.
 */
export function distributorApplicationApproved(data: DistributorApplicationApprovedData): RenderedEmail {
  const signInUrl = `${data.adminUrl.replace(/\/+$/, "")}/sign-in`;
  const subject = `${data.organizationName} is on the private distributors list`;
  const text = [
    `Hello ${data.name},`,
    "",
    `The project's security team approved ${data.organizationName}'s application to the private distributors list.`,
    "An account was created for you. To sign in, open this page and enter your email address:",
    "",
    signInUrl,
    "",
    `Your address: ${data.email}`,
    "",
    "Disclose then emails you a sign-in link. The first time, you set up an authenticator app (every account",
    "needs one) and add your OpenPGP key, so that embargoed material can be encrypted to you.",
    "",
    "Remember the embargo policy you accepted: nothing you receive on the list may be shared beyond it.",
  ].join("\n");
  const body = html`<p>Hello ${data.name},</p>
<p>The project's security team approved ${data.organizationName}'s application to the private distributors list.
An account was created for you. To sign in, open this page and enter your email address:</p>
<p><a href="${safeUrl(signInUrl)}">${signInUrl}</a></p>
<p>Your address: <strong>${data.email}</strong></p>
<p>Disclose then emails you a sign-in link. The first time, you set up an authenticator app (every account needs
one) and add your OpenPGP key, so that embargoed material can be encrypted to you.</p>
<p>Remember the embargo policy you accepted: nothing you receive on the list may be shared beyond it.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
