"use client";

import { buttonClass, inputClass, useHydrated } from "@disclose/ui";
import { useEffect, useRef, useState } from "react";

/** After the application was committed: its tracking link, shown once, and what happens next. */
export function ApplicationReceipt({
  trackingLink,
  organizationName,
  linkEmailed,
}: {
  trackingLink: string;
  organizationName: string;
  linkEmailed: boolean;
}) {
  const hydrated = useHydrated();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(trackingLink);
      setCopied("yes");
    } catch {
      const input = document.getElementById("tracking-link") as HTMLTextAreaElement | null;
      input?.focus();
      input?.select();
      setCopied("no");
    }
  }

  return (
    <section
      aria-labelledby="receipt-heading"
      className="space-y-6 wrap-anywhere"
      data-testid="application-receipt"
    >
      <div className="space-y-2">
        <h2 id="receipt-heading" ref={heading} tabIndex={-1} className="text-2xl font-bold tracking-tight">
          Thank you — the application for {organizationName} was received
        </h2>
        <p className="text-slate-700">
          We emailed you a receipt{linkEmailed ? " with this link" : ""}. Keep the link below to follow the
          application.
        </p>
      </div>

      <div className="space-y-2 rounded-lg border-2 border-amber-500 bg-amber-50 p-4">
        <label htmlFor="tracking-link" className="block font-semibold">
          Your private tracking link
        </label>
        <p id="tracking-link-hint" className="text-sm text-amber-900">
          <strong>This link is shown only once and cannot be recovered.</strong> Anyone who has it can see the
          application&apos;s state. Save it in a password manager or another safe place.
        </p>
        <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
          <textarea
            id="tracking-link"
            readOnly
            rows={2}
            value={trackingLink}
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
          <a className="font-medium underline" href={trackingLink}>
            Open the tracking page
          </a>
        </p>
      </div>

      <section aria-labelledby="next-heading" className="space-y-2">
        <h3 id="next-heading" className="text-lg font-semibold">
          What happens next
        </h3>
        <ol className="list-decimal space-y-1 pl-5 text-slate-700">
          <li>The person you named as your voucher is asked to confirm that they vouch for you.</li>
          <li>
            The Product Security Team reviews your answers to each criterion, and may write to you with
            questions.
          </li>
          <li>
            The team decides. Your tracking page shows the decision (and the reason, if the application is not
            accepted); once accepted, you are told by email how your team gets access to the list.
          </li>
        </ol>
      </section>
    </section>
  );
}
