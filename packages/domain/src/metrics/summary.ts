import type { CaseState } from "../cases/states";
import { type Instant, toEpochMs } from "../time/utc";
import { DEFAULT_ACK_DEADLINE_HOURS } from "../timeline/acknowledgement";
import type { TimelineDecisionKind } from "../timeline/milestones";
import {
  CASE_OUTCOMES,
  CASE_SEVERITIES,
  type CaseOutcome,
  type CaseSeverity,
  caseMetrics,
  METRIC_IDS,
  METRIC_LABELS,
  type MetricId,
  type MetricStatus,
  type TCaseMetrics,
} from "./case-metrics";
import { durationStats, median, shareOf, type TDurationStats } from "./percentile";
import type { TCaseHistory } from "./types";
import { VULTRON_DESIDERATA, type VultronDesideratumId, type VultronStatus } from "./vultron";

/** On-time figures of one group of cases. `onTimeRate` = on-time / (on-time + late + overdue): open ones are not decided yet. */
export interface TOnTimeCounts {
  onTime: number;
  late: number;
  overdue: number;
  open: number;
  onTimeRate: number | null;
}

export interface TMilestoneSummary {
  id: MetricId;
  label: string;
  /** Cases that reached it, and how long from arrival (all of them, adjusted or not: a duration is a fact). */
  reached: number;
  duration: TDurationStats;
  /** Against the policy's own windows: cases whose due date no recorded decision moved. */
  policy: TOnTimeCounts;
  /** Counted apart: due dates moved by a valid slow-down or upstream-dependency decision. */
  adjusted: Record<TimelineDecisionKind, TOnTimeCounts>;
  notApplicable: number;
}

export interface TDistributorOrganizationSummary {
  organizationId: string;
  notified: number;
  acknowledged: number;
  withFeedback: number;
  timeToAcknowledge: TDurationStats;
}

/**
 * Early disclosure, counted per notification (one organisation notified for one case): an organisation's
 * answer is per case, so a list member notified of five cases gives five answers.
 */
export interface TDistributorSummary {
  notifications: number;
  /** Distinct organisations notified at least once. */
  organizations: number;
  acknowledged: number;
  /** Notifications not acknowledged (as of `now`). */
  neverAcknowledged: number;
  timeToAcknowledge: TDurationStats;
  downloaded: number;
  timeToFirstDownload: TDurationStats;
  /** Notifications with at least one feedback entry ("nothing found" counts). */
  withFeedback: number;
  feedbackRate: number | null;
  byOrganization: TDistributorOrganizationSummary[];
}

export interface TVultronSummary {
  id: VultronDesideratumId;
  label: string;
  met: number;
  broken: number;
  pending: number;
  /** met / (met + broken): pending cases have not decided it yet. */
  shareMet: number | null;
}

export interface TMonthSummary {
  /** UTC month of the report's arrival, "YYYY-MM". */
  month: string;
  received: number;
  /** Of the cases received that month, those released so far (a cohort, not releases made that month). */
  released: number;
  medianTimeToReleaseMs: number | null;
}

/** One case as a CSV line: no description of the vulnerability, only its figures. */
export interface TMetricsCaseRow {
  id: string;
  receivedAt: string;
  state: CaseState;
  cvssScore: number | null;
  severity: CaseSeverity;
  outcome: CaseOutcome;
  fixReopens: number;
  durationsMs: Record<MetricId, number | null>;
  statuses: Record<MetricId, MetricStatus>;
  adjusted: Record<MetricId, TimelineDecisionKind | null>;
  publicAwareAt: string | null;
  vultron: Record<VultronDesideratumId, VultronStatus>;
}

/** Plain data only (numbers, strings, ISO times, "YYYY-MM" keys): it serialises as is. */
export interface TMetricsSummary {
  period: { from: string; to: string };
  generatedAt: string;
  /** The acknowledgement window the figures used. */
  ackDeadlineHours: number;
  cases: number;
  milestones: TMilestoneSummary[];
  bySeverity: Record<CaseSeverity, number>;
  byOutcome: Record<CaseOutcome, number>;
  distributors: TDistributorSummary;
  /** Accepted cases only (see `summarizeMetrics`). */
  vultron: TVultronSummary[];
  monthly: TMonthSummary[];
  rows: TMetricsCaseRow[];
}

export interface TSummarizeOptions {
  /** Cases whose report arrived in [from, to). */
  from: Instant;
  to: Instant;
  now: Instant;
  ackDeadlineHours?: number;
  /** Leave out the per-case rows (a summary kept in memory: 10,000 rows are tens of MB). Default: with them. */
  withoutRows?: boolean;
}

/** Ten years of months: a longer period (an "all time" query) is charted from its first report to its last. */
const MONTH_FILL_LIMIT = 120;

