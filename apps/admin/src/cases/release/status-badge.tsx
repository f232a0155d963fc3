import type { TMilestoneStatus } from "./types";

const STATUS: Record<TMilestoneStatus, { label: string; className: string }> = {
  done: { label: "Done", className: "bg-green-100 text-green-900" },
  "on-track": { label: "On track", className: "bg-slate-100 text-slate-800" },
  "due-soon": { label: "Due soon", className: "bg-amber-100 text-amber-900" },
  overdue: { label: "Overdue", className: "bg-red-700 text-white" },
  "not-applicable": { label: "Not yet", className: "bg-slate-50 text-slate-500" },
};

/** A milestone's status from the domain's timeline, as the case page shows it. */
export function StatusBadge({ status, testId }: { status: TMilestoneStatus; testId?: string }) {
  const shown = STATUS[status];
  return (
    <span
      className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${shown.className}`}
      data-testid={testId}
    >
      {shown.label}
    </span>
  );
}
