import type { Db } from "@disclose/db";
import {
  CASE_STATES,
  can,
  checkDisclosureTime,
  forthcomingFixNoticeRefusal,
  MILESTONE_STATUSES,
  type Milestone,
  suggestDisclosureTime,
  type TActor,
  type TCaseCommand,
  type TCaseFacts,
  type TimelineMilestoneId,
  transition,
} from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase } from "../cases/case-access";
import { loadCaseTimeline } from "../cases/case-timeline";
import { getSettings } from "../settings/get-settings";
import { BEFORE_RELEASE_STATES, noticeContextOf } from "./release-case";

const ZCommandState = z.object({
  /** The caller's role may issue it and the case is where it applies: show the button. */
  shown: z.boolean(),
  /** The domain's guard passes now. */
  possible: z.boolean(),
  /** Why not, in the domain's words, when shown but not possible. */
  reason: z.string().nullable(),
});

export const ZReleaseView = z.object({
  reportId: z.string(),
  state: z.enum(CASE_STATES),
  /** The case clock the answers below were computed at (checks in the browser use the same moment). */
  now: z.date(),
  /** The case's CVSS score (the highest of its vulnerabilities), as the notice states it; null: not scored. */
  cvssScore: z.number().nullable(),
  /** The deployment's project name (an admin's setting), which the notice form starts from; empty: not set. */
  projectName: z.string(),
  notice: z.object({
    /** Why the notice may not be made now (the domain's words); null when it may. */
    refusal: z.string().nullable(),
    publishedAt: z.date().nullable(),
    url: z.string().nullable(),
    expectedReleaseAt: z.date().nullable(),
    status: z.enum(MILESTONE_STATUSES),
    due: z.date().nullable(),
    /** The caller may generate the text and record its publication (the Fix Lead). */
    mayPublish: z.boolean(),
  }),
  branches: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      releaseVersion: z.string().nullable(),
      /** Cherry-picked fix commits (their titles are encrypted and shown on the workspace page). */
      commits: z.array(z.object({ id: z.string(), sha: z.string(), url: z.string().nullable() })),
    }),
  ),
  disclosure: z.object({
    /** The agreed public disclosure time (UTC). */
    at: z.date().nullable(),
    overrideReason: z.string().nullable(),
    /** The next weekday-afternoon slot (UTC) the domain suggests. */
    suggested: z.date(),
    /** Bounds the domain checks a time against: the release milestone's earliest and due dates. */
    earliest: z.date().nullable(),
    releaseDue: z.date().nullable(),
    /** What is wrong with, or worth knowing about, the agreed time now (before release only). */
    problems: z.array(z.string()),
    warnings: z.array(z.string()),
    maySet: z.boolean(),
  }),
  release: z.object({
    releasedAt: z.date().nullable(),
    status: z.enum(MILESTONE_STATUSES),
    due: z.date().nullable(),
    /** The caller may set release versions now (the Fix Lead, before release). */
    maySetVersions: z.boolean(),
    markReleased: ZCommandState,
  }),
  retrospective: z.object({
    status: z.enum(MILESTONE_STATUSES),
    earliest: z.date().nullable(),
    due: z.date().nullable(),
    doneAt: z.date().nullable(),
    /** The caller may mark it done now (the Fix Lead, after release, once). */
    mayComplete: z.boolean(),
  }),
  close: ZCommandState,
});
export type TReleaseView = z.infer<typeof ZReleaseView>;

