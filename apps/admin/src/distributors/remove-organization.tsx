"use client";

import { Alert, buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { problemOf } from "~/people/problem";
import { adminClient } from "~/trpc/client";

/**
 * "Remove from the list" for one organisation whose criteria lapsed: a required reason (recorded, and emailed to
 * its security contact), then a confirm step. Its members lose access on their next request.
 */
export function RemoveOrganization({ organizationId, name }: { organizationId: string; name: string }) {
  const router = useRouter();
  const id = useId();
  const reasonId = `${id}-reason`;
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);

  function close() {
    setOpen(false);
    setConfirming(false);
    setReason("");
    setFieldError(null);
    setFailure(null);
  }

  function review(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = reason.trim();
    const error =
      trimmed.length < 10
        ? "Give the reason for the removal (at least 10 characters): it is recorded and sent to the organisation."
        : trimmed.length > 2000
          ? "The reason has at most 2,000 characters."
          : null;
    setFieldError(error);
    if (!error) setConfirming(true);
  }

  async function remove() {
    setPending(true);
    setFailure(null);
    try {
      await adminClient().distributorList.remove.mutate({ organizationId, reason });
      close();
      router.refresh();
    } catch (e) {
      const problem = problemOf(e);
      if (problem.field === "reason") {
        setFieldError(problem.message);
        setConfirming(false);
      } else setFailure(problem.message);
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className={secondaryButtonClass} onClick={() => setOpen(true)}>
        Remove from the list<span className="sr-only">: {name}</span>
      </button>
    );
  }
  return (
    <form onSubmit={review} noValidate aria-busy={pending} className="min-w-64 space-y-3">
      {failure ? (
        <Alert title={`${name} was not removed`} focusKey={attempt}>
          {failure}
        </Alert>
      ) : null}
      <Field
        id={reasonId}
        label={`Why ${name} leaves the list`}
        hint="Recorded, and emailed to the organisation's security contact."
        required
        error={fieldError}
      >
        <textarea
          id={reasonId}
          rows={3}
          value={reason}
          readOnly={confirming}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={describedBy(reasonId, { hint: true, error: fieldError })}
          className={inputClass}
        />
      </Field>
      {confirming ? (
        <div className="space-y-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm">
          <p>
            Remove <strong>{name}</strong>? Every member loses access at once and the organisation gets no
            more notices. This cannot be undone here.
          </p>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={`${buttonClass} bg-red-700 hover:bg-red-800`}
              onClick={remove}
              disabled={pending}
            >
              {pending ? "Removing…" : `Yes, remove ${name}`}
            </button>
            <button
              type="button"
              className={secondaryButtonClass}
              onClick={() => setConfirming(false)}
              disabled={pending}
            >
              Change the reason
            </button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={buttonClass}>
            Remove…
          </button>
          <button type="button" className={secondaryButtonClass} onClick={close}>
            Cancel
          </button>
        </div>
      )}
    </form>
  );
}
