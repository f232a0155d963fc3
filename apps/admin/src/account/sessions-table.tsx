"use client";

import { formatUtc } from "@disclose/domain";
import { Alert, buttonClass, DataTable, secondaryButtonClass, useHydrated } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { SignOutEverywhereButton } from "~/auth/account-controls";
import { useKeyring } from "~/keyring";
import { problemOf } from "~/people/problem";
import { adminClient } from "~/trpc/client";
import type { TMySession } from "./types";

/**
 * The person's sessions, each with an "End" button that asks first. Ending this browser's own session signs it
 * out (the key is locked first); ending another one refreshes the list.
 */
export function SessionsTable({ sessions }: { sessions: TMySession[] }) {
  const [done, setDone] = useState("");
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="space-y-3">
      <DataTable
        caption={`${sessions.length} ${sessions.length === 1 ? "session" : "sessions"} signed in to your account. Times in UTC.`}
        rows={sessions}
        rowKey={(s) => s.id}
        rowTestId="session-row"
        empty="No session is signed in: this page was opened with one that has just ended."
        columns={[
          {
            header: "Device",
            cell: (s) => (
              <>
                <span className="block font-medium">{s.device}</span>
                {s.current ? (
                  <span className="mt-1 inline-block rounded bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-900">
                    This session
                  </span>
                ) : null}
                {s.secondFactorPassed ? null : (
                  <span className="mt-1 block text-xs text-amber-800">
                    Signed in with the emailed link, second factor not passed
                  </span>
                )}
              </>
            ),
          },
          {
            // One column for both times, so the table fits a phone's width with its End buttons in view.
            header: "Made and last seen (UTC)",
            cell: (s) => (
              <>
                <span className="block">Made {formatUtc(s.createdAt)}</span>
                <span className="block break-all text-slate-600">
                  {s.createdFrom ? `from ${s.createdFrom}` : "address not known"}
                </span>
                <span className="block text-slate-600">
                  {s.current
                    ? "In use now"
                    : s.lastSeenAt
                      ? `Last seen ${formatUtc(s.lastSeenAt)}`
                      : "Not used since"}
                </span>
              </>
            ),
          },
          {
            header: "End",
            cell: (s) => <EndSession session={s} onEnded={setDone} />,
          },
        ]}
      />
      <p role="status" className="text-sm text-emerald-800">
        {done}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <SignOutEverywhereButton />
        <span className="text-sm text-slate-600">
          Ends {others > 0 ? `all ${sessions.length} sessions` : "this session"}, this browser's too.
        </span>
      </div>
    </div>
  );
}

function EndSession({ session, onEnded }: { session: TMySession; onEnded: (message: string) => void }) {
  const router = useRouter();
  const keyring = useKeyring();
  const hydrated = useHydrated();
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const trigger = useRef<HTMLButtonElement>(null);
  const question = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (asking) question.current?.focus();
  }, [asking]);

  function cancel() {
    setAsking(false);
    setFailure(null);
    requestAnimationFrame(() => trigger.current?.focus());
  }

  async function end() {
    setPending(true);
    setFailure(null);
    try {
      const { wasCurrent } = await adminClient().account.endSession.mutate({ sessionId: session.id });
      if (wasCurrent) {
        await keyring.lock({ allTabs: true });
        await signOut({ callbackUrl: "/sign-in" });
        return;
      }
      setAsking(false);
      onEnded(`The session on ${session.device} has ended.`);
      router.refresh();
    } catch (error) {
      setFailure(problemOf(error).message);
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  if (!asking) {
    return (
      <button
        type="button"
        ref={trigger}
        className={secondaryButtonClass}
        disabled={!hydrated}
        aria-label={`End the session on ${session.device}${session.current ? " (this session)" : ""}`}
        onClick={() => setAsking(true)}
      >
        End…
      </button>
    );
  }
  return (
    <fieldset
      ref={question}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !pending) cancel();
      }}
      className="min-w-48 space-y-2 rounded-md border border-slate-300 bg-slate-50 p-3"
    >
      <legend className="float-left mb-2 w-full">
        {session.current
          ? "End this session? This browser is signed out."
          : `End the session on ${session.device}? That browser is signed out at its next request.`}
      </legend>
      {failure ? (
        <Alert title="The session was not ended" focusKey={attempt}>
          {failure}
        </Alert>
      ) : null}
      <div className="clear-both flex flex-wrap gap-2">
        <button
          type="button"
          className={`${buttonClass} bg-red-700 hover:bg-red-800`}
          disabled={pending}
          onClick={end}
        >
          {pending ? "Ending…" : "End session"}
        </button>
        <button type="button" className={secondaryButtonClass} disabled={pending} onClick={cancel}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}
