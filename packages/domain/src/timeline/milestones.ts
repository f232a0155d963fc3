import { z } from "zod";
import { CASE_STATES, TRIAGE_OUTCOME_STATES } from "../cases/states";
import { type Instant, toEpochMs } from "../time/utc";
import {
  MILESTONE_IDS,
  MILESTONE_POLICY,
  type MilestoneId,
  RETROSPECTIVE_EARLIEST_AFTER_RELEASE_MS,
  RETROSPECTIVE_POLICY,
  TIMELINE_MILESTONE_IDS,
  TIMELINE_MILESTONE_POLICY,
  type TimelineMilestoneId,
} from "./policy";
import { slowDownProblems, type TSlowDownDecision, ZSlowDownDecision } from "./slow-down";
import {
  type TUpstreamDependencyDecision,
  upstreamDependencyProblems,
  ZUpstreamDependencyDecision,
} from "./upstream-dependency";

export const MILESTONE_STATUSES = ["done", "on-track", "due-soon", "overdue", "not-applicable"] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const ZTimelineInput = z.object({
  state: z.enum(CASE_STATES),
  reportedAt: z.date(),
  isPublic: z.boolean(),
  /** Final CVSS score (the Fix Lead's call), null while not scored. */
  cvssScore: z.number().min(0).max(10).nullable(),
  remotelyExploitable: z.boolean(),
  privilegeEscalation: z.boolean(),
  /** The Fix Lead decided early disclosure to distributors is not needed (the policy makes it optional). */
  distributorDisclosureSkipped: z.boolean(),
  /** When a fix or a mitigation first existed; the notice to users cannot come earlier. */
  fixOrMitigationAt: z.date().nullable(),
  /** Agreed public disclosure time: once distributors are notified, release is not before it. */
  disclosureAt: z.date().nullable(),
  /** When each milestone was reached; "released" also starts the retrospective's clock. */
  completed: z.partialRecord(z.enum(TIMELINE_MILESTONE_IDS), z.date()),
  slowDowns: z.array(ZSlowDownDecision),
  /** Decisions to fit another project's disclosure timeline; optional so older callers need not pass it. */
  upstreamDependencies: z.array(ZUpstreamDependencyDecision).optional(),
});
export type TTimelineInput = z.infer<typeof ZTimelineInput>;

export type TimelineDecisionKind = "slow-down" | "upstream-dependency";

export interface Milestone {
  readonly id: TimelineMilestoneId;
  readonly label: string;
  readonly status: MilestoneStatus;
  /** Earliest moment the milestone can sensibly be reached; null when it depends on something not yet known. */
  readonly earliest: Date | null;
  /** Null only when not applicable. */
  readonly due: Date | null;
  /** Due as soon as possible (public disclosure). */
  readonly asap: boolean;
  readonly completedAt: Date | null;
  /** Done after its due date. */
  readonly late: boolean;
  /** Id of the slow-down decision that set `due`, if any. */
  readonly slowDownId: string | null;
  /** Id and kind of the recorded decision (slow-down or upstream dependency) that set `due`, if any. */
  readonly decisionId: string | null;
  readonly decisionKind: TimelineDecisionKind | null;
  /** Why it does not apply, when it does not. */
  readonly note: string | null;
}

export interface Timeline {
  readonly milestones: readonly Milestone[];
  /** The first open milestone by due date: what to work on next. */
  readonly next: Milestone | null;
  /** Slow-down decisions ignored because they were not valid, with reasons. */
  readonly ignoredSlowDowns: readonly { id: string; problems: string[] }[];
  /** Upstream-dependency decisions ignored because they were not valid, with reasons. */
  readonly ignoredUpstreamDependencies: readonly { id: string; problems: string[] }[];
}

/**
 * How close is "due soon": the last quarter of the window, capped at 24 h (so 6 h for the 24-hour Fix
 * Team window and 24 h for the week-long ones).
 */
export function dueSoonThresholdMs(id: TimelineMilestoneId): number {
  return Math.min(24 * 60 * 60 * 1000, TIMELINE_MILESTONE_POLICY[id].dueAfterMs / 4);
}

