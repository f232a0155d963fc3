import type { Db } from "@disclose/db";
import { METRIC_IDS, VULTRON_DESIDERATA } from "@disclose/domain";
import { stringify } from "csv-stringify/sync";
import type { z } from "zod";
import type { SessionInfo } from "../../context";
import { assertMayViewMetrics, periodDays, summarizePeriod, type ZMetricsPeriod } from "./get-metrics";

const hours = (ms: number | null) => (ms === null ? "" : (ms / 3_600_000).toFixed(2));

/**
 * The period's cases as CSV, one line per case: its figures only (ids, states, times, statuses), never a word of
 * what the vulnerability is, so the file can go to a spreadsheet. Durations in hours from the report's arrival.
 * Computed for each download (the page keeps its summaries without the rows: see cachedSummary).
 */
export async function exportMetricsCsv({
  db,
  session,
  period,
  now,
}: {
  db: Db;
  session: SessionInfo;
  period: z.output<typeof ZMetricsPeriod>;
  now: Date;
}): Promise<{ fileName: string; csv: string }> {
  assertMayViewMetrics(session);
  const days = periodDays(period, now);
  const { rows } = await summarizePeriod(db, days, now);
  const header = [
    "case",
    "received_at",
    "state",
    "outcome",
    "severity",
    "cvss_score",
    "fix_reopens",
    ...METRIC_IDS.flatMap((id) => [`${id}_hours`, `${id}_status`, `${id}_adjusted_by`]),
    "public_aware_at",
    ...VULTRON_DESIDERATA.map((d) => d.id),
  ];
  const lines = rows.map((r) => [
    r.id,
    r.receivedAt,
    r.state,
    r.outcome,
    r.severity,
    r.cvssScore === null ? "" : String(r.cvssScore),
    String(r.fixReopens),
    ...METRIC_IDS.flatMap((id) => [hours(r.durationsMs[id]), r.statuses[id], r.adjusted[id] ?? ""]),
    r.publicAwareAt ?? "",
    ...VULTRON_DESIDERATA.map((d) => r.vultron[d.id]),
  ]);
  return {
    fileName: `disclose-metrics-${days.from}-to-${days.to}.csv`,
    csv: stringify([header, ...lines]),
  };
}
