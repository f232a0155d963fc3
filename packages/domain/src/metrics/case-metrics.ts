import { type CaseState, TRIAGE_OUTCOME_STATES } from "../cases/states";
import { cvssSeverity } from "../cvss/severity";
import { type Instant, toEpochMs } from "../time/utc";
import { acknowledgementClock, DEFAULT_ACK_DEADLINE_HOURS } from "../timeline/acknowledgement";
import {
  computeTimeline,
  type Milestone,
  type TimelineDecisionKind,
  type TTimelineInput,
} from "../timeline/milestones";
import type { TimelineMilestoneId } from "../timeline/policy";
import type { TCaseHistory } from "./types";
import {
  earliestOf,
  type TVultronEvents,
  type VultronDesideratumId,
  type VultronStatus,
  vultronDesiderata,
  vultronEvents,
} from "./vultron";

/** What the metrics measure, each from the report's arrival (the policy's clock start). */
export const METRIC_IDS = [
  "acknowledged",
  "fix-team-formed",
  "fix-developed",
  "users-notified",
  "distributors-notified",
  "released",
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

export const METRIC_LABELS: Readonly<Record<MetricId, string>> = {
  acknowledged: "Report acknowledged",
  "fix-team-formed": "Fix Team formed",
  "fix-developed": "Fix developed",
  "users-notified": "Forthcoming fix announced to users",
  "distributors-notified": "Distributors notified",
  released: "Fix released",
};

/**
 * - "on-time": reached at or before its due time (exactly at it is on time, as on the case page);
 * - "late": reached after it;
 * - "open": not reached, still possible on time (now ≤ due);
 * - "overdue": not reached and can no longer be on time (now > due). The case page calls an ASAP milestone
 *   overdue from its due instant on; the metrics wait one millisecond more so that "on time" means the same
 *   thing for reached and unreached milestones;
 * - "not-applicable": the policy does not ask for it in this case (see `computeTimeline`), and it was not reached.
 */
export const METRIC_STATUSES = ["on-time", "late", "open", "overdue", "not-applicable"] as const;
export type MetricStatus = (typeof METRIC_STATUSES)[number];

export interface TMilestoneMetric {
  id: MetricId;
  reachedAt: Date | null;
  /** From the report's arrival to the milestone; null while not reached. Never negative (see `durationFrom`). */
  durationMs: number | null;
  dueAt: Date | null;
  status: MetricStatus;
  /** A valid recorded decision moved the due date: summaries count these apart from the policy's own windows. */
  adjusted: TimelineDecisionKind | null;
}

export const CASE_SEVERITIES = ["critical", "high", "medium", "low", "none", "unscored"] as const;
export type CaseSeverity = (typeof CASE_SEVERITIES)[number];
export const CASE_SEVERITY_LABELS: Readonly<Record<CaseSeverity, string>> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  none: "None",
  unscored: "Not scored",
};

