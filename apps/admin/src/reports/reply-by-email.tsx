"use client";

import type { TReportForStaff } from "@disclose/api";

/** A reporter who wrote by email without a key: messages to them can only go unencrypted, once confirmed. */
export function onlyInClear(report: TReportForStaff): boolean {
  return report.byEmail !== null && report.byEmail.reporterKeyFingerprint === null;
}

/** How a message to the reporter travels, said under the field where it is written. */
export function replyHint(report: TReportForStaff, portal: string): string {
  const byEmail = report.byEmail;
  if (!byEmail) return portal;
  if (byEmail.reporterKeyFingerprint) {
    return `Sent by email to ${byEmail.from}, encrypted in this browser to the key their mail carried (${byEmail.reporterKeyFingerprint}); the thread keeps it encrypted to everyone on this case.`;
  }
  return `Sent by email to ${byEmail.from}. Their mail carried no OpenPGP key, so it can only go unencrypted.`;
}

/** The warning a member confirms before a message goes to a reporter unencrypted. */
export function ClearReplyConsent({
  id,
  checked,
  onChange,
}: {
  id: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div className="rounded-md border-l-4 border-amber-500 bg-amber-50 p-3 text-sm text-amber-950">
      <p className="font-semibold">This message is not encrypted on its way to the reporter</p>
      <p className="mt-1">
        Anyone who handles the mail between here and the reporter can read it. Write nothing that would harm
        users if it leaked (no exploit details, no patch), or ask the reporter to attach their OpenPGP public
        key to their next mail.
      </p>
      <label htmlFor={id} className="mt-2 flex items-start gap-2">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          className="mt-1"
        />
        <span>I understand: send this message by email unencrypted.</span>
      </label>
    </div>
  );
}
