import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import {
  encryptTotpSecret,
  hashRecoveryCode,
  newRecoveryCodes as makeRecoveryCodes,
  matchTotpStep,
  openTotpSecret,
  type TTotpKeys,
} from "../../auth/totp";
import type { SessionInfo } from "../../context";
import { authSecrets } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import { assertSecondFactorNotBlocked, recordSecondFactorFailure } from "../auth/second-factor-attempts";
import { unreadableAuthenticator } from "../auth/verify-second-factor";

export const ZNewRecoveryCodesInput = z.object({
  // Only a code from the authenticator app: a recovery code must not be what renews the recovery codes.
  code: z
    .string()
    .trim()
    .min(1, "Enter the code from your authenticator app.")
    .max(32, "That is longer than any code.")
    .regex(/^[0-9\s]+$/, "Enter the 6 digits your authenticator app shows."),
});
export type TNewRecoveryCodesInput = z.infer<typeof ZNewRecoveryCodesInput>;

export const ZNewRecoveryCodes = z.object({
  /** Shown this once: only their hashes are kept. */
  recoveryCodes: z.array(z.string()),
});
export type TNewRecoveryCodes = z.infer<typeof ZNewRecoveryCodes>;

/**
 * A fresh set of recovery codes in place of the old ones (all of them stop working), for a person who used some or
 * fears they were seen. Needs a right code from the authenticator app, counted and throttled exactly like the
 * second factor: a stolen session alone cannot mint codes that would let its thief pass the second factor later.
 */
export async function newRecoveryCodes({
  db,
  session,
  code,
  now,
  secrets = authSecrets(),
}: TNewRecoveryCodesInput & {
  db: Db;
  session: SessionInfo;
  now: Date;
  /** AUTH_SECRET and AUTH_SECRET_PREVIOUS unless a test passes others. */
  secrets?: TTotpKeys;
}): Promise<TNewRecoveryCodes> {
  await assertSecondFactorNotBlocked(db, session.userId, now);
  const credential = await db.totpCredential.findUnique({ where: { userId: session.userId } });
  if (!credential?.confirmedAt) {
    throw new AppError(
      AppErrorCode.CONFLICT,
      "Recovery codes come with an authenticator app. Set one up first.",
    );
  }
  const opened = openTotpSecret(credential.secretEncrypted, secrets);
  if (!opened) throw unreadableAuthenticator();
  const step = matchTotpStep(opened.secretBase32, code.replaceAll(/\s/g, ""), now);
  if (step === null) return recordSecondFactorFailure(db, session.userId, now);

  const recoveryCodes = makeRecoveryCodes();
  const renewed = await db.$transaction(async (tx) => {
    // A code is good once, here as at sign-in: only a later step than the last accepted one moves the marker.
    const moved = await tx.totpCredential.updateMany({
      where: {
        userId: session.userId,
        OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: BigInt(step) } }],
      },
      data: { lastUsedStep: BigInt(step) },
    });
    if (moved.count !== 1) return false;
    if (opened.under === "previous") {
      // Only if unchanged: `pnpm auth:rotate` may have re-encrypted it meanwhile.
      await tx.totpCredential.updateMany({
        where: { userId: session.userId, secretEncrypted: credential.secretEncrypted },
        data: { secretEncrypted: encryptTotpSecret(opened.secretBase32, secrets.current) },
      });
    }
    // A right code starts the count of wrong ones again, as passing the second factor does.
    await tx.user.update({
      where: { id: session.userId },
      data: { secondFactorFailures: 0, secondFactorBlockedUntil: null },
    });
    const { count: replaced } = await tx.recoveryCode.deleteMany({ where: { userId: session.userId } });
    await tx.recoveryCode.createMany({
      data: recoveryCodes.map((c) => ({ userId: session.userId, codeHash: hashRecoveryCode(c) })),
    });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "auth.recovery_codes_renewed",
      subjectType: "user",
      subjectId: session.userId,
      data: { recoveryCodes: recoveryCodes.length, replaced, sessionId: session.sessionId },
      occurredAt: now,
    });
    return true;
  });
  if (!renewed) return recordSecondFactorFailure(db, session.userId, now);
  return { recoveryCodes };
}
