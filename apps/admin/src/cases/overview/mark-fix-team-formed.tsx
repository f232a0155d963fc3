"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";

/** For a case whose team is the Fix Lead and the PST alone (adding an engineer forms the team by itself). */
export function MarkFixTeamFormed({ reportId }: { reportId: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function mark() {
    setPending(true);
    setError(null);
    try {
      await adminClient().caseWorkflow.markFixTeamFormed.mutate({ reportId });
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }
  return (
    <span className="mt-1 block">
      <button
        type="button"
        className="text-sm text-sky-700 underline disabled:opacity-60"
        disabled={pending}
        onClick={mark}
      >
        {pending ? "Saving…" : "The team is complete without more engineers"}
      </button>
      {error ? (
        <span role="alert" className="ml-2 text-sm text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
