import type { Db } from "@disclose/db";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { takeChallenge } from "../../auth/webauthn";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import {
  assertSecondFactorNotBlocked,
  markSecondFactorPassed,
  recordSecondFactorFailure,
  type TRenewedSession,
} from "../auth/second-factor-attempts";
import { checkPasskeyAssertion } from "./check-passkey-assertion";

/**
 * Passes this session through the second factor with one of the account's passkeys. Throttled and audited as an
 * authenticator code is: a refused answer counts as a wrong code, and while the account waits after wrong codes
 * no passkey is looked at either. The session gets a new token (see markSecondFactorPassed).
 */
export async function verifyPasskeySecondFactor({
  db,
  session,
  appUrl,
  now,
  response,
}: {
  db: Db;
  session: SessionInfo;
  appUrl: string;
  now: Date;
  response: AuthenticationResponseJSON;
}): Promise<{ session: TRenewedSession }> {
  await assertSecondFactorNotBlocked(db, session.userId, now);
  const challenge = await takeChallenge(db, {
    clientDataJSON: response.response.clientDataJSON,
    purpose: "second-factor",
    sessionId: session.sessionId,
    now,
  });
  const passkey = await db.passkeyCredential.findFirst({
    where: { credentialId: response.id, userId: session.userId },
  });
  const renewed = passkey
    ? await db.$transaction(async (tx) => {
        const ok = await checkPasskeyAssertion(tx, {
          passkey,
          response,
          challenge,
          appUrl,
          requireUserVerification: false,
          now,
        });
        if (!ok) return null;
        return markSecondFactorPassed(tx, {
          userId: session.userId,
          sessionId: session.sessionId,
          now,
          method: "passkey",
        });
      })
    : null;
  if (renewed) return { session: renewed };
  return recordSecondFactorFailure(db, session.userId, now).catch((error: unknown): never => {
    // The same count and wait as a wrong code; only the words differ.
    if (error instanceof AppError && error.code === AppErrorCode.BAD_INPUT) {
      throw new AppError(
        AppErrorCode.BAD_INPUT,
        "That passkey was not accepted. Try again, or enter a code from your authenticator app.",
      );
    }
    throw error;
  });
}