/** A link is only ever shown when it is an https URL (anything else could run script or leak over http). */
function httpsOrNull(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

function commandState(
  facts: TCaseFacts,
  command: TCaseCommand,
  actor: TActor,
  now: Date,
): z.infer<typeof ZCommandState> {
  // The role first: the domain checks the state before the role, and a button is only for who may press it.
  if (!can(actor, `transition:${command.type}`, { kind: "case", case: facts })) {
    return { shown: false, possible: false, reason: null };
  }
  const result = transition(facts, command, actor, { now });
  return result.ok
    ? { shown: true, possible: true, reason: null }
    : { shown: true, possible: false, reason: result.reason };
}

/**
 * The notice, the release and the retrospective of one case, for the staff working on it: what is done, what the
 * domain allows now and why not, and what the caller may do. Reads no secret (commit titles stay on the workspace
 * page), so nothing is audited.
 */
export async function getRelease({
  db,
  session,
  reportId,
  caseNow: now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  /** The case clock. */
  caseNow: Date;
}): Promise<TReleaseView> {
  // The view holds fix commits and versions: the staff on the case (PST, Fix Lead, Fix Team), as for the workspace.
  const { facts, actor } = await authorizeCase(db, session, reportId, "fix.read");
  const [timeline, kase, settings] = await Promise.all([
    loadCaseTimeline(db, facts.id, now),
    db.case.findUnique({
      where: { id: facts.id },
      select: {
        noticePublishedAt: true,
        noticeUrl: true,
        expectedReleaseAt: true,
        disclosureAt: true,
        disclosureOverrideReason: true,
        releasedAt: true,
        retrospectiveAt: true,
        branches: {
          orderBy: [{ createdAt: "asc" }, { name: "asc" }],
          select: {
            id: true,
            name: true,
            releaseVersion: true,
            commits: {
              orderBy: [{ createdAt: "asc" }, { id: "asc" }],
              select: { id: true, sha: true, url: true },
            },
          },
        },
      },
    }),
    getSettings({ db }),
  ]);
  if (!timeline) throw new AppError(AppErrorCode.NOT_FOUND, "There is no such report.");
  const milestone = (id: TimelineMilestoneId): Milestone | undefined =>
    timeline.timeline.milestones.find((m) => m.id === id);
  const notice = milestone("users-notified");
  const released = milestone("released");
  const retrospective = milestone("retrospective");
  const beforeRelease = BEFORE_RELEASE_STATES.includes(facts.state);
  const fixLead = (action: Parameters<typeof can>[1]) => can(actor, action, { kind: "case", case: facts });

  const earliest = released?.earliest ?? null;
  const releaseDue = released?.due ?? null;
  const agreed = kase?.disclosureAt ?? null;
  const overrideReason = kase?.disclosureOverrideReason ?? null;
  const agreedCheck =
    agreed && beforeRelease
      ? checkDisclosureTime(agreed, {
          now,
          earliest,
          releaseDue,
          override: overrideReason ? { allowFridayOrWeekend: true, reason: overrideReason } : null,
        })
      : null;
  const close = commandState(facts, { type: "close" }, actor, now);

  return {
    reportId: facts.id,
    state: facts.state,
    now,
    cvssScore: timeline.cvss?.score ?? null,
    projectName: settings.projectName,
    notice: {
      refusal: forthcomingFixNoticeRefusal(noticeContextOf(facts, now)),
      publishedAt: kase?.noticePublishedAt ?? null,
      url: httpsOrNull(kase?.noticeUrl ?? null),
      expectedReleaseAt: kase?.expectedReleaseAt ?? null,
      status: notice?.status ?? "not-applicable",
      due: notice?.due ?? null,
      mayPublish: fixLead("announcement.send"),
    },
    branches: (kase?.branches ?? []).map((b) => ({
      id: b.id,
      name: b.name,
      releaseVersion: b.releaseVersion,
      commits: b.commits.map((c) => ({ id: c.id, sha: c.sha, url: httpsOrNull(c.url) })),
    })),
    disclosure: {
      at: agreed,
      overrideReason,
      suggested: suggestDisclosureTime({ now, earliest }),
      earliest,
      releaseDue,
      problems: [...(agreedCheck?.problems ?? [])],
      warnings: [...(agreedCheck?.warnings ?? [])],
      maySet: beforeRelease && fixLead("embargo.set-disclosure-time"),
    },
    release: {
      releasedAt: kase?.releasedAt ?? null,
      status: released?.status ?? "not-applicable",
      due: releaseDue,
      maySetVersions: beforeRelease && fixLead("transition:release"),
      markReleased: beforeRelease
        ? commandState(facts, { type: "release" }, actor, now)
        : { shown: false, possible: false, reason: null },
    },
    retrospective: {
      status: retrospective?.status ?? "not-applicable",
      earliest: retrospective?.earliest ?? null,
      due: retrospective?.due ?? null,
      doneAt: kase?.retrospectiveAt ?? null,
      mayComplete:
        facts.state === "released" &&
        Boolean(kase?.releasedAt) &&
        !kase?.retrospectiveAt &&
        fixLead("transition:release"),
    },
    close: facts.state === "released" ? close : { shown: false, possible: false, reason: null },
  };
}
