"use client";

import { buttonClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { problemOf } from "~/people/problem";
import { adminClient } from "~/trpc/client";

/**
 * "Verify now": recomputes the whole chain on the server (seconds for a large log), stores the result and, when it
 * is broken, emails the PST once per break; the page then shows the new status.
 */
export function VerifyNowButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState("");

  async function verify() {
    setPending(true);
    setMessage("");
    try {
      const result = await adminClient().audit.verify.mutate();
      setMessage(
        result.ok
          ? `The audit log verifies: ${result.events} events.`
          : `The audit log failed verification at event #${result.failedSeq}.`,
      );
      router.refresh();
    } catch (error) {
      setMessage(`Could not verify: ${problemOf(error).message}`);
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <button type="button" className={buttonClass} onClick={verify} disabled={pending} aria-busy={pending}>
        {pending ? "Verifying…" : "Verify now"}
      </button>
      <p role="status" aria-live="polite" className="text-sm">
        {message}
      </p>
    </div>
  );
}
