"use client";

import { Alert, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { adminClient } from "~/trpc/client";
import { refusalOf } from "../workspace/sealed";

/**
 * The Fix Lead withdraws the published advisory with a reason: a new signed revision that says so everywhere (the
 * page, the feeds, OSV's `withdrawn`, a CSAF note). It cannot be undone, so it asks for the reason first.
 */
export function WithdrawForm({ reportId, publicId }: { reportId: string; publicId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  if (!open) {
    return (
      <button type="button" className={secondaryButtonClass} onClick={() => setOpen(true)}>
        Withdraw {publicId}…
      </button>
    );
  }
  async function withdraw(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!reason.trim()) return setError("Say why it is withdrawn: users read it on the advisory.");
    setPending(true);
    setError(null);
    setFailure(null);
    try {
      await adminClient().advisories.withdraw.mutate({ reportId, reason });
      router.refresh();
    } catch (e) {
      const problem = refusalOf(e);
      if (problem.field === "reason") setError(problem.message);
      else setFailure(problem.message);
    } finally {
      setPending(false);
    }
  }
  return (
    <form onSubmit={withdraw} noValidate className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-4">
      <Field id="withdraw-reason" label={`Why ${publicId} is withdrawn (published)`} required error={error}>
        <textarea
          id="withdraw-reason"
          rows={3}
          maxLength={2000}
          className={inputClass}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-describedby={describedBy("withdraw-reason", { error })}
        />
      </Field>
      <p className="text-sm text-slate-700">
        This cannot be undone: the advisory stays published, marked withdrawn.
      </p>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={secondaryButtonClass} disabled={pending}>
          {pending ? "Withdrawing…" : `Yes, withdraw ${publicId}`}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {failure ? <Alert title="Not withdrawn">{failure}</Alert> : null}
    </form>
  );
}
