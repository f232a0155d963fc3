import type { Db } from "@disclose/db";
import { appendAuditEvent } from "@disclose/db";
import {
  encryptTotpSecret,
  hashRecoveryCode,
  matchTotpStep,
  newRecoveryCodes,
  openTotpSecret,
  type TTotpKeys,
} from "../../auth/totp";
import type { SessionInfo } from "../../context";
import { authSecrets } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import { completeRecoveryOnEnrolment } from "../recovery/complete-recovery";
import {
  assertSecondFactorNotBlocked,
  markSecondFactorPassed,
  recordSecondFactorFailure,
  type TRenewedSession,
} from "./second-factor-attempts";
import { unreadableAuthenticator } from "./verify-second-factor";

/**
 * Confirms a new authenticator with a code from it: the account now has a second factor, this session has
 * passed it (with a new token, see markSecondFactorPassed: the caller hands it to the browser), and the user
 * gets recovery codes, shown this once (only their hashes are kept).
 */
export async function confirmTotpEnrollment({
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
}): Promise<{ recoveryCodes: string[]; session: TRenewedSession }> {
  await assertSecondFactorNotBlocked(db, session.userId, now);
  const credential = await db.totpCredential.findUnique({ where: { userId: session.userId } });
  if (!credential || credential.confirmedAt) {
    throw new AppError(AppErrorCode.CONFLICT, "There is no new authenticator to confirm. Start again.");
  }
  // An enrolment started before AUTH_SECRET was rotated is still under the previous secret.
  const opened = openTotpSecret(credential.secretEncrypted, secrets);
  if (!opened) throw unreadableAuthenticator();
  const step = matchTotpStep(opened.secretBase32, code.trim(), now);
  if (step === null) return recordSecondFactorFailure(db, session.userId, now);

  const recoveryCodes = newRecoveryCodes();
  const renewed = await db.$transaction(async (tx) => {
    // Only if still unconfirmed: two tabs confirming at once must not both hand out recovery codes.
    const confirmed = await tx.totpCredential.updateMany({
      where: { userId: session.userId, confirmedAt: null },
      data: { confirmedAt: now, lastUsedStep: BigInt(step) },
    });
    if (confirmed.count !== 1) {
      throw new AppError(AppErrorCode.CONFLICT, "This authenticator was confirmed already.");
    }
    if (opened.under === "previous") {
      // Only if unchanged: `pnpm auth:rotate` may have re-encrypted it meanwhile.
      await tx.totpCredential.updateMany({
        where: { userId: session.userId, secretEncrypted: credential.secretEncrypted },
        data: { secretEncrypted: encryptTotpSecret(opened.secretBase32, secrets.current) },
      });
    }
    await tx.recoveryCode.deleteMany({ where: { userId: session.userId } });
    await tx.recoveryCode.createMany({
      data: recoveryCodes.map((c) => ({ userId: session.userId, codeHash: hashRecoveryCode(c) })),
    });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "auth.totp_enrolled",
      subjectType: "user",
      subjectId: session.userId,
      data: { recoveryCodes: recoveryCodes.length },
      occurredAt: now,
    });
    // After a recovery's approval this is the way back in: it completes it (or refuses when it lapsed).
    await completeRecoveryOnEnrolment(tx, { userId: session.userId, now });
    return markSecondFactorPassed(tx, {
      userId: session.userId,
      sessionId: session.sessionId,
      now,
      method: "totp",
    });
  });
  return { recoveryCodes, session: renewed };
}
