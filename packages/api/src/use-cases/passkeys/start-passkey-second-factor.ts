import type { Db } from "@disclose/db";
import {
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { issueChallenge, relyingParty } from "../../auth/webauthn";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";

/** Options for the browser to prove the second factor with one of the account's passkeys. */
export async function startPasskeySecondFactor({
  db,
  session,
  appUrl,
  now,
}: {
  db: Db;
  session: SessionInfo;
  appUrl: string;
  now: Date;
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const passkeys = await db.passkeyCredential.findMany({
    where: { userId: session.userId },
    select: { credentialId: true, transports: true },
  });
  if (passkeys.length === 0) {
    throw new AppError(AppErrorCode.CONFLICT, "This account has no passkey. Use your authenticator app.");
  }
  const challenge = await issueChallenge(db, {
    purpose: "second-factor",
    sessionId: session.sessionId,
    now,
  });
  return generateAuthenticationOptions({
    rpID: relyingParty(appUrl).rpID,
    challenge,
    allowCredentials: passkeys.map((p) => ({
      id: p.credentialId,
      transports: p.transports as AuthenticatorTransportFuture[],
    })),
    userVerification: "preferred",
  });
}
