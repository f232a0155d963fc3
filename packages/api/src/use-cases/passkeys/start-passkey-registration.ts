import type { Db } from "@disclose/db";
import {
  type AuthenticatorTransportFuture,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
} from "@simplewebauthn/server";
import { issueChallenge, MAX_PASSKEYS_PER_ACCOUNT, relyingParty } from "../../auth/webauthn";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";

/**
 * Options for the browser to make a new passkey for the caller: a discoverable credential when the authenticator
 * can (so it may later sign in without an emailed link), never one they hold already.
 */
export async function startPasskeyRegistration({
  db,
  session,
  appUrl,
  now,
}: {
  db: Db;
  session: SessionInfo;
  appUrl: string;
  now: Date;
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await db.passkeyCredential.findMany({
    where: { userId: session.userId },
    select: { credentialId: true, transports: true },
  });
  if (existing.length >= MAX_PASSKEYS_PER_ACCOUNT) {
    throw new AppError(
      AppErrorCode.CONFLICT,
      `An account holds at most ${MAX_PASSKEYS_PER_ACCOUNT} passkeys. Remove one you no longer use first.`,
    );
  }
  const { rpID, rpName } = relyingParty(appUrl);
  const challenge = await issueChallenge(db, { purpose: "register", sessionId: session.sessionId, now });
  return generateRegistrationOptions({
    rpName,
    rpID,
    userName: session.email,
    userDisplayName: session.name ?? session.email,
    // The user handle a discoverable passkey returns when signing in: the account's id, nothing personal.
    userID: new TextEncoder().encode(session.userId),
    challenge,
    attestationType: "none",
    excludeCredentials: existing.map((c) => ({
      id: c.credentialId,
      transports: c.transports as AuthenticatorTransportFuture[],
    })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
  });
}