function notApplicableReason(input: TTimelineInput, id: TimelineMilestoneId): string | null {
  if (
    (TRIAGE_OUTCOME_STATES as readonly string[]).includes(input.state) ||
    input.state === "received" ||
    input.state === "triage"
  ) {
    // The policy clock runs for accepted vulnerabilities; untriaged and discarded reports have no milestones yet.
    return input.state === "received" || input.state === "triage"
      ? "The report is not accepted yet."
      : "The report was not accepted as a vulnerability.";
  }
  if (id === "retrospective" && input.completed.released === undefined) {
    return "Due 1–3 days after the release.";
  }
  if (id === "distributors-notified") {
    if (input.isPublic) return "The issue is public: there is no embargo to share.";
    if (!input.remotelyExploitable && !input.privilegeEscalation) {
      return "Reserved for remotely exploitable or privilege-escalation issues.";
    }
    if (input.distributorDisclosureSkipped && input.completed["distributors-notified"] === undefined) {
      return "The Fix Lead decided early disclosure is not needed.";
    }
  }
  return null;
}

/**
 * Computes every milestone of the policy for a case at `now`. Same inputs and same `now`, same answer.
 * Due dates do not depend on `now`: a private case's are the policy's (or later, by a valid slow-down);
 * a public case's are all the report's arrival, i.e. already due ("ASAP", top of every list).
 */
