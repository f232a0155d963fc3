import { appendAuditEvent, type Db } from "@disclose/db";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase } from "../cases/case-access";

/**
 * Marks the retrospective done (the milestone 1–3 days after release; its notes are the case's notes on the topic
 * "retrospective"). The Fix Lead's, only after the release and before the case closes; once.
 */
export async function completeRetrospective({
  db,
  session,
  reportId,
  now,
  caseNow,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  /** The wall clock, for the audit log. */
  now: Date;
  /** The case clock: when the milestone is done. */
  caseNow: Date;
}): Promise<{ retrospectiveAt: Date }> {
  const { facts } = await authorizeCase(db, session, reportId, "transition:release");
  if (facts.state !== "released") {
    throw new AppError(
      AppErrorCode.CONFLICT,
      facts.state === "closed"
        ? "The case is closed: its retrospective can no longer be marked done."
        : "The retrospective comes after the release.",
    );
  }
  return db.$transaction(async (tx) => {
    // Scoped by the case and by what makes it possible: released, not done yet. A second click changes nothing.
    const changed = await tx.case.updateMany({
      where: { id: facts.id, releasedAt: { not: null }, retrospectiveAt: null },
      data: { retrospectiveAt: caseNow },
    });
    if (changed.count !== 1) {
      const kase = await tx.case.findUnique({ where: { id: facts.id }, select: { retrospectiveAt: true } });
      if (kase?.retrospectiveAt) {
        throw new AppError(AppErrorCode.CONFLICT, "The retrospective is already marked done.");
      }
      throw new AppError(AppErrorCode.CONFLICT, "The retrospective comes after the release.");
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "case.retrospective_completed",
      subjectType: "report",
      subjectId: facts.id,
      data: { at: caseNow.toISOString() },
      occurredAt: now,
    });
    return { retrospectiveAt: caseNow };
  });
}
