"use client";

import { buttonClass, secondaryButtonClass } from "@disclose/ui";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";

/**
 * A button for a step that cannot be undone: the first click asks, the second does it. Disabled with the reason
 * shown beside it while the domain refuses; busy while saving.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  question,
  disabledReason,
  onConfirm,
}: {
  label: string;
  confirmLabel: string;
  question: ReactNode;
  /** Why it cannot be done now (the domain's words); null when it can. */
  disabledReason: string | null;
  /** Resolves with an error message, or null when done. */
  onConfirm: () => Promise<string | null>;
}) {
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasonId = useId();
  const questionRef = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (asking) questionRef.current?.focus();
  }, [asking]);

  async function confirm() {
    setPending(true);
    setError(null);
    const problem = await onConfirm();
    setPending(false);
    if (problem) setError(problem);
    else setAsking(false);
  }

  if (!asking) {
    return (
      <div className="space-y-1">
        <button
          type="button"
          className={buttonClass}
          disabled={disabledReason !== null}
          aria-describedby={disabledReason ? reasonId : undefined}
          onClick={() => setAsking(true)}
        >
          {label}
        </button>
        {disabledReason ? (
          <p id={reasonId} className="text-sm text-slate-700">
            Not yet: {disabledReason}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <fieldset
      ref={questionRef}
      tabIndex={-1}
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3"
    >
      <legend className="sr-only">{label}</legend>
      <div className="text-slate-900">{question}</div>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={buttonClass} disabled={pending} onClick={confirm}>
          {pending ? "Saving…" : confirmLabel}
        </button>
        <button
          type="button"
          className={secondaryButtonClass}
          disabled={pending}
          onClick={() => {
            setAsking(false);
            setError(null);
          }}
        >
          Cancel
        </button>
      </div>
      {error ? (
        <p role="alert" className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