export function computeTimeline(input: TTimelineInput, now: Instant): Timeline {
  const nowMs = toEpochMs(now);
  const reportedMs = input.reportedAt.getTime();
  const policyDue = Object.fromEntries(
    MILESTONE_IDS.map((id) => [
      id,
      new Date(input.isPublic ? reportedMs : reportedMs + MILESTONE_POLICY[id].dueAfterMs),
    ]),
  ) as Record<MilestoneId, Date>;

  // Apply valid decisions (slow-downs and upstream dependencies) in decision order, each against the dates
  // the earlier ones left: a slow-down may only push dates later, an upstream dependency may move them either way.
  const due: Record<MilestoneId, Date> = { ...policyDue };
  const setBy: Partial<Record<MilestoneId, { id: string; kind: TimelineDecisionKind }>> = {};
  const ignoredSlowDowns: { id: string; problems: string[] }[] = [];
  const ignoredUpstreamDependencies: { id: string; problems: string[] }[] = [];
  const ordered = [
    ...input.slowDowns.map((decision) => ({ kind: "slow-down" as const, decision })),
    ...(input.upstreamDependencies ?? []).map((decision) => ({
      kind: "upstream-dependency" as const,
      decision,
    })),
  ].sort(
    (a, b) =>
      a.decision.decidedAt.getTime() - b.decision.decidedAt.getTime() ||
      a.decision.id.localeCompare(b.decision.id),
  );
  for (const entry of ordered) {
    const problems =
      entry.kind === "slow-down"
        ? slowDownProblems(entry.decision, {
            cvssScore: input.cvssScore,
            isPublic: input.isPublic,
            currentDue: due,
          })
        : upstreamDependencyProblems(entry.decision, {
            isPublic: input.isPublic,
            reportedAt: input.reportedAt,
            currentDue: due,
          });
    if (problems.length > 0) {
      (entry.kind === "slow-down" ? ignoredSlowDowns : ignoredUpstreamDependencies).push({
        id: entry.decision.id,
        problems,
      });
      continue;
    }
    for (const [id, date] of Object.entries(entry.decision.newDueDates) as [MilestoneId, Date][]) {
      due[id] = new Date(date.getTime());
      setBy[id] = { id: entry.decision.id, kind: entry.kind };
    }
  }
  const releasedAt = input.completed.released;

  const milestones = TIMELINE_MILESTONE_IDS.map((id): Milestone => {
    const policy = TIMELINE_MILESTONE_POLICY[id];
    const completed = input.completed[id];
    const na = notApplicableReason(input, id);
    let earliest: Date | null = new Date(reportedMs);
    if (id === "users-notified" || id === "distributors-notified") {
      earliest = input.fixOrMitigationAt
        ? new Date(Math.max(reportedMs, input.fixOrMitigationAt.getTime()))
        : null;
    }
    if (id === "released" && input.completed["distributors-notified"] && input.disclosureAt) {
      // Distributors prepare their own release for the agreed time: the public release is not before it.
      earliest = new Date(Math.max(reportedMs, input.disclosureAt.getTime()));
    }
    if (id === "retrospective") {
      earliest = releasedAt ? new Date(releasedAt.getTime() + RETROSPECTIVE_EARLIEST_AFTER_RELEASE_MS) : null;
    }
    const decision = id === "retrospective" ? undefined : setBy[id];
    // Publicly disclosed: every milestone is due at once. Once released everything is public anyway; the
    // retrospective keeps its own 1–3 day window.
    const asap = input.isPublic && id !== "retrospective";
    // One literal for every milestone (no spreads): the metrics compute this for thousands of cases at a time.
    const milestone = (
      status: MilestoneStatus,
      dueDate: Date | null,
      late: boolean,
      note: string | null,
      isAsap: boolean,
    ): Milestone => ({
      id,
      label: policy.label,
      status,
      earliest,
      due: dueDate,
      asap: isAsap,
      completedAt: completed ? new Date(completed.getTime()) : null,
      late,
      slowDownId: decision?.kind === "slow-down" ? decision.id : null,
      decisionId: decision?.id ?? null,
      decisionKind: decision?.kind ?? null,
      note,
    });
    if (na !== null && completed === undefined) return milestone("not-applicable", null, false, na, false);
    const dueDate =
      id === "retrospective"
        ? new Date((releasedAt as Date).getTime() + RETROSPECTIVE_POLICY.dueAfterMs)
        : due[id];
    if (completed !== undefined) {
      return milestone("done", dueDate, completed.getTime() > dueDate.getTime(), null, asap);
    }
    const remaining = dueDate.getTime() - nowMs;
    const status: MilestoneStatus =
      remaining < 0 || (asap && remaining <= 0)
        ? "overdue"
        : remaining <= dueSoonThresholdMs(id)
          ? "due-soon"
          : "on-track";
    return milestone(status, dueDate, false, null, asap);
  });

  const open = milestones.filter((m) => m.status !== "done" && m.status !== "not-applicable");
  const next =
    [...open].sort(
      (a, b) =>
        (a.due as Date).getTime() - (b.due as Date).getTime() ||
        TIMELINE_MILESTONE_IDS.indexOf(a.id) - TIMELINE_MILESTONE_IDS.indexOf(b.id),
    )[0] ?? null;
  return { milestones, next, ignoredSlowDowns, ignoredUpstreamDependencies };
}

/**
 * Checks a slow-down before it is recorded, against the case's current due dates (policy dates or those
 * of earlier decisions). Empty when it may be recorded.
 */
export function checkSlowDown(input: TTimelineInput, decision: TSlowDownDecision): string[] {
  const current = computeTimeline(input, input.reportedAt);
  return slowDownProblems(decision, {
    cvssScore: input.cvssScore,
    isPublic: input.isPublic,
    currentDue: currentDueDates(current),
  });
}

function currentDueDates(timeline: Timeline): Partial<Record<MilestoneId, Date>> {
  return Object.fromEntries(
    timeline.milestones
      .filter((m) => m.due !== null && m.id !== "retrospective")
      .map((m) => [m.id, m.due as Date]),
  ) as Partial<Record<MilestoneId, Date>>;
}

/**
 * Checks an upstream-dependency decision before it is recorded, against the case's current due dates. Empty
 * when it may be recorded. Unlike a slow-down, the CVSS score plays no part.
 */
export function checkUpstreamDependency(
  input: TTimelineInput,
  decision: TUpstreamDependencyDecision,
): string[] {
  const current = computeTimeline(input, input.reportedAt);
  return upstreamDependencyProblems(decision, {
    isPublic: input.isPublic,
    reportedAt: input.reportedAt,
    currentDue: currentDueDates(current),
  });
}
