import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface PasskeyChangedData {
  name: string;
  /** What changed, as a short phrase: "added", "removed", "sign-in-on", "sign-in-off". */
  change: "added" | "removed" | "sign-in-on" | "sign-in-off";
  /** The passkey's name as the person gave it. */
  passkeyName: string | null;
  /** When, in UTC ("2026-11-30 20:41 UTC"). */
  at: string;
  adminUrl: string;
}

const WHAT: Record<PasskeyChangedData["change"], (passkey: string) => string> = {
  added: (p) => `A passkey (${p}) was added to your Disclose account.`,
  removed: (p) => `A passkey (${p}) was removed from your Disclose account.`,
  "sign-in-on": () =>
    "Your Disclose account can now be signed in to with a passkey alone, without an emailed link.",
  "sign-in-off": () =>
    "Signing in to your Disclose account with a passkey alone is now off: sign-in needs an emailed link again.",
};

/**
 * Tells a person their account's second factors changed, so a change they did not make does not go unnoticed.
 * Carries no link that signs in or changes anything: only the account page's address.
 */
export function passkeyChanged(data: PasskeyChangedData): RenderedEmail {
  const accountUrl = `${data.adminUrl.replace(/\/+$/, "")}/account`;
  const what = WHAT[data.change](data.passkeyName ?? "unnamed");
  const subject = "A change to how you sign in to Disclose";
  const text = [
    `Hello ${data.name},`,
    "",
    what,
    `When: ${data.at}`,
    "",
    "Your sessions, second factors and recent security events are on your account page:",
    accountUrl,
    "",
    "If this was not you, sign out everywhere from that page and tell an admin of the security team at once.",
  ].join("\n");
  const body = html`<p>Hello ${data.name},</p>
<p>${what}<br>When: ${data.at}</p>
<p>Your sessions, second factors and recent security events are on your account page:
<a href="${safeUrl(accountUrl)}">${accountUrl}</a></p>
<p>If this was not you, sign out everywhere from that page and tell an admin of the security team at once.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
