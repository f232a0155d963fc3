import type { TCaseWorkflow } from "@disclose/api";
import { LocalTime } from "@disclose/ui";
import Link from "next/link";

/**
 * Early disclosure to distributors applies (remotely exploitable or privilege escalation, not public, not
 * skipped) but this viewer cannot run it here (not the Fix Lead, or the fix is not ready yet): what happens, and
 * the recorded decision to skip it (a fact on the overview, with a reason).
 */
export function DistributorsNote({ workflow }: { workflow: TCaseWorkflow }) {
  const early = workflow.milestones.find((m) => m.id === "distributors-notified");
  if (!early || early.status === "not-applicable" || early.status === "done") return null;
  return (
    <section
      aria-labelledby="distributors-heading"
      className="space-y-2 rounded-lg bg-white p-4 shadow-sm"
      data-testid="distributors-note"
    >
      <h2 id="distributors-heading" className="text-lg font-semibold">
        Early disclosure to distributors (optional)
      </h2>
      <p className="max-w-3xl text-slate-700">
        The policy reserves it for remotely exploitable or privilege-escalation issues like this one
        {early.due ? (
          <>
            , within 14 days (due <LocalTime at={early.due} />)
          </>
        ) : null}
        . Once the fix is marked ready, the Fix Lead chooses organisations from the private distributors list
        here and sends each its own marked, encrypted copies. If the patches go to distributors another way,
        or not at all, the Fix Lead records &ldquo;Early disclosure to distributors skipped&rdquo; with the
        reason among the{" "}
        <Link href={`/reports/${workflow.reportId}`} className="text-sky-700 underline">
          facts on the overview
        </Link>
        ; the release then goes on as agreed.
      </p>
    </section>
  );
}
