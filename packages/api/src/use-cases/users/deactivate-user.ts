import { appendAuditEvent, type Db, Role } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { assertMayManagePeople, lockAdminSet, otherActiveAdmins, ZUserId } from "./people";

export const ZDeactivateUserInput = z.object({ userId: ZUserId });
export type TDeactivateUserInput = z.infer<typeof ZDeactivateUserInput>;

export const ZDeactivatedUser = z.object({ userId: z.string(), sessionsEnded: z.number().int() });
export type TDeactivatedUser = z.infer<typeof ZDeactivatedUser>;

/**
 * An admin switches an account off. Its sessions and pending sign-in links go in the same transaction, so the
 * person is signed out at their next request; the account and its history stay, and can be reactivated.
 */
export async function deactivateUser({
  db,
  admin,
  userId,
  now,
}: {
  db: Db;
  admin: SessionInfo;
  userId: string;
  now: Date;
}): Promise<TDeactivatedUser> {
  assertMayManagePeople(admin);
  if (userId === admin.userId) {
    throw new AppError(
      AppErrorCode.CONFLICT,
      "You cannot deactivate your own account: ask another admin to do it.",
    );
  }
  return db.$transaction(async (tx) => {
    await lockAdminSet(tx, admin);
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { active: true, email: true, roles: { select: { role: true } } },
    });
    if (!user) throw new AppError(AppErrorCode.NOT_FOUND, "There is no such account.");
    if (!user.active) throw new AppError(AppErrorCode.CONFLICT, "This account is already deactivated.");
    if (user.roles.some((r) => r.role === Role.ADMIN) && (await otherActiveAdmins(tx, userId)) === 0) {
      throw new AppError(
        AppErrorCode.CONFLICT,
        "This is the last active admin: make someone else an admin first.",
      );
    }
    // Scoped to what an admin may switch off: an active account that is not their own.
    await tx.user.updateMany({
      where: { id: userId, active: true, NOT: { id: admin.userId } },
      data: { active: false },
    });
    const { count } = await tx.session.deleteMany({ where: { userId } });
    await tx.verificationToken.deleteMany({ where: { identifier: user.email } });
    await appendAuditEvent(tx, {
      actorId: admin.userId,
      actorKind: "user",
      action: "user.deactivated",
      subjectType: "user",
      subjectId: userId,
      data: { sessionsEnded: count },
      occurredAt: now,
    });
    return { userId, sessionsEnded: count };
  });
}
