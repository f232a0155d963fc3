import type { Db, DbTx } from "@disclose/db";
import { type CaseAction, type CaseState, can, type TActor, type TCaseFacts } from "@disclose/domain";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";

/** What the domain needs to know about a report-turned-case, from its row and its people. */
export async function loadCaseFacts(db: Db | DbTx, reportId: string): Promise<TCaseFacts | null> {
  if (!isUuid(reportId)) return null;
  const report = await db.report.findUnique({
    where: { id: reportId },
    select: {
      id: true,
      state: true,
      receivedAt: true,
      alreadyPublic: true,
      fixLeadId: true,
      members: { select: { userId: true } },
    },
  });
  if (!report) return null;
  return {
    id: report.id,
    state: report.state as CaseState,
    reportedAt: report.receivedAt,
    isPublic: report.alreadyPublic,
    fixLeadId: report.fixLeadId,
    fixTeamIds: report.members.map((m) => m.userId),
    // Fix development, CVSS, embargo and release facts arrive with the fix-coordination issue.
    fixCommits: [],
    mitigationAvailable: false,
    remotelyExploitable: false,
    privilegeEscalation: false,
    releaseVersion: null,
    disclosureAt: null,
    distributorDisclosures: [],
  };
}

/**
 * The case if the caller may do `action` on it. A caller who may not even see that the case exists gets the
 * same NOT_FOUND as for a missing one, so ids cannot be probed; one who may see it but not do this gets FORBIDDEN.
 */
export async function authorizeCase(
  db: Db | DbTx,
  session: SessionInfo,
  reportId: string,
  action: CaseAction,
): Promise<{ facts: TCaseFacts; actor: TActor }> {
  const facts = await loadCaseFacts(db, reportId);
  const actor = actorOf(session);
  const notFound = new AppError(
    AppErrorCode.NOT_FOUND,
    "There is no such report, or it is not yours to see.",
  );
  if (!facts || !canSee(actor, facts)) throw notFound;
  if (!can(actor, action, { kind: "case", case: facts })) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Your role on this case does not allow this.");
  }
  return { facts, actor };
}

/** The PST sees every report; others only the cases they work on (the domain's view-summary rule). */
export function canSee(actor: TActor, facts: TCaseFacts): boolean {
  return (
    can(actor, "case.list", { kind: "system" }) ||
    can(actor, "case.view-summary", { kind: "case", case: facts })
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
