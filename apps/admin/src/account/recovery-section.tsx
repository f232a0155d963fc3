"use client";

import { Alert, secondaryButtonClass } from "@disclose/ui";
import { useCallback, useEffect, useState } from "react";
import {
  approvalsText,
  endText,
  formatWhen,
  STATE_TEXT,
  type TMyRecoveryView,
} from "~/recovery/recovery-text";
import { adminClient, errorMessage } from "~/trpc/client";

type Loaded =
  | { kind: "loading" }
  | { kind: "failed"; message: string }
  | { kind: "ready"; history: TMyRecoveryView[] };

/** The account page's recoveries: the person's own requests, their approvals and state. */
export function RecoverySection() {
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState<string | null>(null);
  const [done, setDone] = useState("");

  const load = useCallback(async () => {
    try {
      const { history } = await adminClient().recovery.mine.query();
      setLoaded({ kind: "ready", history });
    } catch (error) {
      setLoaded({ kind: "failed", message: errorMessage(error) });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  // Someone who reads this person's mailbox may have asked; the person, signed in with their factor, stops it here.
  async function cancel(recoveryId: string) {
    setPending(recoveryId);
    setFailure(null);
    setDone("");
    try {
      await adminClient().recovery.cancelMine.mutate({ recoveryId });
      setDone("The recovery request is cancelled.");
      await load();
    } catch (error) {
      setFailure(errorMessage(error));
      setAttempt((n) => n + 1);
    } finally {
      setPending(null);
    }
  }

  return (
    <section
      aria-labelledby="recovery-section-heading"
      className="space-y-3 rounded-lg bg-white p-4 shadow-sm"
    >
      <h2 id="recovery-section-heading" className="text-lg font-semibold">
        Account recovery
      </h2>
      <p className="text-sm text-slate-700">
        If you lose every second factor (your authenticator, your passkeys and your recovery codes), sign in
        with an emailed link and choose &ldquo;Lost your authenticator and your recovery codes?&rdquo; on the
        second-factor page. An admin and a PST member, two people other than you, confirm with you by a call
        or in person and approve; then you set up a new authenticator. Every step is emailed to you and kept
        in the audit log.
      </p>
      {failure ? (
        <Alert title="That did not work" focusKey={attempt}>
          {failure}
        </Alert>
      ) : null}
      <p role="status" className="text-sm font-medium text-emerald-800">
        {done}
      </p>
      {loaded.kind === "loading" ? <p className="text-sm text-slate-600">Loading…</p> : null}
      {loaded.kind === "failed" ? (
        <Alert title="Your recovery requests could not load">{loaded.message}</Alert>
      ) : null}
      {loaded.kind === "ready" && loaded.history.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-4 text-center text-sm text-slate-600">
          You have never asked for recovery.
        </p>
      ) : null}
      {loaded.kind === "ready" && loaded.history.length > 0 ? (
        <ol className="space-y-3">
          {loaded.history.map((r) => (
            <li key={r.id} className="space-y-1 rounded-md border border-slate-200 p-3 text-sm">
              <p className="flex flex-wrap items-baseline justify-between gap-2">
                <span className="font-semibold">{STATE_TEXT[r.state]}</span>
                <span className="font-mono text-xs text-slate-600">Asked {formatWhen(r.requestedAt)}</span>
              </p>
              <p className="whitespace-pre-wrap break-words text-slate-700">
                <span className="font-medium">Reason: </span>
                {r.reason}
              </p>
              <p className="text-slate-700">{approvalsText(r)}</p>
              <p className="text-slate-700">{endText(r)}</p>
              {r.state === "pending" || r.state === "approved" ? (
                <div>
                  <p className="text-slate-700">If you did not ask for this, cancel it and tell an admin.</p>
                  <button
                    type="button"
                    className={`${secondaryButtonClass} mt-2`}
                    disabled={pending !== null}
                    onClick={() => cancel(r.id)}
                  >
                    {pending === r.id ? "Cancelling…" : "Cancel this request"}
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
