import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { assertMayManagePeople, ZUserId } from "./people";

export const ZReactivateUserInput = z.object({ userId: ZUserId });
export type TReactivateUserInput = z.infer<typeof ZReactivateUserInput>;

export const ZReactivatedUser = z.object({ userId: z.string() });
export type TReactivatedUser = z.infer<typeof ZReactivatedUser>;

/** An admin switches a deactivated account back on; the person signs in again as usual (link + authenticator). */
export async function reactivateUser({
  db,
  admin,
  userId,
  now,
}: {
  db: Db;
  admin: SessionInfo;
  userId: string;
  now: Date;
}): Promise<TReactivatedUser> {
  assertMayManagePeople(admin);
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, active: false },
      data: { active: true },
    });
    if (count !== 1) {
      const exists = await tx.user.count({ where: { id: userId } });
      if (!exists) throw new AppError(AppErrorCode.NOT_FOUND, "There is no such account.");
      throw new AppError(AppErrorCode.CONFLICT, "This account is already active.");
    }
    await appendAuditEvent(tx, {
      actorId: admin.userId,
      actorKind: "user",
      action: "user.reactivated",
      subjectType: "user",
      subjectId: userId,
      occurredAt: now,
    });
    return { userId };
  });
}
