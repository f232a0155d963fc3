import type { Db } from "@disclose/db";
import { decryptTotpSecret, hashRecoveryCode, looksLikeRecoveryCode, matchTotpStep } from "../../auth/totp";
import type { SessionInfo } from "../../context";
import { authSecret } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import {
  assertSecondFactorNotBlocked,
  markSecondFactorPassed,
  recordSecondFactorFailure,
  type TRenewedSession,
} from "./second-factor-attempts";

/**
 * Passes this session through the second factor with a code from the account's authenticator, or with one
 * of its recovery codes (each works once). Wrong codes are counted and slow further attempts down. The session
 * that passed has a new token (see markSecondFactorPassed): the caller hands it to the browser.
 */
export async function verifySecondFactor({
  db,
  session,
  code,
  now,
}: {
  db: Db;
  session: SessionInfo;
  code: string;
  now: Date;
}): Promise<{
  method: "totp" | "recovery-code";
  recoveryCodesLeft: number | null;
  session: TRenewedSession;
}> {
  await assertSecondFactorNotBlocked(db, session.userId, now);
  const credential = await db.totpCredential.findUnique({ where: { userId: session.userId } });
  if (!credential?.confirmedAt) {
    throw new AppError(AppErrorCode.CONFLICT, "Set up an authenticator for this account first.");
  }
  const typed = code.trim();
  if (/^\d{6}$/.test(typed)) {
    const step = matchTotpStep(decryptTotpSecret(credential.secretEncrypted, authSecret()), typed, now);
    if (step === null) return recordSecondFactorFailure(db, session.userId, now);
    const passed = await db.$transaction(async (tx) => {
      // A code is good once: only a later step than the last accepted one moves the marker.
      const moved = await tx.totpCredential.updateMany({
        where: {
          userId: session.userId,
          OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: BigInt(step) } }],
        },
        data: { lastUsedStep: BigInt(step) },
      });
      if (moved.count !== 1) return null;
      return markSecondFactorPassed(tx, {
        userId: session.userId,
        sessionId: session.sessionId,
        now,
        method: "totp",
      });
    });
    if (!passed) return recordSecondFactorFailure(db, session.userId, now);
    return { method: "totp", recoveryCodesLeft: null, session: passed };
  }
  if (!looksLikeRecoveryCode(typed)) return recordSecondFactorFailure(db, session.userId, now);
  const passed = await db.$transaction(async (tx) => {
    const used = await tx.recoveryCode.updateMany({
      where: { userId: session.userId, codeHash: hashRecoveryCode(typed), usedAt: null },
      data: { usedAt: now },
    });
    if (used.count !== 1) return null;
    const renewed = await markSecondFactorPassed(tx, {
      userId: session.userId,
      sessionId: session.sessionId,
      now,
      method: "recovery-code",
    });
    const left = await tx.recoveryCode.count({ where: { userId: session.userId, usedAt: null } });
    return { left, renewed };
  });
  if (passed === null) return recordSecondFactorFailure(db, session.userId, now);
  return { method: "recovery-code", recoveryCodesLeft: passed.left, session: passed.renewed };
}
