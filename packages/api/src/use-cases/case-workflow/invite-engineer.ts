import { appendAuditEvent, type Db } from "@disclose/db";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { assertFixTeamOpen, authorizeCase } from "../cases/case-access";
import { isUniqueViolation, ZEmailAddress, ZPersonName } from "../users/people";
import { recordFixTeamFormed } from "./mark-fix-team-formed";

export const ZInviteEngineerInput = z.object({ email: ZEmailAddress, name: ZPersonName });
export type TInviteEngineerInput = z.infer<typeof ZInviteEngineerInput>;

const hasAccount = () =>
  new AppError(
    AppErrorCode.CONFLICT,
    "This address already has an account: choose the person from the list of engineers instead.",
    { field: "email" },
  );

/**
 * The Fix Lead brings in an engineer who has no account yet ("identify relevant engineers … and CC them"): an
 * account without roles is made, put on this case's Fix Team only, and told by email where to sign in (nothing
 * about the case). They read the case once they have set up a key and someone who reads it grants it to them.
 */
export async function inviteEngineer({
  db,
  session,
  reportId,
  input,
  adminUrl,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  input: TInviteEngineerInput;
  adminUrl: string;
  now: Date;
}): Promise<{ userId: string }> {
  const { facts } = await authorizeCase(db, session, reportId, "case.manage-fix-team");
  assertFixTeamOpen(facts);
  try {
    return await db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } }))
        throw hasAccount();
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, createdAt: now },
        select: { id: true },
      });
      await tx.caseMember.create({
        data: { reportId: facts.id, userId: user.id, addedAt: now, addedById: session.userId },
      });
      await recordFixTeamFormed(tx, facts.id, now);
      await enqueueEmail(tx, {
        to: input.email,
        ...renderEmail("invitation", { name: input.name, email: input.email, adminUrl }),
      });
      await appendAuditEvent(tx, {
        actorId: session.userId,
        actorKind: "user",
        action: "user.invited",
        subjectType: "user",
        subjectId: user.id,
        data: { roles: [], forCase: facts.id },
        occurredAt: now,
      });
      await appendAuditEvent(tx, {
        actorId: session.userId,
        actorKind: "user",
        action: "case.fix_team_member_added",
        subjectType: "report",
        subjectId: facts.id,
        data: { userId: user.id, invited: true },
        occurredAt: now,
      });
      return { userId: user.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw hasAccount();
    throw error;
  }
}
