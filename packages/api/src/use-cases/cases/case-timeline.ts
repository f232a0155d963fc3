import type { Case, Db, DbTx } from "@disclose/db";
import {
  type CaseCvssScore,
  type CaseState,
  caseCvssScore,
  computeTimeline,
  MILESTONE_IDS,
  type MilestoneId,
  type Timeline,
  type TimelineMilestoneId,
  type TSlowDownDecision,
  type TTimelineInput,
  type TUpstreamDependencyDecision,
} from "@disclose/domain";

/** Everything the case's timeline is computed from, as the domain's input, plus the case's CVSS. */
export interface TCaseTimeline {
  input: TTimelineInput;
  timeline: Timeline;
  cvss: CaseCvssScore | null;
  /** The case record (null before the report is accepted), for callers that show more of it. */
  kase: Case | null;
}

const TIMELINE_SELECT = {
  state: true,
  receivedAt: true,
  alreadyPublic: true,
  openedCase: {
    include: {
      vulnerabilities: { select: { id: true, cvssVector: true }, orderBy: { position: "asc" } },
      decisions: { orderBy: { decidedAt: "asc" } },
    },
  },
} as const;

/** Due dates as stored (ISO strings per milestone), read back as the domain's dates; unknown keys are dropped. */
export function dueDatesOf(json: unknown): Partial<Record<MilestoneId, Date>> {
  const dates: Partial<Record<MilestoneId, Date>> = {};
  if (json === null || typeof json !== "object") return dates;
  for (const id of MILESTONE_IDS) {
    const value = (json as Record<string, unknown>)[id];
    if (typeof value === "string" && !Number.isNaN(Date.parse(value))) dates[id] = new Date(value);
  }
  return dates;
}

/** The domain's dates as stored: { milestoneId: ISO string }. */
export function dueDatesJson(dates: Partial<Record<MilestoneId, Date>>): Record<string, string> {
  return Object.fromEntries(Object.entries(dates).map(([id, date]) => [id, (date as Date).toISOString()]));
}

/**
 * The case's timeline at `now` (the case clock), from its report, its case record and its recorded decisions:
 * the one place that turns rows into the domain's timeline input, so that the case page, the reminders and the
 * decision forms all see the same dates. Null when there is no such report.
 */
export async function loadCaseTimeline(
  db: Db | DbTx,
  reportId: string,
  now: Date,
): Promise<TCaseTimeline | null> {
  const report = await db.report.findUnique({ where: { id: reportId }, select: TIMELINE_SELECT });
  if (!report) return null;
  const kase = report.openedCase;
  const cvss = kase ? caseCvssScore(kase.vulnerabilities) : null;
  const completed: Partial<Record<TimelineMilestoneId, Date>> = {};
  const reached: [TimelineMilestoneId, Date | null | undefined][] = [
    ["fix-team-formed", kase?.fixTeamFormedAt],
    ["cvss-scored", kase?.cvssScoredAt],
    ["fix-developed", kase?.fixDevelopedAt],
    ["users-notified", kase?.noticePublishedAt],
    ["distributors-notified", kase?.distributorsNotifiedAt],
    ["released", kase?.releasedAt],
    ["retrospective", kase?.retrospectiveAt],
  ];
  for (const [id, at] of reached) if (at) completed[id] = at;
  const fixOrMitigation = [
    kase?.fixDevelopedAt,
    kase?.mitigationAvailable ? kase.mitigationAvailableAt : null,
  ]
    .filter((d): d is Date => d instanceof Date)
    .sort((a, b) => a.getTime() - b.getTime());
  const slowDowns: TSlowDownDecision[] = [];
  const upstreamDependencies: TUpstreamDependencyDecision[] = [];
  for (const d of kase?.decisions ?? []) {
    const common = { id: d.id, decidedBy: d.decidedById, decidedAt: d.decidedAt, reason: d.reason };
    const newDueDates = dueDatesOf(d.newDueDates);
    if (d.kind === "slow-down") {
      slowDowns.push({ ...common, discussedAt: d.discussedAt ?? "", newDueDates });
    } else {
      upstreamDependencies.push({
        ...common,
        upstreamProject: d.upstreamProject ?? "",
        upstreamUrl: d.upstreamUrl ?? "",
        newDueDates,
      });
    }
  }
  const input: TTimelineInput = {
    state: report.state as CaseState,
    reportedAt: report.receivedAt,
    isPublic: kase?.alreadyPublic ?? report.alreadyPublic,
    cvssScore: cvss?.score ?? null,
    remotelyExploitable: kase?.remotelyExploitable ?? false,
    privilegeEscalation: kase?.privilegeEscalation ?? false,
    distributorDisclosureSkipped: kase?.distributorDisclosureSkipped ?? false,
    fixOrMitigationAt: fixOrMitigation[0] ?? null,
    disclosureAt: kase?.disclosureAt ?? null,
    completed,
    slowDowns,
    upstreamDependencies,
  };
  return { input, timeline: computeTimeline(input, now), cvss, kase };
}