/** "YYYY-MM" of the instant's UTC month. */
export function monthKey(instant: Instant): string {
  const d = new Date(toEpochMs(instant));
  return `${String(d.getUTCFullYear()).padStart(4, "0")}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

const monthSpan = (fromMs: number, lastMs: number) => {
  const start = new Date(fromMs);
  const end = new Date(lastMs);
  return (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + (end.getUTCMonth() - start.getUTCMonth()) + 1;
};

/** Every month key from the month of `fromMs` to the month of `lastMs`, inclusive. */
function monthRange(fromMs: number, lastMs: number): string[] {
  const start = new Date(fromMs);
  const span = monthSpan(fromMs, lastMs);
  const keys: string[] = [];
  for (let i = 0; i < span; i++) {
    keys.push(monthKey(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1)));
  }
  return keys;
}

const emptyCounts = (): TOnTimeCounts => ({ onTime: 0, late: 0, overdue: 0, open: 0, onTimeRate: null });

function count(counts: TOnTimeCounts, status: MetricStatus): void {
  if (status === "on-time") counts.onTime++;
  else if (status === "late") counts.late++;
  else if (status === "overdue") counts.overdue++;
  else if (status === "open") counts.open++;
}

function withRate(counts: TOnTimeCounts): TOnTimeCounts {
  return { ...counts, onTimeRate: shareOf(counts.onTime, counts.onTime + counts.late + counts.overdue) };
}

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

function milestoneSummary(id: MetricId, metrics: readonly TCaseMetrics[]): TMilestoneSummary {
  const policy = emptyCounts();
  const adjusted: Record<TimelineDecisionKind, TOnTimeCounts> = {
    "slow-down": emptyCounts(),
    "upstream-dependency": emptyCounts(),
  };
  const durations: number[] = [];
  let notApplicable = 0;
  for (const m of metrics) {
    const metric = m.milestones[id];
    if (metric.durationMs !== null) durations.push(metric.durationMs);
    if (metric.status === "not-applicable") notApplicable++;
    count(metric.adjusted === null ? policy : adjusted[metric.adjusted], metric.status);
  }
  return {
    id,
    label: METRIC_LABELS[id],
    reached: durations.length,
    duration: durationStats(durations),
    policy: withRate(policy),
    adjusted: {
      "slow-down": withRate(adjusted["slow-down"]),
      "upstream-dependency": withRate(adjusted["upstream-dependency"]),
    },
    notApplicable,
  };
}

function distributorSummary(metrics: readonly TCaseMetrics[]): TDistributorSummary {
  const receipts = metrics.flatMap((m) => m.distributorReceipts);
  const ackTimes: number[] = [];
  const downloadTimes: number[] = [];
  const byOrg = new Map<
    string,
    { notified: number; acknowledged: number; withFeedback: number; acks: number[] }
  >();
  let withFeedback = 0;
  for (const r of receipts) {
    const org = byOrg.get(r.organizationId) ?? { notified: 0, acknowledged: 0, withFeedback: 0, acks: [] };
    byOrg.set(r.organizationId, org);
    org.notified++;
    if (r.timeToAcknowledgeMs !== null) {
      ackTimes.push(r.timeToAcknowledgeMs);
      org.acknowledged++;
      org.acks.push(r.timeToAcknowledgeMs);
    }
    if (r.timeToFirstDownloadMs !== null) downloadTimes.push(r.timeToFirstDownloadMs);
    if (r.feedbackCount > 0) {
      withFeedback++;
      org.withFeedback++;
    }
  }
  return {
    notifications: receipts.length,
    organizations: byOrg.size,
    acknowledged: ackTimes.length,
    neverAcknowledged: receipts.length - ackTimes.length,
    timeToAcknowledge: durationStats(ackTimes),
    downloaded: downloadTimes.length,
    timeToFirstDownload: durationStats(downloadTimes),
    withFeedback,
    feedbackRate: shareOf(withFeedback, receipts.length),
    byOrganization: [...byOrg.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([organizationId, o]) => ({
        organizationId,
        notified: o.notified,
        acknowledged: o.acknowledged,
        withFeedback: o.withFeedback,
        timeToAcknowledge: durationStats(o.acks),
      })),
  };
}

/**
 * Vultron over accepted cases only: duplicates are counted in the case they duplicate, and rejected,
 * not-a-vulnerability and spam reports are no vulnerability whose history could go well or badly; untriaged
 * reports are not known to be one yet.
 */
function vultronSummary(metrics: readonly TCaseMetrics[]): TVultronSummary[] {
  const tallies = VULTRON_DESIDERATA.map(() => ({ met: 0, broken: 0, pending: 0 }));
  for (const m of metrics) {
    if (m.outcome !== "accepted") continue;
    VULTRON_DESIDERATA.forEach((d, i) => {
      (tallies[i] as Record<VultronStatus, number>)[m.vultron[d.id]]++;
    });
  }
  return VULTRON_DESIDERATA.map((d, i) => {
    const tally = tallies[i] as Record<VultronStatus, number>;
    return { id: d.id, label: d.label, ...tally, shareMet: shareOf(tally.met, tally.met + tally.broken) };
  });
}

/**
 * Months for charts: every month of the period, empty ones included, so a chart has no gaps. A period of more
 * than ten years (an "all time" query from the epoch) runs from the first report's month to the last one's.
 */
function monthlySeries(metrics: readonly TCaseMetrics[], fromMs: number, toMs: number): TMonthSummary[] {
  const groups = new Map<string, TCaseMetrics[]>();
  for (const m of metrics) {
    const key = monthKey(m.receivedAt);
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  let keys: string[] = [];
  if (toMs > fromMs && monthSpan(fromMs, toMs - 1) <= MONTH_FILL_LIMIT) keys = monthRange(fromMs, toMs - 1);
  else if (metrics.length > 0) {
    // Sorted by arrival, so the first and last cases bound the months.
    keys = monthRange(
      (metrics[0] as TCaseMetrics).receivedAt.getTime(),
      (metrics.at(-1) as TCaseMetrics).receivedAt.getTime(),
    );
  }
  return keys.map((month) => {
    const group = groups.get(month) ?? [];
    const releaseTimes = group
      .map((m) => m.milestones.released.durationMs)
      .filter((d): d is number => d !== null);
    return {
      month,
      received: group.length,
      released: releaseTimes.length,
      medianTimeToReleaseMs: median(releaseTimes),
    };
  });
}

// Plain loops rather than Object.fromEntries: this runs for every case of a 10,000-case page.
function perMetric<T>(pick: (id: MetricId) => T): Record<MetricId, T> {
  const out = {} as Record<MetricId, T>;
  for (const id of METRIC_IDS) out[id] = pick(id);
  return out;
}

function caseRow(m: TCaseMetrics): TMetricsCaseRow {
  return {
    id: m.id,
    receivedAt: m.receivedAt.toISOString(),
    state: m.state,
    cvssScore: m.cvssScore,
    severity: m.severity,
    outcome: m.outcome,
    fixReopens: m.fixReopens,
    durationsMs: perMetric((id) => m.milestones[id].durationMs),
    statuses: perMetric((id) => m.milestones[id].status),
    adjusted: perMetric((id) => m.milestones[id].adjusted),
    publicAwareAt: m.publicAwareAt?.toISOString() ?? null,
    vultron: m.vultron,
  };
}

/**
 * The metrics page over a period: the cases whose report arrived in [from, to) (a case belongs to the period it
 * started in, so a period's figures do not change as later periods pass, except for its still-open cases).
 * Everything is a count, a nearest-rank median / 90th percentile, or a rate with null for "no data".
 */
export function summarizeMetrics(
  histories: readonly TCaseHistory[],
  options: TSummarizeOptions,
): TMetricsSummary {
  const fromMs = toEpochMs(options.from);
  const toMs = toEpochMs(options.to);
  const nowMs = toEpochMs(options.now);
  const ackDeadlineHours = options.ackDeadlineHours ?? DEFAULT_ACK_DEADLINE_HOURS;
  const metrics = histories
    .filter((h) => h.receivedAt.getTime() >= fromMs && h.receivedAt.getTime() < toMs)
    .map((h) => caseMetrics(h, { now: nowMs, ackDeadlineHours }))
    .sort(
      (a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const bySeverity = zeroes(CASE_SEVERITIES);
  const byOutcome = zeroes(CASE_OUTCOMES);
  for (const m of metrics) {
    bySeverity[m.severity]++;
    byOutcome[m.outcome]++;
  }
  return {
    period: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
    generatedAt: new Date(nowMs).toISOString(),
    ackDeadlineHours,
    cases: metrics.length,
    milestones: METRIC_IDS.map((id) => milestoneSummary(id, metrics)),
    bySeverity,
    byOutcome,
    distributors: distributorSummary(metrics),
    vultron: vultronSummary(metrics),
    monthly: monthlySeries(metrics, fromMs, toMs),
    rows: options.withoutRows ? [] : metrics.map(caseRow),
  };
}

/** One case's line of the summary's rows, on its own (a page of cases, without summarising the period). */
export function metricsCaseRow(
  history: TCaseHistory,
  options: { now: Instant; ackDeadlineHours?: number },
): TMetricsCaseRow {
  return caseRow(
    caseMetrics(history, {
      now: toEpochMs(options.now),
      ...(options.ackDeadlineHours !== undefined ? { ackDeadlineHours: options.ackDeadlineHours } : {}),
    }),
  );
}
