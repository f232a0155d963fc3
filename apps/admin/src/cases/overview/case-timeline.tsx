import type { TCaseWorkflow } from "@disclose/api";
import { LocalTime } from "@disclose/ui";
import type { ReactNode } from "react";
import { MarkFixTeamFormed } from "./mark-fix-team-formed";

type TMilestone = TCaseWorkflow["milestones"][number];

const STATUS: Record<TMilestone["status"], { label: string; className: string }> = {
  done: { label: "Done", className: "bg-green-100 text-green-900" },
  "on-track": { label: "On track", className: "bg-slate-100 text-slate-800" },
  "due-soon": { label: "Due soon", className: "bg-amber-100 text-amber-900" },
  overdue: { label: "Overdue", className: "bg-red-700 text-white" },
  "not-applicable": { label: "Not applicable", className: "bg-slate-50 text-slate-500" },
};

function StatusBadge({ milestone }: { milestone: TMilestone }) {
  const status = STATUS[milestone.status];
  return (
    <span
      className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${status.className}`}
      data-testid={`milestone-status-${milestone.id}`}
    >
      {status.label}
      {milestone.late ? " (late)" : ""}
    </span>
  );
}

function When({ milestone }: { milestone: TMilestone }): ReactNode {
  if (milestone.completedAt) {
    return (
      <>
        done <LocalTime at={milestone.completedAt} />
      </>
    );
  }
  if (milestone.status === "not-applicable") return milestone.note;
  if (milestone.asap) return <span className="font-semibold text-red-800">As soon as possible (public)</span>;
  if (!milestone.due) return milestone.note;
  return (
    <>
      due <LocalTime at={milestone.due} />
      {milestone.decisionKind ? (
        <span className="ml-1 text-slate-600">
          ({milestone.decisionKind === "slow-down" ? "slowed down" : "upstream timeline"} by a recorded
          decision)
        </span>
      ) : null}
    </>
  );
}

/**
 * The policy's milestones as the domain computes them for this case at the case clock's now: each with its
 * window, due date (or ASAP) and status, so nobody needs to remember the policy.
 */
export function CaseTimeline({ workflow }: { workflow: TCaseWorkflow }) {
  return (
    <section aria-labelledby="timeline-heading" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="timeline-heading" className="text-lg font-semibold">
        Timeline
      </h2>
      {workflow.isPublic ? (
        <p className="rounded bg-red-50 p-2 text-sm text-red-900">
          The issue is public: every deadline is as soon as possible.
        </p>
      ) : null}
      <ol className="divide-y divide-slate-100" data-testid="timeline">
        {workflow.milestones.map((m) => (
          <li
            key={m.id}
            className="grid gap-1 py-2 sm:grid-cols-[minmax(0,18rem)_8rem_minmax(0,1fr)] sm:gap-3"
          >
            <span className="font-medium">{m.label}</span>
            <span>
              <StatusBadge milestone={m} />
            </span>
            <span className="text-sm text-slate-700">
              <When milestone={m} />
              {m.id === "fix-team-formed" && workflow.mayMarkFixTeamFormed ? (
                <MarkFixTeamFormed reportId={workflow.reportId} />
              ) : null}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
