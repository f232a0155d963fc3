import type { Db } from "@disclose/db";
import { z } from "zod";
import { RECOVERY_CODE_COUNT } from "../../auth/totp";
import type { SessionInfo } from "../../context";

export const ZSecondFactorSummary = z.object({
  /** When the authenticator app was set up (null: none yet, or only an unconfirmed one). */
  authenticatorConfirmedAt: z.date().nullable(),
  recoveryCodesLeft: z.number().int(),
  /** How many a fresh set has. */
  recoveryCodesTotal: z.number().int(),
  passkeys: z.number().int(),
});
export type TSecondFactorSummary = z.infer<typeof ZSecondFactorSummary>;

/** The caller's second factors at a glance: nothing secret, only dates and counts. */
export async function secondFactorSummary({
  db,
  session,
}: {
  db: Db;
  session: SessionInfo;
}): Promise<TSecondFactorSummary> {
  const [totp, recoveryCodesLeft, passkeys] = await Promise.all([
    db.totpCredential.findUnique({ where: { userId: session.userId }, select: { confirmedAt: true } }),
    db.recoveryCode.count({ where: { userId: session.userId, usedAt: null } }),
    db.passkeyCredential.count({ where: { userId: session.userId } }),
  ]);
  return {
    authenticatorConfirmedAt: totp?.confirmedAt ?? null,
    recoveryCodesLeft,
    recoveryCodesTotal: RECOVERY_CODE_COUNT,
    passkeys,
  };
}
