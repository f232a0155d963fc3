import { appendAuditEvent, type Db } from "@disclose/db";
import { changePolicyFact, type TPolicyFactChange } from "@disclose/domain";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase } from "../cases/case-access";

/**
 * The Fix Lead records one of the facts the rules turn on (already public, remotely exploitable, privilege
 * escalation, mitigation available, early disclosure skipped), with a reason; the domain refuses what cannot
 * change, and the change and its reason are audited. "Already public" also moves the report to the top of the
 * inbox (the ASAP ordering reads reports.already_public).
 */
export async function recordPolicyFact({
  db,
  session,
  reportId,
  change,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  change: TPolicyFactChange;
  now: Date;
}): Promise<{ value: boolean }> {
  const { facts } = await authorizeCase(db, session, reportId, "case.record-facts");
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findUnique({
      where: { id: facts.id },
      select: {
        alreadyPublic: true,
        remotelyExploitable: true,
        privilegeEscalation: true,
        mitigationAvailable: true,
        distributorDisclosureSkipped: true,
        mitigationAvailableAt: true,
        publicSince: true,
        distributorsNotifiedAt: true,
        updatedAt: true,
      },
    });
    if (!kase) throw new AppError(AppErrorCode.CONFLICT, "Accept the report as a case first.");
    const result = changePolicyFact(kase, change, {
      state: facts.state,
      changedBy: session.userId,
      now,
      distributorsNotifiedAt: kase.distributorsNotifiedAt,
    });
    if (!result.ok) throw new AppError(AppErrorCode.BAD_INPUT, result.reason, { field: change.fact });
    const { event } = result;
    // Scoped by the value the change was decided on: a concurrent change of the same fact wins.
    const changed = await tx.case.updateMany({
      where: { id: facts.id, [event.fact]: event.from },
      data: {
        [event.fact]: event.to,
        // The notice to users may come once a mitigation exists: remember when it first did.
        ...(event.fact === "mitigationAvailable" && event.to && kase.mitigationAvailableAt === null
          ? { mitigationAvailableAt: now }
          : {}),
        // When the case became public, for the metrics. Set once and kept if the fact is later set back to no: it
        // WAS public from then (a correction of a mistaken flag is in the audited fact changes, with its reason).
        ...(event.fact === "alreadyPublic" && event.to && kase.publicSince === null
          ? { publicSince: now }
          : {}),
      },
    });
    if (changed.count !== 1) {
      throw new AppError(AppErrorCode.CONFLICT, "Someone changed this fact meanwhile. Reload the case.");
    }
    if (event.fact === "alreadyPublic") {
      await tx.report.update({ where: { id: facts.id }, data: { alreadyPublic: event.to } });
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "case.fact_changed",
      subjectType: "report",
      subjectId: facts.id,
      data: {
        fact: event.fact,
        from: event.from,
        to: event.to,
        reason: event.reason,
        summary: event.summary,
      },
      occurredAt: now,
    });
    return { value: event.to };
  });
}
