import { randomUUID } from "node:crypto";
import { appendAuditEvent, type Db, type DbTx } from "@disclose/db";
import {
  formatUtc,
  hasControlCharacters,
  hasControlCharactersInText,
  MILESTONE_IDS,
  type MilestoneId,
  redactEmailAddresses,
  type Timeline,
  type TTimelineInput,
} from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { dueDatesJson, loadCaseTimeline } from "../cases/case-timeline";
import { authorizeVulnerabilityCase, isReleased, ZReportId } from "./vulnerability-case";

/** New due dates per milestone of the policy (UTC instants); the domain asks for at least one. */
export const ZNewDueDates = z.partialRecord(
  z.enum(MILESTONE_IDS),
  z.date({ error: "Enter a date and time." }),
);

export const ZDecisionCommon = z.object({
  reportId: ZReportId,
  reason: z.string().max(2000, "Say why in at most 2,000 characters."),
  newDueDates: ZNewDueDates,
});

export type TDecisionKind = "slow-down" | "upstream-dependency";

/** What the caller's words and the domain's check become: a refusal naming the field at fault. */
export function refuse(problems: readonly string[]): never {
  const first = problems[0] ?? "This decision cannot be recorded.";
  const milestone = MILESTONE_IDS.find((id) => problems.some((p) => p.includes(`"${id}"`)));
  const field = /new date/.test(first) ? "newDueDates" : milestone ? `newDueDates.${milestone}` : undefined;
  throw new AppError(AppErrorCode.BAD_INPUT, problems.join(" "), field ? { field } : {});
}

/** A single-line field (where it was discussed, the upstream project or link) holds no control characters. */
export function refuseControlCharacters(value: string, field: string, what: string): void {
  if (hasControlCharacters(value)) {
    throw new AppError(AppErrorCode.BAD_INPUT, `${what} without control characters.`, { field });
  }
}

export function refuseControlCharactersInReason(reason: string): void {
  if (hasControlCharactersInText(reason)) {
    throw new AppError(AppErrorCode.BAD_INPUT, "Say why without control characters.", { field: "reason" });
  }
}

function labelOf(timeline: Timeline, id: MilestoneId): string {
  return timeline.milestones.find((m) => m.id === id)?.label ?? id;
}

/** Dates the domain accepts for milestones that are already reached would only rewrite history: refused here. */
function refuseDoneMilestones(timeline: Timeline, dates: Partial<Record<MilestoneId, Date>>): void {
  for (const id of Object.keys(dates) as MilestoneId[]) {
    const milestone = timeline.milestones.find((m) => m.id === id);
    if (milestone?.status === "done") {
      throw new AppError(
        AppErrorCode.BAD_INPUT,
        `"${milestone.label}" is already done: its due date no longer moves.`,
        { field: `newDueDates.${id}` },
      );
    }
  }
}

/**
 * Records a decision that moves due dates, in one transaction: the caller may (the domain's
 * timeline.record-slow-down: the Fix Lead and the Fix Team), the report is a case not yet released, `check` (the
 * domain's rule for this kind, against the case's current timeline at the case clock) finds no problem, then the
 * decision is stored and audited with who, why, where and the dates it moves (from → to).
 */
export async function recordTimelineDecision<
  T extends { id: string; newDueDates: Partial<Record<MilestoneId, Date>> },
>({
  db,
  session,
  reportId,
  now,
  kind,
  build,
  check,
  store,
  auditData,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
  kind: TDecisionKind;
  build: (common: { id: string; decidedBy: string; decidedAt: Date }) => T;
  check: (input: TTimelineInput, decision: T, tx: DbTx, caseId: string) => Promise<string[]>;
  store: (decision: T) => {
    reason: string;
    discussedAt?: string;
    upstreamProject?: string;
    upstreamUrl?: string;
  };
  auditData: (decision: T) => Record<string, unknown>;
}): Promise<{ decisionId: string; newDueDates: Partial<Record<MilestoneId, Date>> }> {
  return db.$transaction(async (tx) => {
    const { facts, kase } = await authorizeVulnerabilityCase(
      tx,
      session,
      reportId,
      "timeline.record-slow-down",
      {
        lock: true,
      },
    );
    if (isReleased(facts, kase)) {
      throw new AppError(AppErrorCode.CONFLICT, "The fix is released: there is no date left to move.");
    }
    const loaded = await loadCaseTimeline(tx, facts.id, now);
    if (!loaded) throw new AppError(AppErrorCode.NOT_FOUND, "There is no such report.");
    const decision = build({ id: randomUUID(), decidedBy: session.userId, decidedAt: now });
    const problems = await check(loaded.input, decision, tx, kase.id);
    if (problems.length > 0) refuse(problems);
    refuseDoneMilestones(loaded.timeline, decision.newDueDates);
    const previous = new Map(loaded.timeline.milestones.map((m) => [m.id as string, m.due]));
    const stored = store(decision);
    await tx.timelineDecision.create({
      data: {
        id: decision.id,
        caseId: kase.id,
        kind,
        decidedById: session.userId,
        decidedAt: now,
        reason: stored.reason,
        discussedAt: stored.discussedAt ?? null,
        upstreamProject: stored.upstreamProject ?? null,
        upstreamUrl: stored.upstreamUrl ?? null,
        newDueDates: dueDatesJson(decision.newDueDates),
      },
    });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: kind === "slow-down" ? "case.slow_down_recorded" : "case.upstream_dependency_recorded",
      subjectType: "report",
      subjectId: kase.id,
      data: {
        decisionId: decision.id,
        cvssScore: loaded.cvss?.score ?? null,
        ...auditData(decision),
        // People are named by id in the log: an address typed into a reason stays on the decision only.
        reason: redactEmailAddresses(stored.reason),
        dueDates: Object.fromEntries(
          (Object.entries(decision.newDueDates) as [MilestoneId, Date][]).map(([id, to]) => [
            id,
            { from: previous.get(id)?.toISOString() ?? null, to: to.toISOString() },
          ]),
        ),
        // What the case's history shows: the dates it moved and why.
        summary:
          `${kind === "slow-down" ? "Slow-down" : `Upstream timeline (${stored.upstreamProject ?? ""})`}: ${(
            Object.entries(decision.newDueDates) as [MilestoneId, Date][]
          )
            .map(([id, to]) => `${labelOf(loaded.timeline, id)} due ${formatUtc(to)}`)
            .join(", ")}. ${redactEmailAddresses(stored.reason)}`.slice(0, 500),
      },
      occurredAt: now,
    });
    return { decisionId: decision.id, newDueDates: decision.newDueDates };
  });
}
