"use client";

import { Alert, buttonClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { adminClient } from "~/trpc/client";
import { problemOf } from "./problem";

/**
 * The member chooses how reminders of due-soon and overdue milestones reach them: each one by email as it falls
 * due, or only in the daily digest. The alert for a new report comes at once either way (the policy says
 * IMMEDIATELY).
 */
export function ReminderPreference({ initialDigestOnly }: { initialDigestOnly: boolean }) {
  const router = useRouter();
  const [saved, setSaved] = useState(initialDigestOnly);
  const [choice, setChoice] = useState(initialDigestOnly);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState("");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setFailure(null);
    setDone("");
    try {
      const result = await adminClient().notifications.setDigestOnly.mutate({ digestOnly: choice });
      setSaved(result.digestOnly);
      setChoice(result.digestOnly);
      setDone(
        result.digestOnly
          ? "Saved: you get reminders only in the daily digest."
          : "Saved: you get each reminder by email as it falls due, and the daily digest.",
      );
      router.refresh();
    } catch (error) {
      setFailure(problemOf(error).message);
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  return (
    <section
      id="reminders"
      aria-labelledby="reminders-heading"
      className="space-y-3 rounded-lg bg-white p-4 shadow-sm"
    >
      <h2 id="reminders-heading" className="text-lg font-semibold">
        Reminders
      </h2>
      <p id="reminders-explained" className="text-slate-700">
        Disclose reminds the Fix Lead and the PST by email when a milestone of a case is due soon or overdue,
        and sends a daily digest of everything due. The alert for a new report always comes at once. Emails
        hold no vulnerability details: only the case&apos;s id, the milestone, its due time (UTC) and a link.
      </p>
      {failure ? (
        <Alert title="Your choice was not saved" focusKey={attempt}>
          {failure}
        </Alert>
      ) : null}
      <p role="status" className="text-sm font-medium text-emerald-800">
        {done}
      </p>
      <form onSubmit={submit} aria-busy={pending} className="space-y-3">
        <fieldset className="space-y-2" aria-describedby="reminders-explained">
          <legend className="font-medium">Send me reminders</legend>
          <label className="flex items-start gap-2">
            <input
              type="radio"
              name="digestOnly"
              value="each"
              className="mt-1.5"
              checked={!choice}
              onChange={() => setChoice(false)}
              disabled={pending}
            />
            <span>
              Each one by email{" "}
              <span className="text-slate-600">as it falls due, plus the daily digest.</span>
            </span>
          </label>
          <label className="flex items-start gap-2">
            <input
              type="radio"
              name="digestOnly"
              value="digest"
              className="mt-1.5"
              checked={choice}
              onChange={() => setChoice(true)}
              disabled={pending}
            />
            <span>
              Daily digest only{" "}
              <span className="text-slate-600">
                (one email a day, from 07:00 UTC, when something is due).
              </span>
            </span>
          </label>
        </fieldset>
        <button type="submit" className={buttonClass} disabled={pending || choice === saved}>
          {pending ? "Saving…" : "Save my choice"}
        </button>
      </form>
    </section>
  );
}
