import { appendAuditEvent, type Db } from "@disclose/db";
import { isRecoveryOpen, recoveryState } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { displayName } from "../users/display-name";
import {
  cancellerNames,
  lockRecovery,
  mayCancelAny,
  notifyMember,
  recoveryView,
  type TRecovery,
  ZRecoveryId,
} from "./recovery";

export const ZCancelRecoveryInput = z.object({ recoveryId: ZRecoveryId });
export type TCancelRecoveryInput = z.infer<typeof ZCancelRecoveryInput>;

/**
 * Cancels an open recovery: the person's own (`as: "member"`, scoped to their account) or anyone's by an admin
 * (a request the person says they never made). Cancelling an approved one also closes the window to enrol a new
 * factor (see mayEnrolAfterRecovery): the person asks again.
 */
export async function cancelRecovery({
  db,
  session,
  recoveryId,
  as,
  adminUrl,
  now,
}: TCancelRecoveryInput & {
  db: Db;
  session: SessionInfo;
  as: "member" | "admin";
  adminUrl: string;
  now: Date;
}): Promise<TRecovery> {
  if (as === "admin" && !mayCancelAny(session)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only an admin can cancel someone else's recovery.");
  }
  return db.$transaction(async (tx) => {
    const row = await lockRecovery(tx, recoveryId, as === "member" ? { userId: session.userId } : {});
    const state = recoveryState(row, now);
    if (!isRecoveryOpen(state)) {
      throw new AppError(
        AppErrorCode.CONFLICT,
        `This recovery is ${state} already: there is nothing to cancel.`,
      );
    }
    await tx.accountRecovery.updateMany({
      where: { id: row.id, userId: row.userId, completedAt: null, cancelledAt: null },
      data: { cancelledAt: now, cancelledById: session.userId },
    });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "recovery.cancelled",
      subjectType: "user",
      subjectId: row.userId,
      data: { recoveryId: row.id, was: state, by: as },
      occurredAt: now,
    });
    const byOther = session.userId !== row.userId;
    await notifyMember(tx, {
      to: row.user.email,
      adminUrl,
      event: "cancelled",
      by: byOther ? displayName({ name: session.name, email: session.email }) : undefined,
    });
    const names = await cancellerNames(tx, [{ ...row, cancelledById: session.userId }]);
    return recoveryView({ ...row, cancelledAt: now, cancelledById: session.userId }, now, names);
  });
}
