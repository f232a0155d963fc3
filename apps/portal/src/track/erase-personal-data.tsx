"use client";

import { formatUtc } from "@disclose/domain";
import { Alert, buttonClass, secondaryButtonClass } from "@disclose/ui";
import { useEffect, useRef, useState } from "react";
import { portalClient } from "~/trpc/client";

export interface TPersonalDataProps {
  token: string;
  hasNotifyEmail: boolean;
  emailsKept: number;
  /** Already formatted (UTC), or null. */
  erasedAt: string | null;
  retentionDays: number;
  /** When retention will erase it, formatted (UTC); null while the case is open. */
  erasableAt: string | null;
}

const emails = (n: number) => (n === 1 ? "1 email" : `${n} emails`);

const WHAT_STAYS =
  "Your encrypted report, the encrypted messages and the record of the case (its state, dates and history) stay, so the fix remains traceable, and the team can still answer you on this page.";

/**
 * "Your email address" on the tracking page: what we keep, when retention erases it, and a two-step "Erase my
 * email address now" (the second step says exactly what goes and what stays). The control shows only while
 * something is left to erase; afterwards the section says that it was erased.
 */
export function ErasePersonalData(props: TPersonalDataProps) {
  const { token, retentionDays, erasableAt } = props;
  const [step, setStep] = useState<"idle" | "confirm" | "erasing">("idle");
  const [error, setError] = useState<{ message: string; n: number } | null>(null);
  const [erased, setErased] = useState<{ at: string; emails: number; address: boolean } | null>(null);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Keyboard and screen-reader users land on the question when it opens, and back on the button when it closes.
  useEffect(() => {
    if (step === "confirm") confirmHeading.current?.focus();
    else if (step === "idle" && wasConfirming.current) startButton.current?.focus();
    wasConfirming.current = step !== "idle";
  }, [step]);

  async function erase() {
    setStep("erasing");
    try {
      const result = await portalClient().tracking.erasePersonalData.mutate({ token });
      setErased({
        at: result.erasedAt ? formatUtc(result.erasedAt) : "just now",
        emails: result.outboxMessages,
        address: result.notifyEmail,
      });
      setError(null);
    } catch (cause) {
      const message =
        cause instanceof Error &&
        (cause as { data?: { code?: string } }).data?.code !== "INTERNAL_SERVER_ERROR" &&
        cause.message
          ? cause.message
          : "Your email address could not be erased just now. Nothing was changed; please try again.";
      setError({ message, n: (error?.n ?? 0) + 1 });
      setStep("confirm");
      return;
    }
    setStep("idle");
  }

  const somethingKept = props.hasNotifyEmail || props.emailsKept > 0;
  const when = erasableAt
    ? `on ${erasableAt}, ${retentionDays} days after your report was closed`
    : `${retentionDays} days after your report is closed`;

  return (
    <section
      aria-labelledby="personal-data-heading"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="personal-data"
    >
      <h2 id="personal-data-heading" className="text-lg font-semibold">
        Your email address
      </h2>
      {erased ? (
        <Alert title="Your email address was erased" tone="info" focusKey={erased.at}>
          <p>
            {erased.address ? "The address you gave for updates is gone" : "No address for updates was left"}
            {erased.emails > 0
              ? `, and so are the address and text of the ${emails(erased.emails)} to you`
              : ""}
            . We will not email you about this report again: check this page for news. {WHAT_STAYS}
          </p>
        </Alert>
      ) : !somethingKept ? (
        <p className="text-slate-700" data-testid="personal-data-status">
          {props.erasedAt
            ? `Your email address was erased on ${props.erasedAt}. We will not email you about this report: check this page for news. ${WHAT_STAYS}`
            : "You gave no email address, so we keep none: news about your report appears only on this page."}
        </p>
      ) : (
        <>
          <p className="text-slate-700">
            {props.hasNotifyEmail
              ? `We keep the email address you gave for updates${props.emailsKept > 0 ? `, and the ${emails(props.emailsKept)} we sent you` : ""}.`
              : `We keep the ${emails(props.emailsKept)} we sent you, with your address.`}{" "}
            This is the only personal data of yours we keep unencrypted. We erase it {when}, or now if you
            ask.
          </p>
          {step === "idle" ? (
            <button
              ref={startButton}
              type="button"
              className={secondaryButtonClass}
              onClick={() => {
                setError(null);
                setStep("confirm");
              }}
            >
              Erase my email address now
            </button>
          ) : (
            <section
              aria-labelledby="erase-confirm-heading"
              className="space-y-3 rounded-md border-l-4 border-amber-500 bg-amber-50 p-4"
            >
              <h3 id="erase-confirm-heading" ref={confirmHeading} tabIndex={-1} className="font-semibold">
                Erase your email address now?
              </h3>
              {error ? <Alert title={error.message} focusKey={error.n} /> : null}
              <dl className="space-y-2 text-sm">
                <div>
                  <dt className="font-medium">Erased</dt>
                  <dd>
                    The address for updates
                    {props.emailsKept > 0
                      ? `, and the address and text of the ${emails(props.emailsKept)} to you (any not sent yet will not be sent)`
                      : ""}
                    . You will get no more emails about this report; this page and its link keep working.
                  </dd>
                </div>
                <div>
                  <dt className="font-medium">Stays</dt>
                  <dd>{WHAT_STAYS}</dd>
                </div>
              </dl>
              <p className="text-sm">This cannot be undone.</p>
              <div className="flex flex-wrap gap-3">
                <button type="button" className={buttonClass} onClick={erase} disabled={step === "erasing"}>
                  {step === "erasing" ? "Erasing…" : "Yes, erase my email address"}
                </button>
                <button
                  type="button"
                  className={secondaryButtonClass}
                  onClick={() => setStep("idle")}
                  disabled={step === "erasing"}
                >
                  Keep it
                </button>
              </div>
            </section>
          )}
        </>
      )}
    </section>
  );
}
