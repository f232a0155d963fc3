export interface HealthBadgeProps {
  health: { status: "ok" | "degraded"; database: { ok: boolean; latencyMs: number | null } };
}

/** The state of the service as a person reads it; `role="status"` so screen readers announce it. */
export function HealthBadge({ health }: HealthBadgeProps) {
  const ok = health.database.ok;
  return (
    <p
      role="status"
      data-testid="health"
      className={`inline-flex items-center gap-2 rounded-full px-3 py-1 text-sm ${
        ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"
      }`}
    >
      <span aria-hidden="true" className={`h-2 w-2 rounded-full ${ok ? "bg-emerald-500" : "bg-red-500"}`} />
      {ok
        ? `Database: OK (${health.database.latencyMs ?? "?"} ms)`
        : "Database: unreachable — the team has been alerted in the server log"}
    </p>
  );
}
