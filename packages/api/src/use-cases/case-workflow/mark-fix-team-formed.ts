import { appendAuditEvent, type Db, type DbTx } from "@disclose/db";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { assertFixTeamOpen, authorizeCase } from "../cases/case-access";

/**
 * Completes the "Fix Team formed" milestone (policy: within the first 24 hours). It completes by itself when the
 * Fix Lead adds the first engineer; this is for a case whose team is the Fix Lead and the PST alone, which the
 * policy says is often so.
 */
export async function markFixTeamFormed({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<{ fixTeamFormedAt: Date }> {
  const { facts } = await authorizeCase(db, session, reportId, "case.manage-fix-team");
  assertFixTeamOpen(facts);
  return db.$transaction(async (tx) => {
    const formed = await recordFixTeamFormed(tx, facts.id, now);
    if (!formed)
      throw new AppError(AppErrorCode.CONFLICT, "The Fix Team is already formed, or this is not a case yet.");
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "case.fix_team_formed",
      subjectType: "report",
      subjectId: facts.id,
      data: { members: facts.fixTeamIds.length },
      occurredAt: now,
    });
    return { fixTeamFormedAt: now };
  });
}

/** Records the milestone once (the first time only); false when it was already recorded or there is no case. */
export async function recordFixTeamFormed(tx: DbTx, caseId: string, now: Date): Promise<boolean> {
  const changed = await tx.case.updateMany({
    where: { id: caseId, fixTeamFormedAt: null },
    data: { fixTeamFormedAt: now },
  });
  return changed.count === 1;
}
