import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface SignInLinkData {
  /** The one-time sign-in link. */
  link: string;
  /** Minutes until it expires. */
  validMinutes: number;
}

/** The magic link to the admin app; it works once, for a short while. */
export function signInLink(data: SignInLinkData): RenderedEmail {
  const subject = "Sign in to Disclose";
  const text = [
    "Hello,",
    "",
    `Use this link to sign in to Disclose. It works once, within ${data.validMinutes} minutes:`,
    "",
    data.link,
    "",
    "If you did not ask to sign in, ignore this email: nobody can sign in without the link, and your",
    "authenticator code is asked for after it.",
  ].join("\n");
  const body = html`<p>Hello,</p>
<p>Use this link to sign in to Disclose. It works once, within ${String(data.validMinutes)} minutes:</p>
<p><a href="${safeUrl(data.link)}">Sign in to Disclose</a></p>
<p>If you did not ask to sign in, ignore this email: nobody can sign in without the link, and your authenticator
code is asked for after it.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
