import { appendAuditEvent, type Db } from "@disclose/db";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";

/** An admin ends every session of another account: its next request is signed out. */
export async function revokeUserSessions({
  db,
  admin,
  userId,
  now,
}: {
  db: Db;
  admin: SessionInfo;
  userId: string;
  now: Date;
}): Promise<{ sessionsEnded: number }> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) throw new AppError(AppErrorCode.NOT_FOUND, "There is no such account.");
    const { count } = await tx.session.deleteMany({ where: { userId } });
    await appendAuditEvent(tx, {
      actorId: admin.userId,
      actorKind: "user",
      action: "session.revoked_by_admin",
      subjectType: "user",
      subjectId: userId,
      data: { sessionsEnded: count },
      occurredAt: now,
    });
    return { sessionsEnded: count };
  });
}
