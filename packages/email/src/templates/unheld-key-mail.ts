import { html, safeUrl } from "./html";
import { layout } from "./layout";
import type { RenderedEmail } from "./types";

export interface UnheldKeyMailData {
  /** The report's short id as the admin app shows it (its first 8 hex digits). */
  reportShortId: string;
  /** The report's page in the admin app (nothing secret: it needs a session and a key). */
  reportUrl: string;
  /** When the mail was stored, in UTC ("2026-11-30 20:41 UTC"). */
  receivedAt: string;
  /** Each key the mail is encrypted to, named (the domain's describeUnheldKey). */
  keys: string[];
  /** What the PST can do (the domain's unheldKeysAdvice). */
  advice: string[];
}

/**
 * To every PST member when mail arrives encrypted to keys no one here holds: the report is kept, but unread until
 * someone acts. Names the keys and what to do; nothing of the mail (not its sender, not its subject, which this
 * list of keys does not need and an inbox elsewhere should not hold).
 */
export function unheldKeyMail(data: UnheldKeyMailData): RenderedEmail {
  const subject = `A report by email no one here can read yet (report ${data.reportShortId})`;
  const text = [
    `A report arrived by email at ${data.receivedAt} (report ${data.reportShortId}), encrypted to keys that no`,
    "one here holds, so nobody can read it in Disclose yet. It is kept, and can be triaged unread.",
    "",
    "It is encrypted to:",
    ...data.keys.map((k) => `- ${k}`),
    "",
    "What to do:",
    ...data.advice.map((a) => `- ${a}`),
    "",
    `The report: ${data.reportUrl}`,
  ].join("\n");
  const body = html`<p>A report arrived by email at ${data.receivedAt} (report <code>${data.reportShortId}</code>),
encrypted to keys that no one here holds, so nobody can read it in Disclose yet. It is kept, and can be triaged
unread.</p>
<p>It is encrypted to:</p>
<ul>${data.keys.map((k) => html`<li>${k}</li>`)}</ul>
<p>What to do:</p>
<ul>${data.advice.map((a) => html`<li>${a}</li>`)}</ul>
<p><a href="${safeUrl(data.reportUrl)}">Open the report</a>.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
