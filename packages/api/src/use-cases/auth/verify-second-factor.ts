import type { Db } from "@disclose/db";
import {
  encryptTotpSecret,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  matchTotpStep,
  openTotpSecret,
  type TTotpKeys,
} from "../../auth/totp";
import type { SessionInfo } from "../../context";
import { authSecrets } from "../../env";
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
 * While AUTH_SECRET is rotated, an authenticator still under AUTH_SECRET_PREVIOUS works too, and a right code
 * re-encrypts it under AUTH_SECRET in the same transaction.
 */
export async function verifySecondFactor({
  db,
  session,
  code,
  now,
  secrets = authSecrets(),
}: {
  db: Db;
  session: SessionInfo;
  code: string;
  now: Date;
  /** AUTH_SECRET and AUTH_SECRET_PREVIOUS unless a test passes others. */
  secrets?: TTotpKeys;
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
    const opened = openTotpSecret(credential.secretEncrypted, secrets);
    if (!opened) throw unreadableAuthenticator();
    const step = matchTotpStep(opened.secretBase32, typed, now);
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
      if (opened.under === "previous") {
        // Only if unchanged: `pnpm auth:rotate` or another sign-in may have re-encrypted it meanwhile.
        await tx.totpCredential.updateMany({
          where: { userId: session.userId, secretEncrypted: credential.secretEncrypted },
          data: { secretEncrypted: encryptTotpSecret(opened.secretBase32, secrets.current) },
        });
      }
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

/**
 * The stored authenticator opens with neither AUTH_SECRET nor AUTH_SECRET_PREVIOUS (the secret was changed
 * without keeping the old one as AUTH_SECRET_PREVIOUS, or the row was altered). Not the user's mistake, so not
 * counted as a wrong code; a recovery code still works.
 */
export function unreadableAuthenticator(): AppError {
  return new AppError(
    AppErrorCode.CONFLICT,
    "The server cannot read this account's authenticator. Use one of your recovery codes, or ask an administrator.",
  );
}
