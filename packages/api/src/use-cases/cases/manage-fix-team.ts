import { appendAuditEvent, type Db, type Prisma } from "@disclose/db";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase } from "./case-access";

/** Who can join a Fix Team: active accounts that are not only a distributor's. */
export const FIX_TEAM_ELIGIBLE = {
  active: true,
  OR: [{ distributorMembership: null }, { roles: { some: { role: { in: ["ADMIN", "PST_MEMBER"] } } } }],
} satisfies Prisma.UserWhereInput;

/**
 * The Fix Lead brings people onto the case's Fix Team, or takes them off ("identify relevant engineers …
 * these selected developers are the Fix Team"). Only active staff accounts (not distributors) can join.
 */
export async function setFixTeamMember({
  db,
  session,
  reportId,
  userId,
  member,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  userId: string;
  member: boolean;
  now: Date;
}): Promise<{ fixTeam: string[] }> {
  const { facts } = await authorizeCase(db, session, reportId, "case.manage-fix-team");
  return db.$transaction(async (tx) => {
    if (member) {
      if ((await tx.user.count({ where: { id: userId, ...FIX_TEAM_ELIGIBLE } })) === 0) {
        throw new AppError(
          AppErrorCode.BAD_INPUT,
          "Only an active security-team account can join a Fix Team.",
          {
            field: "userId",
          },
        );
      }
      if (userId === facts.fixLeadId) {
        throw new AppError(AppErrorCode.CONFLICT, "The Fix Lead leads the team already.", {
          field: "userId",
        });
      }
      await tx.caseMember.upsert({
        where: { reportId_userId: { reportId: facts.id, userId } },
        create: { reportId: facts.id, userId, addedAt: now, addedById: session.userId },
        update: {},
      });
    } else {
      await tx.caseMember.deleteMany({ where: { reportId: facts.id, userId } });
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: member ? "case.fix_team_member_added" : "case.fix_team_member_removed",
      subjectType: "report",
      subjectId: facts.id,
      data: { userId },
      occurredAt: now,
    });
    const members = await tx.caseMember.findMany({ where: { reportId: facts.id }, select: { userId: true } });
    return { fixTeam: members.map((m) => m.userId) };
  });
}
