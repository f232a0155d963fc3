import { html, safeUrl } from "./html";
import { layout } from "./layout";
import { utc } from "./reminder-items";
import type { RenderedEmail } from "./types";

export interface AuditChainBrokenData {
  /** When the verification ran. */
  checkedAt: Date;
  /** The first event that does not verify (as the verification names it). */
  failedSeq: bigint | string;
  /** The verification's own sentence ("hash does not match the event's content: ..."); no case content. */
  reason: string;
  /** What ran it: the hourly check, a person on the audit page, or `pnpm audit:verify`. */
  trigger: "scheduled" | "manual" | "command";
  /** The admin app's audit page. */
  auditUrl: string;
}

const TRIGGER_TEXT: Record<AuditChainBrokenData["trigger"], string> = {
  scheduled: "the hourly check",
  manual: "a check asked for on the audit page",
  command: "pnpm audit:verify",
};

/**
 * To every active PST member, once per break: the audit log no longer verifies. Seq, reason and time only (the
 * log holds no content), and what to do.
 */
export function auditChainBroken(data: AuditChainBrokenData): RenderedEmail {
  const subject = "[Disclose] The audit log failed verification";
  const at = utc(data.checkedAt);
  const steps = [
    "Treat it as a possible intrusion: someone with database access changed, removed or rewrote audit events.",
    "Do not repair or reset the log: keep the database as it is (take a backup now) for the investigation.",
    "Compare with a head hash from an earlier daily digest: pnpm audit:verify --head <seq>:<hash>.",
    "Check who had owner or superuser access to the database, and rotate those credentials.",
  ];
  const text = [
    `The audit log failed verification at ${at} (${TRIGGER_TEXT[data.trigger]}).`,
    "",
    `First event that does not verify: #${data.failedSeq}`,
    `Reason: ${data.reason}`,
    "",
    "What to do:",
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    "",
    `The audit page shows the status: ${data.auditUrl}`,
    "You get this email once for this break; a different break is emailed again.",
  ].join("\n");
  const body = html`<p>The audit log failed verification at ${at} (${TRIGGER_TEXT[data.trigger]}).</p>
<p>First event that does not verify: <strong>#${String(data.failedSeq)}</strong><br>
Reason: ${data.reason}</p>
<p>What to do:</p>
<ol>${steps.map((s) => html`<li>${s}</li>`)}</ol>
<p><a href="${safeUrl(data.auditUrl)}">Open the audit log</a>. You get this email once for this break; a
different break is emailed again.</p>`;
  return { subject, text, html: layout(subject, body).value };
}
