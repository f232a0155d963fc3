import type { Db } from "@disclose/db";
import {
  type CaseCvssScore,
  can,
  MILESTONE_IDS,
  MILESTONE_STATUSES,
  type MilestoneId,
  scoreCvss,
  slowDownProblems,
  type TTimelineInput,
  upstreamDependencyProblems,
} from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { dueDatesOf, loadCaseTimeline } from "../cases/case-timeline";
import { displayName } from "../users/display-name";
import { authorizeVulnerabilityCase, isReleased } from "./vulnerability-case";

const ZSeverity = z.enum(["None", "Low", "Medium", "High", "Critical"]);
const ZPerson = z.object({ id: z.string(), name: z.string() });

export const ZVulnerabilityView = z.object({
  id: z.string(),
  /** 1, 2, 3… in the case's order ("Vulnerability 2"). */
  position: z.number().int(),
  cveId: z.string().nullable(),
  cweId: z.string().nullable(),
  /** The Fix Lead's final vector; null while not scored. */
  cvssVector: z.string().nullable(),
  cvss: z
    .object({
      version: z.enum(["3.0", "3.1", "4.0"]),
      score: z.number(),
      baseScore: z.number(),
      severity: ZSeverity,
    })
    .nullable(),
  scoredBy: ZPerson.nullable(),
  scoredAt: z.date().nullable(),
});

export const ZMilestoneDue = z.object({
  id: z.enum(MILESTONE_IDS),
  label: z.string(),
  status: z.enum(MILESTONE_STATUSES),
  /** Null when the milestone does not apply (and so has no date to move). */
  due: z.date().nullable(),
  asap: z.boolean(),
  completedAt: z.date().nullable(),
  /** A decision set this date. */
  decisionId: z.string().nullable(),
  /** Its date may be moved by a decision: it applies, has a due date and is not done yet. */
  movable: z.boolean(),
});

export const ZTimelineDecisionView = z.object({
  id: z.string(),
  kind: z.enum(["slow-down", "upstream-dependency"]),
  decidedBy: ZPerson,
  decidedAt: z.date(),
  reason: z.string(),
  discussedAt: z.string().nullable(),
  upstreamProject: z.string().nullable(),
  upstreamUrl: z.string().nullable(),
  newDueDates: z.array(z.object({ id: z.enum(MILESTONE_IDS), label: z.string(), due: z.date() })),
  /** Why the timeline no longer follows it (the case's CVSS rose to 4.0 or more, it went public…); empty if it does. */
  ignoredBecause: z.array(z.string()),
});

export const ZVulnerabilitiesView = z.object({
  reportId: z.string(),
  isPublic: z.boolean(),
  released: z.boolean(),
  vulnerabilities: z.array(ZVulnerabilityView),
  /** The case's CVSS: the highest final score among its vulnerabilities; null while none is scored. */
  caseCvss: z
    .object({ score: z.number(), severity: ZSeverity, vulnerabilityId: z.string(), vector: z.string() })
    .nullable(),
  /** When every vulnerability first had a vector (the "cvss-scored" milestone); null until then. */
  cvssScoredAt: z.date().nullable(),
  /** The policy's milestones with their current due dates (the case clock), for the decision forms. */
  milestones: z.array(ZMilestoneDue),
  decisions: z.array(ZTimelineDecisionView),
  /** The caller is the Fix Lead: sets CVSS, CVE and CWE, adds and removes vulnerabilities. */
  mayEdit: z.boolean(),
  /** The caller may record a decision that moves dates (the Fix Lead and the Fix Team). */
  mayRecordDecision: z.boolean(),
  /** A slow-down may be recorded now; otherwise `slowDownBlockedBecause` says why not. */
  maySlowDown: z.boolean(),
  slowDownBlockedBecause: z.string().nullable(),
  /** An upstream project's timeline may be recorded now; otherwise `upstreamBlockedBecause` says why not. */
  mayRecordUpstream: z.boolean(),
  upstreamBlockedBecause: z.string().nullable(),
});
export type TVulnerabilitiesView = z.infer<typeof ZVulnerabilitiesView>;

const FAR_FUTURE = new Date("9999-01-01T00:00:00Z");
const EPOCH = new Date(0);
const PLACEHOLDER = {
  id: "check",
  decidedBy: "check",
  decidedAt: EPOCH,
  reason: "check",
  discussedAt: "check",
  newDueDates: { released: FAR_FUTURE },
} as const;

/**
 * Why no slow-down may be recorded for the case as it is, in the domain's words (CVSS not below 4.0, not scored,
 * public), plus what this workflow adds: every vulnerability scored (a slow-down must hold for all of them, and an
 * unscored one could be the worst) and not after the release. Null when one may be.
 */
export function slowDownBlockedBecause(
  input: TTimelineInput,
  unscored: readonly number[],
  released: boolean,
): string | null {
  if (released) return "The fix is released: there is no date left to move.";
  const problems = slowDownProblems(PLACEHOLDER, {
    cvssScore: input.cvssScore,
    isPublic: input.isPublic,
    currentDue: { released: EPOCH },
  });
  if (problems.length > 0) return problems.join(" ");
  if (unscored.length > 0) {
    return `Score every vulnerability first: ${unscored.map((n) => `vulnerability ${n}`).join(", ")} ${
      unscored.length === 1 ? "has" : "have"
    } no CVSS yet, and a slow-down must hold for each of them.`;
  }
  return null;
}

