"use client";

import { Alert, buttonClass, secondaryButtonClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";
import { CAPACITY_TEXT, type TRecoveryRow } from "./recovery-text";

/**
 * An approver's controls for one open request: approve (only after ticking that they confirmed with the person,
 * by a call or in person), or, for an admin, cancel. When the caller's approval cannot count, the domain's reason
 * is shown instead of the button.
 */
export function RecoveryActions({ recovery }: { recovery: TRecoveryRow }) {
  const router = useRouter();
  const id = useId();
  const [confirmed, setConfirmed] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState<"approve" | "cancel" | null>(null);
  const [done, setDone] = useState("");
  const name = recovery.member.name;
  const capacity = recovery.yourApproval.capacity;

  async function run(kind: "approve" | "cancel", action: () => Promise<string>) {
    setPending(kind);
    setFailure(null);
    setDone("");
    try {
      setDone(await action());
      router.refresh();
    } catch (error) {
      setFailure(errorMessage(error));
      setAttempt((n) => n + 1);
    } finally {
      setPending(null);
    }
  }

  function approve(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!confirmed) {
      setCheckError(
        `Confirm with ${name}, by a call or in person, that they asked for this, and tick the box.`,
      );
      return;
    }
    setCheckError(null);
    void run("approve", async () => {
      const after = await adminClient().recovery.approve.mutate({
        recoveryId: recovery.id,
        confirmedWithPerson: true,
      });
      return after.state === "approved"
        ? `Approved. ${name}'s old second factors are removed; they can set up a new authenticator now.`
        : `Your approval is recorded. It now needs ${after.missing.map((c) => CAPACITY_TEXT[c]).join(" and ")}.`;
    });
  }

  function cancel() {
    void run("cancel", async () => {
      await adminClient().recovery.cancel.mutate({ recoveryId: recovery.id });
      return `${name}'s recovery request is cancelled.`;
    });
  }

  return (
    <div className="space-y-3 border-t border-slate-100 pt-3">
      <p role="status" className="text-sm font-medium text-emerald-800">
        {done}
      </p>
      {failure ? (
        <Alert title="That did not work" focusKey={attempt}>
          {failure}
        </Alert>
      ) : null}
      {capacity ? (
        <form onSubmit={approve} noValidate aria-busy={pending !== null} className="space-y-2">
          <label htmlFor={`${id}-confirm`} className="flex items-start gap-2 text-sm">
            <input
              id={`${id}-confirm`}
              type="checkbox"
              className="mt-1"
              checked={confirmed}
              onChange={(e) => setConfirmed(e.target.checked)}
              aria-invalid={checkError ? true : undefined}
              aria-describedby={checkError ? `${id}-confirm-error` : undefined}
              disabled={pending !== null}
            />
            <span>I confirmed with {name}, by a call or in person, that they asked for this.</span>
          </label>
          {checkError ? (
            <p id={`${id}-confirm-error`} className="text-sm font-medium text-red-700">
              <span aria-hidden="true">⚠ </span>
              {checkError}
            </p>
          ) : null}
          <button type="submit" className={buttonClass} disabled={pending !== null}>
            {pending === "approve" ? "Approving…" : `Approve as ${CAPACITY_TEXT[capacity]}`}
          </button>
        </form>
      ) : recovery.yourApproval.refusal ? (
        <p className="text-sm text-slate-700">{recovery.yourApproval.refusal}</p>
      ) : null}
      {recovery.mayCancel ? (
        <button type="button" className={secondaryButtonClass} disabled={pending !== null} onClick={cancel}>
          {pending === "cancel" ? "Cancelling…" : "Cancel this request"}
        </button>
      ) : null}
    </div>
  );
}
