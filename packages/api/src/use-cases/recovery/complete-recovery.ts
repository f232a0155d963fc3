import { appendAuditEvent, type DbTx } from "@disclose/db";
import { mayEnrolAfterRecovery } from "@disclose/domain";
import { apiEnv } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import { notifyMember } from "./recovery";

/**
 * Called inside the transaction that confirms a new authenticator. When the person's factors were removed by a
 * recovery, enrolling is allowed only while that recovery is approved and unexpired (else whoever signs in with
 * a link could enrol), and enrolling completes it.
 */
export async function completeRecoveryOnEnrolment(
  tx: DbTx,
  { userId, now, adminUrl = apiEnv().ADMIN_URL }: { userId: string; now: Date; adminUrl?: string },
): Promise<void> {
  const latest = await tx.accountRecovery.findFirst({
    where: { userId, approvedAt: { not: null } },
    orderBy: { approvedAt: "desc" },
    select: {
      id: true,
      expiresAt: true,
      approvedAt: true,
      completedAt: true,
      cancelledAt: true,
      user: { select: { email: true } },
    },
  });
  if (!latest || latest.completedAt !== null) return;
  if (!mayEnrolAfterRecovery(latest, now)) {
    throw new AppError(
      AppErrorCode.CONFLICT,
      "Your account recovery lapsed or was cancelled before you set up a new authenticator. Ask for recovery again.",
    );
  }
  const done = await tx.accountRecovery.updateMany({
    where: { id: latest.id, userId, completedAt: null, cancelledAt: null, expiresAt: { gt: now } },
    data: { completedAt: now },
  });
  if (done.count !== 1) return;
  await appendAuditEvent(tx, {
    actorId: userId,
    actorKind: "user",
    action: "recovery.completed",
    subjectType: "user",
    subjectId: userId,
    data: { recoveryId: latest.id },
    occurredAt: now,
  });
  await notifyMember(tx, { to: latest.user.email, adminUrl, event: "completed" });
}
