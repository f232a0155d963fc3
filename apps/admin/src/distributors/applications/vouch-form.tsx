"use client";

import { Alert, buttonClass, describedBy, Field, inputClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { problemOf } from "~/people/problem";
import { adminClient } from "~/trpc/client";

const MAX_COMMENT = 2000;

/**
 * "Do you vouch for this applicant?": confirm or decline, with a comment the PST reads. An earlier answer is
 * shown and can be changed until the PST decides.
 */
export function VouchForm({
  applicationId,
  organizationName,
  previous,
}: {
  applicationId: string;
  organizationName: string;
  previous: { decision: "confirmed" | "declined"; comment: string } | null;
}) {
  const router = useRouter();
  const [decision, setDecision] = useState<"confirmed" | "declined" | "">(previous?.decision ?? "");
  const [comment, setComment] = useState(previous?.comment ?? "");
  const [errors, setErrors] = useState<{ decision?: string; comment?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState("");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone("");
    setFailure(null);
    const next: { decision?: string; comment?: string } = {};
    if (!decision) next.decision = "Choose to confirm or to decline.";
    const text = comment.trim();
    if (!text) next.comment = "Enter a comment: why you vouch, or why not.";
    else if (text.length > MAX_COMMENT) next.comment = `At most ${MAX_COMMENT} characters.`;
    setErrors(next);
    if (next.decision || next.comment || !decision) return;
    setPending(true);
    try {
      await adminClient().distributorApplications.vouch.mutate({ applicationId, decision, comment: text });
      setDone(decision === "confirmed" ? "Your vouch was recorded." : "Your answer was recorded.");
      router.refresh();
    } catch (e) {
      const problem = problemOf(e);
      if (problem.field === "comment" || problem.field === "decision") {
        setErrors({ [problem.field]: problem.message });
      } else setFailure(problem.message);
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-busy={pending}
      className="space-y-4 rounded-lg bg-white p-4 shadow-sm"
    >
      {failure ? (
        <Alert title="Your answer was not recorded" focusKey={attempt}>
          {failure}
        </Alert>
      ) : null}
      <p role="status" className="text-sm font-medium text-emerald-800">
        {done}
      </p>
      <fieldset className="space-y-2" aria-describedby={errors.decision ? "vouch-decision-error" : undefined}>
        <legend className="font-medium">
          Do you vouch for the person applying on behalf of {organizationName}?
          <span className="ml-1 text-sm font-normal text-slate-500">(required)</span>
        </legend>
        {(
          [
            ["confirmed", "Yes, I vouch for them"],
            ["declined", "No, I do not vouch for them"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-2">
            <input
              type="radio"
              name="decision"
              value={value}
              checked={decision === value}
              onChange={() => setDecision(value)}
              aria-invalid={errors.decision ? true : undefined}
            />
            {label}
          </label>
        ))}
        {errors.decision ? (
          <p id="vouch-decision-error" className="text-sm font-medium text-red-700">
            <span aria-hidden="true">⚠ </span>
            {errors.decision}
          </p>
        ) : null}
      </fieldset>
      <Field
        id="vouch-comment"
        label="Comment"
        hint="How you know them, or why you do not vouch. The PST reads it; the applicant does not."
        required
        error={errors.comment}
      >
        <textarea
          id="vouch-comment"
          name="comment"
          rows={4}
          maxLength={MAX_COMMENT + 100}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          aria-invalid={errors.comment ? true : undefined}
          aria-describedby={describedBy("vouch-comment", { hint: true, error: errors.comment })}
          className={inputClass}
        />
      </Field>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Saving…" : previous ? "Change my answer" : "Send my answer"}
      </button>
    </form>
  );
}
