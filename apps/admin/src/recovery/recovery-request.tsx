"use client";

import { Alert, buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";
import { approvalsText, checkReason, formatWhen, type TMyRecoveryView } from "./recovery-text";

type Loaded =
  | { kind: "loading" }
  | { kind: "failed"; message: string }
  | { kind: "ready"; latest: TMyRecoveryView | null };

/**
 * On the second-factor page: ask for recovery when every second factor is lost, and follow it. Two other people,
 * an admin and a PST member, must approve; then the old factors are gone and this page offers a new authenticator.
 */
export function RecoveryRequest({
  onlyAfterEarlierRequest = false,
}: {
  /** Shown only to someone who asked before (on the enrolment step: a new member has nothing to recover). */
  onlyAfterEarlierRequest?: boolean;
}) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });

  const load = useCallback(async () => {
    try {
      const { latest } = await adminClient().recovery.mine.query();
      setLoaded({ kind: "ready", latest });
    } catch (error) {
      setLoaded({ kind: "failed", message: errorMessage(error) });
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (onlyAfterEarlierRequest && (loaded.kind !== "ready" || loaded.latest === null)) return null;
  return (
    <section aria-labelledby="recovery-heading" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="recovery-heading" className="sr-only">
        Account recovery
      </h2>
      {loaded.kind === "loading" ? <p className="text-sm text-slate-600">Loading…</p> : null}
      {loaded.kind === "failed" ? (
        <Alert title="Your recovery requests could not load">{loaded.message}</Alert>
      ) : null}
      {loaded.kind === "ready" ? (
        loaded.latest && (loaded.latest.state === "pending" || loaded.latest.state === "approved") ? (
          <OpenRecovery
            recovery={loaded.latest}
            onChange={(latest) => setLoaded({ kind: "ready", latest })}
          />
        ) : (
          <AskForRecovery
            previous={loaded.latest}
            onAsked={(latest) => setLoaded({ kind: "ready", latest })}
          />
        )
      ) : null}
    </section>
  );
}

/** The disclosure and the form; after a request that expired or was cancelled, says so first. */
function AskForRecovery({
  previous,
  onAsked,
}: {
  previous: TMyRecoveryView | null;
  onAsked: (recovery: TMyRecoveryView) => void;
}) {
  const id = useId();
  const formId = `${id}-form`;
  const reasonId = `${id}-reason`;
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (open) reasonRef.current?.focus();
  }, [open]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = checkReason(reason);
    setFieldError(problem);
    setFailure(null);
    if (problem) {
      reasonRef.current?.focus();
      return;
    }
    setPending(true);
    try {
      onAsked(await adminClient().recovery.request.mutate({ reason: reason.trim() }));
    } catch (error) {
      setFailure(errorMessage(error));
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  const ended =
    previous?.state === "expired"
      ? `Your last recovery request expired on ${formatWhen(previous.expiresAt)} before it was completed.`
      : previous?.state === "cancelled"
        ? `Your last recovery request was cancelled${previous.cancelledByName ? ` by ${previous.cancelledByName}` : ""}.`
        : null;

  return (
    <div className="space-y-3">
      {ended ? (
        <p className="text-sm text-slate-700">{ended} You can ask again if you still need to.</p>
      ) : null}
      <button
        type="button"
        className="text-left text-sky-700 underline"
        aria-expanded={open}
        aria-controls={formId}
        onClick={() => setOpen((o) => !o)}
      >
        {ended ? "Ask for recovery again" : "Lost your authenticator and your recovery codes?"}
      </button>
      {open ? (
        <form id={formId} onSubmit={submit} noValidate aria-busy={pending} className="space-y-3">
          <p className="text-sm text-slate-700">
            An admin and a PST member, two people other than you, must each confirm with you by a call or in
            person and approve. Then your old authenticator, passkeys and recovery codes stop working, you are
            signed out everywhere else, and you set up a new authenticator on this page. You get an email at
            every step.
          </p>
          {failure ? (
            <Alert title="Your request was not sent" focusKey={attempt}>
              {failure}
            </Alert>
          ) : null}
          <Field
            id={reasonId}
            label="What happened?"
            hint="The approvers read this. For example: my phone was stolen on Monday and I had my recovery codes on it."
            error={fieldError}
            required
          >
            <textarea
              id={reasonId}
              ref={reasonRef}
              className={inputClass}
              rows={4}
              maxLength={1000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={describedBy(reasonId, { hint: true, error: fieldError })}
              disabled={pending}
            />
          </Field>
          <button type="submit" className={buttonClass} disabled={pending}>
            {pending ? "Sending…" : "Ask for recovery"}
          </button>
        </form>
      ) : null}
    </div>
  );
}

/** A request waiting for approvals (with Cancel), or approved (set up a new authenticator now). */
function OpenRecovery({
  recovery,
  onChange,
}: {
  recovery: TMyRecoveryView;
  onChange: (recovery: TMyRecoveryView) => void;
}) {
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);

  async function cancel() {
    setPending(true);
    setFailure(null);
    try {
      onChange(await adminClient().recovery.cancelMine.mutate({ recoveryId: recovery.id }));
    } catch (error) {
      setFailure(errorMessage(error));
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  if (recovery.state === "approved") {
    return (
      <div className="space-y-3">
        <p role="status" className="font-semibold text-emerald-800">
          Approved. Set up a new authenticator now.
        </p>
        <p className="text-sm text-slate-700">
          {approvalsText(recovery)} Your old second factors are removed. Set up a new authenticator before{" "}
          {formatWhen(recovery.expiresAt)}; after that you would have to ask again.
        </p>
        <button type="button" className={buttonClass} onClick={() => window.location.reload()}>
          Set up a new authenticator
        </button>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <div role="status" className="space-y-1">
        <p className="font-semibold">You asked for recovery on {formatWhen(recovery.requestedAt)}.</p>
        <p className="text-sm text-slate-700">{approvalsText(recovery)}</p>
        <p className="text-sm text-slate-700">
          It expires at {formatWhen(recovery.expiresAt)} unless both approvals come first. The approvers will
          call you or see you in person before they approve.
        </p>
      </div>
      {failure ? (
        <Alert title="The request was not cancelled" focusKey={attempt}>
          {failure}
        </Alert>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button type="button" className={secondaryButtonClass} disabled={pending} onClick={cancel}>
          {pending ? "Cancelling…" : "Cancel the request"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={() => window.location.reload()}>
          Check again
        </button>
      </div>
    </div>
  );
}
