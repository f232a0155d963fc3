import { appendAuditEvent, type Db } from "@disclose/db";
import {
  approvalCapacity,
  isApprovalComplete,
  recoveryEnrolmentExpiry,
  recoveryState,
} from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { displayName } from "../users/display-name";
import {
  approvalRefs,
  assertMayApprove,
  cancellerNames,
  lockRecovery,
  notifyMember,
  RECOVERY_SELECT,
  recoveryForApprover,
  type TRecoveryForApprover,
  ZRecoveryId,
} from "./recovery";

export const ZApproveRecoveryInput = z.object({
  recoveryId: ZRecoveryId,
  /** The approver ticked "I confirmed with them, by a call or in person, that they asked for this". */
  confirmedWithPerson: z.literal(true, {
    error: "Confirm with the person, by a call or in person, that they asked for this, and tick the box.",
  }),
});
export type TApproveRecoveryInput = z.infer<typeof ZApproveRecoveryInput>;

/**
 * One approval of a recovery, in the capacity the domain gives the approver. The second one (an admin's and a PST
 * member's, by two different people) removes the member's second factors in the same transaction: their
 * authenticator, passkeys and recovery codes go, the guessing throttle is reset, and every session that had passed
 * them is ended. Sessions still waiting on the second factor stay, so the person enrols from the page they are on.
 */
export async function approveRecovery({
  db,
  session,
  recoveryId,
  adminUrl,
  now,
}: Omit<TApproveRecoveryInput, "confirmedWithPerson"> & {
  db: Db;
  session: SessionInfo;
  adminUrl: string;
  now: Date;
}): Promise<TRecoveryForApprover> {
  assertMayApprove(session);
  return db.$transaction(async (tx) => {
    const row = await lockRecovery(tx, recoveryId);
    const member = await tx.user.findUniqueOrThrow({ where: { id: row.userId }, select: { active: true } });
    if (!member.active) {
      throw new AppError(
        AppErrorCode.CONFLICT,
        "This account is deactivated: reactivate it before recovering it.",
      );
    }
    const answer = approvalCapacity({
      requesterId: row.userId,
      approverId: session.userId,
      approverRoles: session.roles,
      approvals: approvalRefs(row),
      state: recoveryState(row, now),
    });
    if (!answer.ok) {
      const who = answer.refusal === "self" || answer.refusal === "role";
      throw new AppError(who ? AppErrorCode.FORBIDDEN : AppErrorCode.CONFLICT, answer.reason);
    }
    await tx.accountRecoveryApproval.create({
      data: { recoveryId: row.id, approverId: session.userId, capacity: answer.capacity, approvedAt: now },
    });
    const approvals = [...approvalRefs(row), { approverId: session.userId, capacity: answer.capacity }];
    const complete = isApprovalComplete(approvals);
    let removed: Record<string, number> = {};
    if (complete) {
      const userId = row.userId;
      const totp = await tx.totpCredential.deleteMany({ where: { userId } });
      const passkeys = await tx.passkeyCredential.deleteMany({ where: { userId } });
      const codes = await tx.recoveryCode.deleteMany({ where: { userId } });
      await tx.user.update({
        where: { id: userId },
        // With no passkey left, signing in with one cannot stay the way in: the emailed link is again.
        data: { secondFactorFailures: 0, secondFactorBlockedUntil: null, passkeySignIn: false },
      });
      // Whoever held a passed session (perhaps the one who took the phone) is out; a waiting one may enrol.
      const sessions = await tx.session.deleteMany({ where: { userId, secondFactorAt: { not: null } } });
      await tx.accountRecovery.updateMany({
        where: { id: row.id, userId, approvedAt: null, completedAt: null, cancelledAt: null },
        data: { approvedAt: now, expiresAt: recoveryEnrolmentExpiry(now) },
      });
      removed = {
        authenticators: totp.count,
        passkeys: passkeys.count,
        recoveryCodes: codes.count,
        sessionsEnded: sessions.count,
      };
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "recovery.approved",
      subjectType: "user",
      subjectId: row.userId,
      data: {
        recoveryId: row.id,
        capacity: answer.capacity,
        approvals: approvals.length,
        complete,
        ...removed,
      },
      occurredAt: now,
    });
    const after = await tx.accountRecovery.findUniqueOrThrow({
      where: { id: row.id },
      select: RECOVERY_SELECT,
    });
    await notifyMember(tx, {
      to: row.user.email,
      adminUrl,
      event: complete ? "approved" : "approval",
      by: displayName({ name: session.name, email: session.email }),
      capacity: answer.capacity,
      expiresAt: after.expiresAt,
    });
    return recoveryForApprover(after, session, now, await cancellerNames(tx, [after]));
  });
}
