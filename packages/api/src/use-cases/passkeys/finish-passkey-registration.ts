import type { Db } from "@disclose/db";
import { verifyRegistrationResponse } from "@simplewebauthn/server";
import { z } from "zod";
import {
  MAX_PASSKEYS_PER_ACCOUNT,
  relyingParty,
  takeChallenge,
  ZRegistrationResponse,
} from "../../auth/webauthn";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { isUniqueViolation } from "../users/people";
import { listMyPasskeys, type TMyPasskeys } from "./list-my-passkeys";
import { recordPasskeyChange } from "./passkey-notice";

export const ZPasskeyName = z
  .string()
  .trim()
  .min(1, "Give the passkey a name you will recognise, such as “YubiKey” or “Work laptop”.")
  .max(64, "Keep the name to 64 characters.");

export const ZFinishPasskeyRegistrationInput = z.object({
  name: ZPasskeyName,
  response: ZRegistrationResponse,
});
export type TFinishPasskeyRegistrationInput = z.infer<typeof ZFinishPasskeyRegistrationInput>;

/**
 * Stores the passkey the browser made, once its answer checks out against a challenge this session was given
 * (once, unexpired) and against this app's origin and host. Audited, and the person is told by email.
 */
export async function finishPasskeyRegistration({
  db,
  session,
  appUrl,
  now,
  input,
}: {
  db: Db;
  session: SessionInfo;
  appUrl: string;
  now: Date;
  input: TFinishPasskeyRegistrationInput;
}): Promise<TMyPasskeys> {
  const challenge = await takeChallenge(db, {
    clientDataJSON: input.response.response.clientDataJSON,
    purpose: "register",
    sessionId: session.sessionId,
    now,
  });
  const { rpID, origin } = relyingParty(appUrl);
  const verification = await verifyRegistrationResponse({
    response: input.response,
    expectedChallenge: challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    // A security key without a PIN is still a second factor; signing in with a passkey alone requires it.
    requireUserVerification: false,
  }).catch(() => ({ verified: false as const }));
  if (!verification.verified) {
    throw new AppError(AppErrorCode.BAD_INPUT, "The passkey's answer did not check out. Try again.");
  }
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  try {
    await db.$transaction(async (tx) => {
      const count = await tx.passkeyCredential.count({ where: { userId: session.userId } });
      if (count >= MAX_PASSKEYS_PER_ACCOUNT) {
        throw new AppError(
          AppErrorCode.CONFLICT,
          `An account holds at most ${MAX_PASSKEYS_PER_ACCOUNT} passkeys.`,
        );
      }
      const passkey = await tx.passkeyCredential.create({
        data: {
          userId: session.userId,
          credentialId: credential.id,
          publicKey: Buffer.from(credential.publicKey),
          counter: BigInt(credential.counter),
          transports: credential.transports ?? [],
          name: input.name,
          deviceType: credentialDeviceType,
          backedUp: credentialBackedUp,
          createdAt: now,
        },
        select: { id: true, name: true },
      });
      await recordPasskeyChange(tx, { userId: session.userId, change: "added", passkey, now });
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(AppErrorCode.CONFLICT, "This passkey is registered already.");
    }
    throw error;
  }
  return listMyPasskeys({ db, session });
}
