import type { Db, DbTx } from "@disclose/db";
import type { TFixLeadAssignment, TRotationMember } from "@disclose/domain";

/** The PST roster in rotation order (oldest members first), with who is out of office now. */
export async function loadRotationMembers(
  db: Db | DbTx,
  now: Date,
): Promise<(TRotationMember & { name: string })[]> {
  const members = await db.user.findMany({
    where: { active: true, roles: { some: { role: "PST_MEMBER" } } },
    orderBy: [{ createdAt: "asc" }, { email: "asc" }],
    select: { id: true, name: true, email: true, unavailableUntil: true },
  });
  return members.map((m) => ({
    id: m.id,
    name: m.name ?? m.email,
    available: m.unavailableUntil === null || m.unavailableUntil.getTime() <= now.getTime(),
  }));
}

/** The rotation's memory: only the latest pick matters to the domain (volunteers do not move the pointer). */
export async function loadRotationHistory(tx: DbTx): Promise<TFixLeadAssignment[]> {
  const last = await tx.fixLeadAssignment.findFirst({
    where: { reason: { not: "volunteer" } },
    orderBy: { seq: "desc" },
  });
  return last
    ? [
        {
          caseId: last.reportId,
          memberId: last.memberId,
          at: last.at,
          reason: last.reason as TFixLeadAssignment["reason"],
          previousMemberId: last.previousMemberId,
          note: last.note,
        },
      ]
    : [];
}

/** Records an assignment and makes its member the case's Fix Lead. */
export async function recordFixLeadAssignment(
  tx: DbTx,
  assignment: TFixLeadAssignment,
  byUserId: string,
): Promise<void> {
  await tx.fixLeadAssignment.create({
    data: {
      reportId: assignment.caseId,
      memberId: assignment.memberId,
      at: assignment.at,
      reason: assignment.reason,
      previousMemberId: assignment.previousMemberId,
      note: assignment.note,
      byUserId,
    },
  });
  await tx.report.update({ where: { id: assignment.caseId }, data: { fixLeadId: assignment.memberId } });
}
