"use client";

import { Alert, buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { adminClient } from "~/trpc/client";
import { problemOf } from "./problem";
import { formatUtc, formatUtcDate } from "./types";

const DAY_MS = 86_400_000;

/**
 * The member marks themselves away: the Fix Lead rotation skips them until the morning (00:00 UTC) of the day
 * they are back. Dates are UTC days, like every date in Disclose. `today` comes from the server, so the page
 * renders the same limits on both sides.
 */
export function OutOfOffice({ initialUntil, today }: { initialUntil: Date | null; today: Date }) {
  const router = useRouter();
  const [until, setUntil] = useState<Date | null>(initialUntil);
  const [backOn, setBackOn] = useState(initialUntil ? formatUtcDate(initialUntil) : "");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState("");
  const earliest = formatUtcDate(new Date(today.getTime() + DAY_MS));
  const latest = formatUtcDate(
    new Date(Date.UTC(today.getUTCFullYear() + 1, today.getUTCMonth(), today.getUTCDate())),
  );

  async function save(next: Date | null) {
    setPending(true);
    setFailure(null);
    setDone("");
    try {
      const result = await adminClient().users.setAvailability.mutate({ unavailableUntil: next });
      setUntil(result.unavailableUntil);
      setDone(
        result.unavailableUntil
          ? `Saved: you are out of office until ${formatUtc(result.unavailableUntil)}.`
          : "Saved: you are available again.",
      );
      if (!result.unavailableUntil) setBackOn("");
      router.refresh();
    } catch (error) {
      const problem = problemOf(error);
      if (problem.field === "unavailableUntil") setFieldError(problem.message);
      else setFailure(problem.message);
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(backOn)) {
      setFieldError("Enter the day you are back, such as 2026-12-01.");
      return;
    }
    const date = new Date(`${backOn}T00:00:00Z`);
    if (Number.isNaN(date.getTime())) return setFieldError("That is not a date in the calendar.");
    if (backOn < earliest) return setFieldError("Choose a day after today.");
    if (backOn > latest) return setFieldError("Choose a date at most one year from today.");
    setFieldError(null);
    void save(date);
  }

  return (
    <section aria-labelledby="out-of-office-heading" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="out-of-office-heading" className="text-lg font-semibold">
        Out of office
      </h2>
      <p>
        {until ? (
          <>
            You are marked <strong>out of office until {formatUtc(until)}</strong>. New cases are not assigned
            to you as Fix Lead until then.
          </>
        ) : (
          <>You are available: new cases may be assigned to you as Fix Lead.</>
        )}
      </p>
      {failure ? (
        <Alert title="Your availability was not saved" focusKey={attempt}>
          {failure}
        </Alert>
      ) : null}
      <p role="status" className="text-sm font-medium text-emerald-800">
        {done}
      </p>
      <form onSubmit={submit} noValidate aria-busy={pending} className="space-y-3">
        <Field
          id="back-on"
          label="Back on (UTC date)"
          hint={`You are away until 00:00 UTC that day. From ${earliest} to ${latest}.`}
          required
          error={fieldError}
        >
          <input
            id="back-on"
            name="backOn"
            type="date"
            min={earliest}
            max={latest}
            value={backOn}
            onChange={(e) => setBackOn(e.target.value)}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={describedBy("back-on", { hint: true, error: fieldError })}
            className={`${inputClass} sm:w-56`}
          />
        </Field>
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={buttonClass} disabled={pending}>
            {pending ? "Saving…" : until ? "Change the date" : "Mark me out of office"}
          </button>
          {until ? (
            <button
              type="button"
              className={secondaryButtonClass}
              disabled={pending}
              onClick={() => save(null)}
            >
              I am back
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
