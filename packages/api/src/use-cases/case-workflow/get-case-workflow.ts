import type { Db } from "@disclose/db";
import {
  CASE_STATE_LABELS,
  type CaseState,
  can,
  MILESTONE_STATUSES,
  NEXT_ACTION_CODES,
  nextAction,
  POLICY_FACT_KEYS,
  POLICY_FACT_LABELS,
  type TCaseCommand,
  TERMINAL_STATES,
  TIMELINE_MILESTONE_IDS,
  transition,
} from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase } from "../cases/case-access";
import { loadCaseTimeline } from "../cases/case-timeline";

const ZMilestone = z.object({
  id: z.enum(TIMELINE_MILESTONE_IDS),
  label: z.string(),
  status: z.enum(MILESTONE_STATUSES),
  due: z.date().nullable(),
  asap: z.boolean(),
  completedAt: z.date().nullable(),
  late: z.boolean(),
  /** Set by a recorded decision (slow-down or upstream dependency) rather than by the policy. */
  decisionKind: z.enum(["slow-down", "upstream-dependency"]).nullable(),
  note: z.string().nullable(),
});

export const ZCaseWorkflow = z.object({
  reportId: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  /** Accepted as a case (before that, only triage happens). */
  isCase: z.boolean(),
  isPublic: z.boolean(),
  /** The case's CVSS (highest of its vulnerabilities), null while unscored. */
  cvss: z.object({ score: z.number(), severity: z.string() }).nullable(),
  milestones: z.array(ZMilestone),
  next: z
    .object({
      code: z.enum(NEXT_ACTION_CODES),
      label: z.string(),
      by: z.enum(["pst", "fix-lead", "fix-team"]),
      /** The lifecycle command it is, when the caller may issue it and its guard passes now. */
      command: z.string().nullable(),
      due: z.date().nullable(),
      asap: z.boolean(),
    })
    .nullable(),
  facts: z.array(z.object({ key: z.enum(POLICY_FACT_KEYS), label: z.string(), value: z.boolean() })),
  mayRecordFacts: z.boolean(),
  fixTeamFormedAt: z.date().nullable(),
  mayMarkFixTeamFormed: z.boolean(),
});
export type TCaseWorkflow = z.infer<typeof ZCaseWorkflow>;

/**
 * The case page's frame: state, the domain's timeline (every milestone with its window, due date and status; all
 * ASAP when public), the one next action, and the facts the rules turn on. No secret text: this is metadata.
 */
export async function getCaseWorkflow({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<TCaseWorkflow> {
  const { facts, actor } = await authorizeCase(db, session, reportId, "case.view-summary");
  const loaded = await loadCaseTimeline(db, facts.id, now);
  if (!loaded)
    throw new AppError(AppErrorCode.NOT_FOUND, "There is no such report, or it is not yours to see.");
  const { timeline, cvss, kase } = loaded;
  const next = nextAction({ facts, timeline, now });
  // The next action's button is offered only to whoever may take it, and only when its guard passes now.
  const command =
    next?.command && transition(facts, { type: next.command } as TCaseCommand, actor, { now }).ok
      ? next.command
      : null;
  return {
    reportId: facts.id,
    state: facts.state,
    stateLabel: CASE_STATE_LABELS[facts.state as CaseState],
    isCase: kase !== null,
    isPublic: facts.isPublic,
    cvss: cvss ? { score: cvss.score, severity: cvss.severity } : null,
    milestones: timeline.milestones.map((m) => ({
      id: m.id,
      label: m.label,
      status: m.status,
      due: m.due,
      asap: m.asap,
      completedAt: m.completedAt,
      late: m.late,
      decisionKind: m.decisionKind,
      note: m.note,
    })),
    next: next
      ? { code: next.code, label: next.label, by: next.by, command, due: next.due, asap: next.asap }
      : null,
    facts: kase
      ? POLICY_FACT_KEYS.map((key) => ({ key, label: POLICY_FACT_LABELS[key], value: kase[key] }))
      : [],
    // A closed case's facts no longer change (the domain refuses): no Change button for them.
    mayRecordFacts:
      kase !== null &&
      !TERMINAL_STATES.includes(facts.state) &&
      can(actor, "case.record-facts", { kind: "case", case: facts }),
    fixTeamFormedAt: kase?.fixTeamFormedAt ?? null,
    mayMarkFixTeamFormed:
      kase !== null &&
      kase.fixTeamFormedAt === null &&
      !TERMINAL_STATES.includes(facts.state) &&
      can(actor, "case.manage-fix-team", { kind: "case", case: facts }),
  };
}