/** Why no upstream project's timeline may be recorded now, in the domain's words; null when one may be. */
export function upstreamBlockedBecause(input: TTimelineInput, released: boolean): string | null {
  if (released) return "The fix is released: there is no date left to move.";
  const problems = upstreamDependencyProblems(
    { ...PLACEHOLDER, upstreamProject: "check", upstreamUrl: "https://example.org/" },
    { isPublic: input.isPublic, reportedAt: EPOCH, currentDue: { released: EPOCH } },
  );
  return problems.length > 0 ? problems.join(" ") : null;
}

/**
 * A case's vulnerabilities (CVE, CWE, the Fix Lead's CVSS call, who made it and when), the case's CVSS, the
 * milestones' current due dates (the case clock) and the recorded decisions that moved them, and what the caller
 * may do. For the staff on the case (the domain's case.view-summary); nothing here is secret content, so reading it
 * is not audited.
 */
export async function listVulnerabilities({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<TVulnerabilitiesView> {
  return db.$transaction(async (tx) => {
    const { facts, actor, kase } = await authorizeVulnerabilityCase(
      tx,
      session,
      reportId,
      "case.view-summary",
    );
    const loaded = await loadCaseTimeline(tx, facts.id, now);
    if (!loaded) throw new AppError(AppErrorCode.NOT_FOUND, "There is no such report.");
    const [vulnerabilities, decisions] = await Promise.all([
      tx.vulnerability.findMany({ where: { caseId: kase.id }, orderBy: { position: "asc" } }),
      tx.timelineDecision.findMany({ where: { caseId: kase.id }, orderBy: { decidedAt: "asc" } }),
    ]);
    const people = new Map(
      (
        await tx.user.findMany({
          where: {
            id: {
              in: [
                ...vulnerabilities.flatMap((v) => (v.cvssScoredById ? [v.cvssScoredById] : [])),
                ...decisions.map((d) => d.decidedById),
              ],
            },
          },
          select: { id: true, name: true, email: true },
        })
      ).map((u) => [u.id, { id: u.id, name: displayName(u) }]),
    );
    const person = (id: string) => people.get(id) ?? { id, name: "A former member" };
    const labels = new Map(loaded.timeline.milestones.map((m) => [m.id, m.label]));
    const ignored = new Map(
      [...loaded.timeline.ignoredSlowDowns, ...loaded.timeline.ignoredUpstreamDependencies].map((i) => [
        i.id,
        i.problems,
      ]),
    );
    const caseCvss: CaseCvssScore | null = loaded.cvss;
    const released = isReleased(facts, kase);
    const unscored = vulnerabilities.filter((v) => v.cvssVector === null).map((v) => v.position);
    const mayRecordDecision = can(actor, "timeline.record-slow-down", { kind: "case", case: facts });
    const slowDownWhyNot = slowDownBlockedBecause(loaded.input, unscored, released);
    const upstreamWhyNot = upstreamBlockedBecause(loaded.input, released);
    return {
      reportId: facts.id,
      isPublic: loaded.input.isPublic,
      released,
      vulnerabilities: vulnerabilities.map((v) => {
        const score = v.cvssVector ? scoreCvss(v.cvssVector) : null;
        return {
          id: v.id,
          position: v.position,
          cveId: v.cveId,
          cweId: v.cweId,
          cvssVector: v.cvssVector,
          cvss: score
            ? {
                version: score.version,
                score: score.score,
                baseScore: score.baseScore,
                severity: score.severity,
              }
            : null,
          scoredBy: v.cvssVector && v.cvssScoredById ? person(v.cvssScoredById) : null,
          scoredAt: v.cvssVector ? v.cvssScoredAt : null,
        };
      }),
      caseCvss: caseCvss
        ? {
            score: caseCvss.score,
            severity: caseCvss.severity,
            vulnerabilityId: caseCvss.vulnerabilityId,
            vector: caseCvss.vector,
          }
        : null,
      cvssScoredAt: kase.cvssScoredAt,
      milestones: loaded.timeline.milestones
        .filter((m): m is typeof m & { id: MilestoneId } =>
          (MILESTONE_IDS as readonly string[]).includes(m.id),
        )
        .map((m) => ({
          id: m.id,
          label: m.label,
          status: m.status,
          due: m.due,
          asap: m.asap,
          completedAt: m.completedAt,
          decisionId: m.decisionId,
          movable: m.due !== null && m.status !== "done" && m.status !== "not-applicable",
        })),
      decisions: decisions.map((d) => ({
        id: d.id,
        kind: d.kind === "slow-down" ? ("slow-down" as const) : ("upstream-dependency" as const),
        decidedBy: person(d.decidedById),
        decidedAt: d.decidedAt,
        reason: d.reason,
        discussedAt: d.discussedAt,
        upstreamProject: d.upstreamProject,
        upstreamUrl: d.upstreamUrl,
        newDueDates: (Object.entries(dueDatesOf(d.newDueDates)) as [MilestoneId, Date][]).map(
          ([id, due]) => ({
            id,
            label: labels.get(id) ?? id,
            due,
          }),
        ),
        ignoredBecause: ignored.get(d.id) ?? [],
      })),
      mayEdit: can(actor, "cvss.finalize", { kind: "case", case: facts }),
      mayRecordDecision,
      maySlowDown: mayRecordDecision && slowDownWhyNot === null,
      slowDownBlockedBecause: slowDownWhyNot,
      mayRecordUpstream: mayRecordDecision && upstreamWhyNot === null,
      upstreamBlockedBecause: upstreamWhyNot,
    };
  });
}
