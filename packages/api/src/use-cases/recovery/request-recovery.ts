import { appendAuditEvent, type Db, Role, txQuery } from "@disclose/db";
import {
  DAY_MS,
  hasControlCharactersInText,
  isRecoveryOpen,
  mayEnrolAfterRecovery,
  RECOVERY_REASON_MAX_CHARS,
  RECOVERY_REQUESTS_PER_DAY,
  recoveryRequestExpiry,
  recoveryState,
} from "@disclose/domain";
import { enqueueEmails, renderEmail } from "@disclose/email";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { displayName } from "../users/display-name";
import { notifyMember, RECOVERY_SELECT, recoveryView, type TRecovery } from "./recovery";

export const ZRequestRecoveryInput = z.object({
  reason: z
    .string()
    .trim()
    .min(1, "Say what happened, so the approvers can check it with you (a lost phone, a reset laptop…).")
    .max(RECOVERY_REASON_MAX_CHARS, `Keep the reason under ${RECOVERY_REASON_MAX_CHARS} characters.`)
    .refine((text) => !hasControlCharactersInText(text), "The reason cannot contain control characters."),
});
export type TRequestRecoveryInput = z.infer<typeof ZRequestRecoveryInput>;

/**
 * Asks for recovery of the signed-in account, from a session that has not passed the second factor (one that has
 * needs no recovery, and must not be able to remove the factors it passed). One open request per person; the
 * person and every other admin and PST member are told, so a request made by whoever reads the mailbox is seen.
 */
export async function requestRecovery({
  db,
  session,
  reason,
  adminUrl,
  now,
}: TRequestRecoveryInput & {
  db: Db;
  session: SessionInfo;
  adminUrl: string;
  now: Date;
}): Promise<TRecovery> {
  if (session.secondFactorPassed) {
    throw new AppError(
      AppErrorCode.FORBIDDEN,
      "This session passed the second factor: you need no recovery. Manage your second factors on your account page.",
    );
  }
  return db.$transaction(async (tx) => {
    // Serialises one person's requests: two tabs asking at once must leave one open request, not two.
    await txQuery(tx, "SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE", [session.userId]);
    const user = await tx.user.findUniqueOrThrow({
      where: { id: session.userId },
      select: {
        id: true,
        name: true,
        email: true,
        totp: { select: { confirmedAt: true } },
        _count: { select: { passkeys: true, recoveryCodes: true } },
      },
    });
    const recent = await tx.accountRecovery.findMany({
      where: { userId: session.userId },
      orderBy: { requestedAt: "desc" },
      take: 20,
      select: {
        id: true,
        requestedAt: true,
        expiresAt: true,
        approvedAt: true,
        completedAt: true,
        cancelledAt: true,
      },
    });
    const hasFactor =
      Boolean(user.totp?.confirmedAt) || user._count.passkeys > 0 || user._count.recoveryCodes > 0;
    const latestApproved = recent.find((r) => r.approvedAt !== null) ?? null;
    // No factor and no lapsed recovery: a new account, which sets up its authenticator on the page it is on.
    if (!hasFactor && mayEnrolAfterRecovery(latestApproved, now)) {
      throw new AppError(
        AppErrorCode.CONFLICT,
        "Your account has no second factor to recover: set up an authenticator on this page instead.",
      );
    }
    for (const r of recent) {
      const state = recoveryState(r, now);
      if (isRecoveryOpen(state)) {
        throw new AppError(
          AppErrorCode.CONFLICT,
          state === "approved"
            ? "Your recovery is approved already: set up a new authenticator on this page."
            : "You asked for recovery already. Wait for the approvals, or cancel that request first.",
        );
      }
      // A lapsed request is closed here, so the history shows how it ended.
      if (state === "expired" && r.completedAt === null && r.cancelledAt === null) {
        await tx.accountRecovery.updateMany({
          where: { id: r.id, userId: session.userId, completedAt: null, cancelledAt: null },
          data: { cancelledAt: now },
        });
        await appendAuditEvent(tx, {
          actorKind: "system",
          action: "recovery.cancelled",
          subjectType: "user",
          subjectId: session.userId,
          data: { recoveryId: r.id, why: "expired" },
          occurredAt: now,
        });
      }
    }
    // Each request mails every approver: a few a day is plenty for a person who lost their phone.
    const today = recent.filter((r) => r.requestedAt.getTime() > now.getTime() - DAY_MS).length;
    if (today >= RECOVERY_REQUESTS_PER_DAY) {
      throw new AppError(
        AppErrorCode.RATE_LIMITED,
        `You asked for recovery ${today} times today. Ask an admin directly, or try again tomorrow.`,
      );
    }

    const created = await tx.accountRecovery.create({
      data: { userId: session.userId, reason, requestedAt: now, expiresAt: recoveryRequestExpiry(now) },
      select: RECOVERY_SELECT,
    });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "recovery.requested",
      subjectType: "user",
      subjectId: session.userId,
      data: { recoveryId: created.id, expiresAt: created.expiresAt.toISOString() },
      occurredAt: now,
    });
    await notifyMember(tx, { to: user.email, adminUrl, event: "requested", expiresAt: created.expiresAt });
    const approvers = await tx.user.findMany({
      where: {
        id: { not: session.userId },
        active: true,
        roles: { some: { role: { in: [Role.ADMIN, Role.PST_MEMBER] } } },
      },
      select: { email: true },
      orderBy: { email: "asc" },
    });
    const mail = renderEmail("recoveryApprovalRequest", {
      memberName: displayName(user),
      memberEmail: user.email,
      requestedAt: now,
      expiresAt: created.expiresAt,
      recoveriesUrl: `${adminUrl}/recoveries`,
    });
    await enqueueEmails(
      tx,
      approvers.map((a) => ({ to: a.email, ...mail })),
    );
    return recoveryView(created, now, new Map());
  });
}
