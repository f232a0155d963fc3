"use client";

import {
  Alert,
  buttonClass,
  describedBy,
  FieldError,
  fieldIds,
  inputClass,
  secondaryButtonClass,
  useHydrated,
} from "@disclose/ui";
import { useEffect, useRef, useState } from "react";
import type { TEmailLinkState, TReceipt, TReceiptEncryption } from "./form-state";

/** After the server committed the report: the tracking link, shown once. */
export interface ReceiptProps {
  receipt: TReceipt;
  /** The report form's action: it also handles intent=email-link, so this works without JavaScript. */
  emailAction: (formData: FormData) => void;
  emailState: TEmailLinkState | undefined;
  emailPending: boolean;
}

/** What happened to the report, in the words that are true for the path it took. */
const HOW_ENCRYPTED: Record<TReceiptEncryption, string> = {
  browser:
    "It was encrypted in this browser before it was sent, and is stored encrypted; only the security team members handling it, and you with this link, can read it.",
  server:
    "JavaScript was off, so our server encrypted it the moment it arrived and kept no unencrypted copy; only the security team members handling it, and you with this link, can read it.",
  "reporter-armored":
    "Your PGP message is stored as you encrypted it (its packets, without armor headers); only the keys you encrypted it to can open it.",
};

export function Receipt({ receipt, emailAction, emailState, emailPending }: ReceiptProps) {
  const hydrated = useHydrated();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(receipt.trackingLink);
      setCopied("yes");
    } catch {
      // Clipboard refused (permissions, an old browser): select the text so the reporter can copy it by hand.
      const input = document.getElementById("tracking-link") as HTMLTextAreaElement | null;
      input?.focus();
      input?.select();
      setCopied("no");
    }
  }

  return (
    <section aria-labelledby="receipt-heading" className="space-y-6 wrap-anywhere" data-testid="receipt">
      <div className="space-y-2">
        <h2 id="receipt-heading" ref={heading} tabIndex={-1} className="text-2xl font-bold tracking-tight">
          Thank you — your report was received
        </h2>
        <p className="text-slate-700" data-testid="receipt-encryption">
          {HOW_ENCRYPTED[receipt.encryption]} Keep the link below to follow your report and talk with the
          team.
        </p>
      </div>

      <div className="space-y-2 rounded-lg border-2 border-amber-500 bg-amber-50 p-4">
        <label htmlFor="tracking-link" className="block font-semibold">
          Your private tracking link
        </label>
        <p id="tracking-link-hint" className="text-sm text-amber-900">
          <strong>This link is shown only once and cannot be recovered.</strong> Anyone who has it can read
          the team&apos;s replies and write to them as you. Save it in a password manager or another safe
          place.
        </p>
        {/* Wrapped, whole and selectable, so it can be copied by hand without JavaScript and at any width. */}
        <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
          <textarea
            id="tracking-link"
            readOnly
            rows={3}
            value={receipt.trackingLink}
            aria-describedby="tracking-link-hint"
            onFocus={(e) => e.currentTarget.select()}
            spellCheck={false}
            className={`${inputClass} resize-none break-all font-mono text-sm`}
          />
          {hydrated ? (
            <button type="button" onClick={copy} className={`${buttonClass} shrink-0`}>
              Copy link
            </button>
          ) : null}
        </div>
        <p role="status" className="min-h-5 text-sm">
          {!hydrated
            ? "Select the whole link and copy it (Ctrl+C, or ⌘C on a Mac)."
            : copied === "yes"
              ? "Copied to the clipboard."
              : copied === "no"
                ? "Copying is blocked in this browser: the link is selected, press Ctrl+C (⌘C on a Mac)."
                : ""}
        </p>
        <p className="text-sm">
          <a className="font-medium underline" href={receipt.trackingLink}>
            Open the tracking page
          </a>
        </p>
      </div>

      <EmailLinkForm receipt={receipt} action={emailAction} state={emailState} pending={emailPending} />
    </section>
  );
}

function EmailLinkForm({
  receipt,
  action,
  state,
  pending,
}: {
  receipt: TReceipt;
  action: (formData: FormData) => void;
  state: TEmailLinkState | undefined;
  pending: boolean;
}) {
  const id = "email-link";
  const error = state?.status === "error" ? state.message : null;
  if (state?.status === "sent") {
    return (
      <Alert tone="info" title={`We are sending the link to ${state.email}.`} focusKey={state.email}>
        Email is not encrypted: anyone who can read that mailbox can use the link.
      </Alert>
    );
  }
  return (
    <form action={action} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h3 className="font-semibold">Email me this link</h3>
      <input type="hidden" name="intent" value="email-link" />
      <input type="hidden" name="trackingToken" value={receipt.trackingToken} />
      <input type="hidden" name="trackingLink" value={receipt.trackingLink} />
      <input type="hidden" name="encryption" value={receipt.encryption} />
      <label htmlFor={id} className="block font-medium">
        Email address
      </label>
      <p id={fieldIds(id).hint} className="text-sm text-slate-600">
        Optional. Email is not encrypted: anyone who can read that mailbox can use the link.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id={id}
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={state?.status === "error" ? state.email : (receipt.notifyEmail ?? "")}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, { hint: true, error })}
          className={inputClass}
        />
        <button type="submit" className={`${secondaryButtonClass} shrink-0`} disabled={pending}>
          {pending ? "Sending…" : "Email me the link"}
        </button>
      </div>
      <FieldError id={fieldIds(id).error} error={error} />
    </form>
  );
}
