"use client";

import { Alert, buttonClass, secondaryButtonClass } from "@disclose/ui";
import { useEffect, useRef, useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";
import { Fingerprint, type TMyKey } from "./format";

/** Retiring asks once more: after it, new reports no longer reach this key's owner through it. */
export function RetireKey({
  keyInfo,
  onlyTeamKey,
  onRetired,
}: {
  keyInfo: TMyKey;
  /** The only key reports are encrypted to: retiring it stops encrypted reports until someone adds one. */
  onlyTeamKey: boolean;
  onRetired: () => Promise<void>;
}) {
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; n: number } | null>(null);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    if (confirming) panel.current?.focus();
  }, [confirming]);

  async function retire() {
    setPending(true);
    try {
      await adminClient().keys.retire.mutate({ keyId: keyInfo.id });
      setConfirming(false);
      setError(null);
      await onRetired();
    } catch (e) {
      setError({ message: errorMessage(e), n: (error?.n ?? 0) + 1 });
    } finally {
      setPending(false);
    }
  }

  if (!confirming) {
    return (
      <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(true)}>
        Retire this key…
      </button>
    );
  }
  return (
    <section
      ref={panel}
      tabIndex={-1}
      aria-labelledby="retire-question"
      className="w-full space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950"
    >
      <p id="retire-question" className="font-semibold">
        Retire the key <Fingerprint value={keyInfo.fingerprint} />?
      </p>
      <p className="text-sm">
        New reports will no longer be encrypted to it. It stays here, locked, so you can still read the
        reports already sent to it. A retired key cannot be registered again. If the key may have leaked,
        retire it now and make a new one.
      </p>
      {onlyTeamKey ? (
        <p className="text-sm font-semibold">
          This is the only key reports are encrypted to: until someone on the PST registers a key, reporters
          cannot send encrypted reports.
        </p>
      ) : null}
      {error ? (
        <Alert title="The key was not retired" focusKey={error.n}>
          {error.message}
        </Alert>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={`${buttonClass} bg-red-700 hover:bg-red-800`}
          onClick={retire}
          disabled={pending}
        >
          {pending ? "Retiring…" : "Yes, retire it"}
        </button>
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => setConfirming(false)}
          disabled={pending}
        >
          Keep it
        </button>
      </div>
    </section>
  );
}
