const SEVERITY_CLASS: Record<string, string> = {
  Critical: "border-red-800 bg-red-800 text-white",
  High: "border-orange-700 bg-orange-100 text-orange-900",
  Medium: "border-amber-600 bg-amber-50 text-amber-900",
  Low: "border-sky-700 bg-sky-50 text-sky-900",
  None: "border-slate-400 bg-slate-50 text-slate-700",
};

/** The severity in words first (colour is never the only cue), with its CVSS score when there is one. */
export function SeverityBadge({ severity, score }: { severity: string | null; score?: number | null }) {
  if (severity === null) {
    return (
      <span className="rounded border border-slate-300 px-2 py-0.5 text-xs text-slate-600">Not scored</span>
    );
  }
  return (
    <span
      className={`inline-block whitespace-nowrap rounded border px-2 py-0.5 text-xs font-semibold ${SEVERITY_CLASS[severity] ?? SEVERITY_CLASS.None}`}
    >
      {severity}
      {typeof score === "number" ? ` ${score.toFixed(1)}` : ""}
    </span>
  );
}

/** Shown wherever a withdrawn advisory appears: it stays listed, clearly marked. */
export function WithdrawnBadge() {
  return (
    <span className="inline-block rounded border border-slate-500 bg-slate-200 px-2 py-0.5 text-xs font-semibold text-slate-800">
      Withdrawn
    </span>
  );
}
