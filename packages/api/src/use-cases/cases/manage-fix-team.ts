import { appendAuditEvent, type Db, type Prisma } from "@disclose/db";
import { type AccountRoles, mayJoinFixTeam } from "@disclose/domain";
import { accountRolesFrom } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { recordFixTeamFormed } from "../case-workflow/mark-fix-team-formed";
import { assertFixTeamOpen, authorizeCase } from "./case-access";

/**
 * The accounts the domain's mayJoinFixTeam accepts, as a query for the candidate list: active, and either a PST
 * member or an account with no admin and no distributor side (an engineer). An admin without the PST role holds no
 * case content, so is not offered. A test checks this filter and the rule agree on every kind of account.
 */
export const FIX_TEAM_ELIGIBLE = {
  active: true,
  OR: [
    { roles: { some: { role: "PST_MEMBER" } } },
    { roles: { none: { role: { in: ["ADMIN", "DISTRIBUTOR_MEMBER"] } } }, distributorMembership: null },
  ],
} satisfies Prisma.UserWhereInput;

/** What the domain needs to know of a user row: its staff roles, and whether it speaks for a distributor. */
export function accountRolesOf(user: {
  roles: readonly { role: string }[];
  distributorMembership: unknown;
}): AccountRoles {
  return accountRolesFrom({
    roles: user.roles.map((r) => r.role),
    hasDistributorMembership: user.distributorMembership != null,
  });
}

/**
 * The Fix Lead brings people onto the case's Fix Team, or takes them off ("identify relevant engineers …
 * these selected developers are the Fix Team"). Only people who may hold case content can join (mayJoinFixTeam).
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
  assertFixTeamOpen(facts);
  return db.$transaction(async (tx) => {
    if (member) {
      const user = await tx.user.findUnique({
        where: { id: userId },
        select: {
          active: true,
          roles: { select: { role: true } },
          distributorMembership: { select: { userId: true } },
        },
      });
      if (!user) {
        throw new AppError(AppErrorCode.BAD_INPUT, "There is no such account.", { field: "userId" });
      }
      const eligibility = mayJoinFixTeam({ ...accountRolesOf(user), active: user.active });
      if (!eligibility.ok) {
        throw new AppError(AppErrorCode.BAD_INPUT, eligibility.reason, { field: "userId" });
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
      // The first engineer brought in forms the Fix Team (the policy's 24-hour milestone).
      await recordFixTeamFormed(tx, facts.id, now);
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
