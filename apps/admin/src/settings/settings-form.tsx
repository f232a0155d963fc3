"use client";

import { Alert, buttonClass, describedBy, Field, inputClass } from "@disclose/ui";
import { type FormEvent, useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";

/** The acknowledgement clock: how long the PST has to acknowledge a new report (the inbox counts it down). */
export function SettingsForm({ ackDeadlineHours }: { ackDeadlineHours: number }) {
  const [hours, setHours] = useState(String(ackDeadlineHours));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = Number(hours);
    if (!Number.isInteger(value) || value < 1 || value > 720) {
      setSaved(false);
      return setError("Enter a whole number of hours from 1 to 720 (30 days).");
    }
    setPending(true);
    setError(null);
    try {
      await adminClient().cases.updateSettings.mutate({ ackDeadlineHours: value });
      setSaved(true);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
      {saved ? (
        <Alert title="Saved" tone="info">
          New reports are due for acknowledgement {hours} hours after they arrive.
        </Alert>
      ) : null}
      <Field
        id="ack-hours"
        label="Acknowledge new reports within (hours)"
        hint="The policy's default is 2 days (48 hours). Public disclosures are always due at once."
        error={error}
        required
      >
        <input
          id="ack-hours"
          inputMode="numeric"
          value={hours}
          onChange={(e) => {
            setHours(e.target.value);
            setSaved(false);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy("ack-hours", { hint: true, error })}
          className={inputClass}
        />
      </Field>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </button>
    </form>
  );
}
