"use client";

import { Alert, buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { problemOf } from "~/people/problem";
import { adminClient } from "~/trpc/client";

const MAX_REASON = 2000;

/**
 * The PST's decision: approve (only when the rules find the application eligible; otherwise the reasons why not)
 * or reject with a reason the applicant is sent. Each asks for a confirmation first: neither can be undone.
 */
export function DecisionPanel({
  applicationId,
  organizationName,
  applicantEmail,
  eligible,
  problems,
}: {
  applicationId: string;
  organizationName: string;
  applicantEmail: string;
  eligible: boolean;
  problems: readonly string[];
}) {
  const router = useRouter();
  const [step, setStep] = useState<"choose" | "approve" | "reject">("choose");
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);

  async function run(call: () => Promise<unknown>) {
    setFailure(null);
    setPending(true);
    try {
      await call();
      router.refresh();
    } catch (e) {
      const problem = problemOf(e);
      if (problem.field === "reason") setReasonError(problem.message);
      else setFailure(problem.message);
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  function reject(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = reason.trim();
    const error = !text
      ? "Enter the reason (the applicant reads it)."
      : text.length > MAX_REASON
        ? `At most ${MAX_REASON} characters.`
        : null;
    setReasonError(error);
    if (error) return;
    void run(() => adminClient().distributorApplications.reject.mutate({ applicationId, reason: text }));
  }

  return (
    <div className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
      {failure ? (
        <Alert title="Nothing was decided" focusKey={attempt}>
          {failure}
        </Alert>
      ) : null}

      {step === "choose" ? (
        <>
          {eligible ? (
            <p className="text-slate-700">
              The rules find this application eligible. Approve it, or reject it with a reason.
            </p>
          ) : (
            <div className="space-y-1">
              <p className="font-medium">It cannot be approved yet:</p>
              <ul
                id="approval-problems"
                className="list-disc space-y-1 pl-6 text-slate-700"
                data-testid="approval-problems"
              >
                {problems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="flex flex-wrap gap-3">
            {/* Disabled while ineligible, pointing at the reasons above. */}
            <button
              type="button"
              className={buttonClass}
              disabled={!eligible}
              aria-describedby={eligible ? undefined : "approval-problems"}
              onClick={() => setStep("approve")}
            >
              Approve…
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setStep("reject")}>
              Reject…
            </button>
          </div>
        </>
      ) : null}

      {step === "approve" ? (
        <div className="space-y-3">
          <p>
            Approve <strong>{organizationName}</strong>? It joins the private distributors list with the team
            key given, and <strong>{applicantEmail}</strong> gets a distributor account in it and an email
            telling them how to sign in. This cannot be undone here.
          </p>
          <div className="flex flex-wrap gap-3">
            <button
              type="button"
              className={buttonClass}
              disabled={pending}
              onClick={() =>
                void run(() => adminClient().distributorApplications.approve.mutate({ applicationId }))
              }
            >
              {pending ? "Approving…" : "Yes, approve"}
            </button>
            <button
              type="button"
              className={secondaryButtonClass}
              disabled={pending}
              onClick={() => setStep("choose")}
            >
              Cancel
            </button>
          </div>
        </div>
      ) : null}

      {step === "reject" ? (
        <form onSubmit={reject} noValidate aria-busy={pending} className="space-y-3">
          <Field
            id="reject-reason"
            label="Reason"
            hint={`Sent to the applicant (${applicantEmail}) by email. Rejecting cannot be undone; they may apply again.`}
            required
            error={reasonError}
          >
            <textarea
              id="reject-reason"
              name="reason"
              rows={4}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={describedBy("reject-reason", { hint: true, error: reasonError })}
              className={inputClass}
            />
          </Field>
          <div className="flex flex-wrap gap-3">
            <button type="submit" className={buttonClass} disabled={pending}>
              {pending ? "Rejecting…" : "Reject the application"}
            </button>
            <button
              type="button"
              className={secondaryButtonClass}
              disabled={pending}
              onClick={() => setStep("choose")}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
