import { PUBLIC_STATES } from "../cases/states";
import { type Instant, toEpochMs } from "../time/utc";
import { CASE_SEVERITIES, type CaseSeverity, caseMetrics } from "./case-metrics";
import { durationStats, shareOf, type TDurationStats } from "./percentile";
import type { TCaseHistory } from "./types";

export interface TPublicDesideratum {
  met: number;
  broken: number;
  shareMet: number | null;
}

/**
 * What the portal's public record shows: aggregates of released cases only, no case id, date or detail. Plain
 * data, so the daily snapshot can be stored as JSON and served as is.
 */
export interface TPublicRecord {
  generatedAt: string;
  /** UTC days ("YYYY-MM-DD") of the first and last release counted; null when none. */
  coveredFrom: string | null;
  coveredTo: string | null;
  releasedCases: number;
  /** From the report's arrival to the fix being ready (the last time, after any re-opening). */
  timeToFixReady: TDurationStats;
  timeToRelease: TDurationStats;
  /** Release against the policy's window; releases whose date a recorded decision moved are counted apart. */
  releaseOnTime: { onTime: number; late: number; onTimeRate: number | null; adjusted: number };
  bySeverity: Record<CaseSeverity, number>;
  vultron: { fixReadyBeforePublic: TPublicDesideratum; releasedBeforeExploit: TPublicDesideratum };
}

function desideratum(statuses: readonly string[]): TPublicDesideratum {
  const met = statuses.filter((s) => s === "met").length;
  const broken = statuses.filter((s) => s === "broken").length;
  return { met, broken, shareMet: shareOf(met, met + broken) };
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The public record at `now`: only cases in a public state (released, closed) with a release at or before
 * `now`, so nothing about a case appears before its advisory is out. Days, not instants, for the range: the
 * record describes the process, not one advisory's minute.
 */
export function publicRecord(histories: readonly TCaseHistory[], options: { now: Instant }): TPublicRecord {
  const nowMs = toEpochMs(options.now);
  const released = histories
    .filter(
      (h) =>
        (PUBLIC_STATES as readonly string[]).includes(h.state) &&
        h.releasedAt !== null &&
        h.releasedAt.getTime() <= nowMs,
    )
    .map((h) => caseMetrics(h, { now: nowMs }));
  const releaseTimes = released.map((m) => (m.milestones.released.reachedAt as Date).getTime());
  const bySeverity = Object.fromEntries(CASE_SEVERITIES.map((s) => [s, 0])) as Record<CaseSeverity, number>;
  const onTime = { onTime: 0, late: 0, adjusted: 0 };
  for (const m of released) {
    bySeverity[m.severity]++;
    const release = m.milestones.released;
    if (release.adjusted !== null) onTime.adjusted++;
    else if (release.status === "on-time") onTime.onTime++;
    else if (release.status === "late") onTime.late++;
  }
  return {
    generatedAt: new Date(nowMs).toISOString(),
    coveredFrom: releaseTimes.length > 0 ? utcDay(releaseTimes.reduce((a, b) => Math.min(a, b))) : null,
    coveredTo: releaseTimes.length > 0 ? utcDay(releaseTimes.reduce((a, b) => Math.max(a, b))) : null,
    releasedCases: released.length,
    timeToFixReady: durationStats(
      released.map((m) => m.milestones["fix-developed"].durationMs).filter((d): d is number => d !== null),
    ),
    timeToRelease: durationStats(released.map((m) => m.milestones.released.durationMs as number)),
    releaseOnTime: { ...onTime, onTimeRate: shareOf(onTime.onTime, onTime.onTime + onTime.late) },
    bySeverity,
    vultron: {
      fixReadyBeforePublic: desideratum(released.map((m) => m.vultron["F-before-P"])),
      // Not D ≺ P: our release is what makes the issue public, so that one is never met (see vultronEvents).
      releasedBeforeExploit: desideratum(released.map((m) => m.vultron["D-before-X"])),
    },
  };
}