/** Triage's outcome; every state from "accepted" on (released, closed…) is "accepted". */
export const CASE_OUTCOMES = [
  "accepted",
  "duplicate",
  "rejected",
  "not-a-vulnerability",
  "spam",
  "untriaged",
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** One organisation's receipt of one case's early disclosure, timed from when it was notified. */
export interface TReceiptMetric {
  organizationId: string;
  notifiedAt: Date;
  acknowledgedAt: Date | null;
  timeToAcknowledgeMs: number | null;
  firstDownloadAt: Date | null;
  timeToFirstDownloadMs: number | null;
  feedbackCount: number;
}

export interface TCaseMetrics {
  id: string;
  state: CaseState;
  receivedAt: Date;
  cvssScore: number | null;
  severity: CaseSeverity;
  outcome: CaseOutcome;
  /** How often the fix was re-opened; the fix's duration runs to the last time it became ready. */
  fixReopens: number;
  milestones: Record<MetricId, TMilestoneMetric>;
  /** Vultron P: the earliest of "public since" and the release. */
  publicAwareAt: Date | null;
  vultronEvents: TVultronEvents;
  vultron: Record<VultronDesideratumId, VultronStatus>;
  distributorReceipts: TReceiptMetric[];
}

export interface TCaseMetricsOptions {
  now: Instant;
  /** The acknowledgement window (the admins' setting); DEFAULT_ACK_DEADLINE_HOURS when not given. */
  ackDeadlineHours?: number;
}

/** Severity from the final score; a score outside 0–10 (bad data) counts as unscored rather than failing a summary. */
export function caseSeverity(cvssScore: number | null): CaseSeverity {
  if (cvssScore === null || !Number.isFinite(cvssScore) || cvssScore < 0 || cvssScore > 10) return "unscored";
  return cvssSeverity(cvssScore).toLowerCase() as CaseSeverity;
}

export function caseOutcome(state: CaseState): CaseOutcome {
  if (state === "received" || state === "triage") return "untriaged";
  if ((TRIAGE_OUTCOME_STATES as readonly CaseState[]).includes(state)) {
    return state as (typeof TRIAGE_OUTCOME_STATES)[number];
  }
  return "accepted";
}

/**
 * The clock starts when the report (or the notice) arrives; a milestone recorded earlier (a fix already in hand
 * when the report came) took no time, so durations are clamped at 0 rather than going negative in a median.
 */
function durationFrom(start: Date, end: Date | null): number | null {
  return end === null ? null : Math.max(0, end.getTime() - start.getTime());
}

/**
 * The case page's timeline input, from a history: the same dates the team saw on the case. "Fix developed" is
 * the fix's last readiness (after any re-opening); a notice may follow a fix or a mitigation, whichever came first;
 * a case is public (every deadline ASAP) once anything made it so before its release.
 */
export function timelineInputOf(history: TCaseHistory): TTimelineInput {
  const completed: Partial<Record<TimelineMilestoneId, Date>> = {};
  const reached: [TimelineMilestoneId, Date | null][] = [
    ["fix-team-formed", history.fixTeamFormedAt],
    ["cvss-scored", history.cvssScoredAt],
    ["fix-developed", history.fixReadyAt],
    ["users-notified", history.noticePublishedAt],
    ["distributors-notified", history.distributorsNotifiedAt],
    ["released", history.releasedAt],
  ];
  for (const [id, at] of reached) if (at !== null) completed[id] = at;
  return {
    state: history.state,
    reportedAt: history.receivedAt,
    isPublic: history.publicSince !== null,
    cvssScore: history.cvssScore,
    remotelyExploitable: history.remotelyExploitable,
    privilegeEscalation: history.privilegeEscalation,
    distributorDisclosureSkipped: history.distributorDisclosureSkipped,
    fixOrMitigationAt: earliestOf(history.fixReadyAt, history.mitigationAvailableAt),
    disclosureAt: history.disclosureAt,
    completed,
    slowDowns: history.slowDowns,
    upstreamDependencies: history.upstreamDependencies,
  };
}

function statusOf(
  reachedAt: Date | null,
  dueAt: Date | null,
  applicable: boolean,
  nowMs: number,
): MetricStatus {
  if (reachedAt !== null && dueAt !== null)
    return reachedAt.getTime() <= dueAt.getTime() ? "on-time" : "late";
  if (!applicable || dueAt === null) return "not-applicable";
  return nowMs > dueAt.getTime() ? "overdue" : "open";
}

function fromMilestone(id: Exclude<MetricId, "acknowledged">, m: Milestone, receivedAt: Date, nowMs: number) {
  const reachedAt = m.completedAt;
  return {
    id,
    reachedAt,
    durationMs: durationFrom(receivedAt, reachedAt),
    dueAt: m.due,
    status: statusOf(reachedAt, m.due, m.status !== "not-applicable", nowMs),
    adjusted: m.decisionKind,
  } satisfies TMilestoneMetric;
}

/**
 * The acknowledgement, on the inbox's clock (`acknowledgementClock`: due `ackDeadlineHours` after arrival, at
 * arrival for a public issue). It is owed only while the report waits in "received": spam may be discarded
 * unacknowledged (an acknowledgement would mail the spammer), so a report that left "received" without one has
 * nothing to measure.
 */
function acknowledgementMetric(
  history: TCaseHistory,
  ackDeadlineHours: number,
  nowMs: number,
): TMilestoneMetric {
  const isPublic = history.publicSince !== null;
  // Asking the clock as if still pending gives the due time whatever the state.
  const dueAt = acknowledgementClock(
    { receivedAt: history.receivedAt, isPublic, state: "received", acknowledged: false },
    ackDeadlineHours,
    nowMs,
  ).dueAt;
  const reachedAt = history.acknowledgedAt;
  const applicable = reachedAt !== null || history.state === "received";
  return {
    id: "acknowledged",
    reachedAt,
    durationMs: durationFrom(history.receivedAt, reachedAt),
    dueAt: applicable ? dueAt : null,
    status: statusOf(reachedAt, dueAt, applicable, nowMs),
    adjusted: null,
  };
}

/**
 * Every metric of one case at `now`. Recorded times are facts (they are never compared with `now`); `now` only
 * tells an open milestone from an overdue one. Due dates are the case page's (`computeTimeline`), including
 * valid slow-downs and upstream-dependency decisions; invalid ones are ignored there, and so here.
 */
export function caseMetrics(history: TCaseHistory, options: TCaseMetricsOptions): TCaseMetrics {
  const nowMs = toEpochMs(options.now);
  const ackDeadlineHours = options.ackDeadlineHours ?? DEFAULT_ACK_DEADLINE_HOURS;
  const timeline = computeTimeline(timelineInputOf(history), nowMs);
  const byId = new Map(timeline.milestones.map((m) => [m.id, m]));
  const milestone = (id: Exclude<MetricId, "acknowledged">) =>
    fromMilestone(id, byId.get(id) as Milestone, history.receivedAt, nowMs);
  const events = vultronEvents(history);
  return {
    id: history.id,
    state: history.state,
    receivedAt: history.receivedAt,
    cvssScore: history.cvssScore,
    severity: caseSeverity(history.cvssScore),
    outcome: caseOutcome(history.state),
    fixReopens: history.fixReopens,
    milestones: {
      acknowledged: acknowledgementMetric(history, ackDeadlineHours, nowMs),
      "fix-team-formed": milestone("fix-team-formed"),
      "fix-developed": milestone("fix-developed"),
      "users-notified": milestone("users-notified"),
      "distributors-notified": milestone("distributors-notified"),
      released: milestone("released"),
    },
    publicAwareAt: events.P,
    vultronEvents: events,
    vultron: vultronDesiderata(events),
    distributorReceipts: history.distributorReceipts.map((r) => ({
      organizationId: r.organizationId,
      notifiedAt: r.notifiedAt,
      acknowledgedAt: r.acknowledgedAt,
      timeToAcknowledgeMs: durationFrom(r.notifiedAt, r.acknowledgedAt),
      firstDownloadAt: r.firstDownloadAt,
      timeToFirstDownloadMs: durationFrom(r.notifiedAt, r.firstDownloadAt),
      feedbackCount: r.feedbackCount,
    })),
  };
}
