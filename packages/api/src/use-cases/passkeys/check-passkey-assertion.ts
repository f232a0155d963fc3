import type { DbTx } from "@disclose/db";
import { type AuthenticationResponseJSON, verifyAuthenticationResponse } from "@simplewebauthn/server";
import { relyingParty } from "../../auth/webauthn";

export interface TStoredPasskey {
  id: string;
  userId: string;
  credentialId: string;
  publicKey: Uint8Array;
  counter: bigint;
  transports: string[];
}

/**
 * Checks a passkey's signature over the challenge it was given, for this app's origin and host, and moves its
 * counter on (in the caller's transaction). A counter that goes back means a cloned authenticator: refused.
 * False for any answer that does not check out, whatever the reason (the reason helps only an attacker).
 */
export async function checkPasskeyAssertion(
  tx: DbTx,
  {
    passkey,
    response,
    challenge,
    appUrl,
    requireUserVerification,
    now,
  }: {
    passkey: TStoredPasskey;
    response: AuthenticationResponseJSON;
    challenge: string;
    appUrl: string;
    requireUserVerification: boolean;
    now: Date;
  },
): Promise<boolean> {
  const { rpID, origin } = relyingParty(appUrl);
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification,
    credential: {
      id: passkey.credentialId,
      publicKey: new Uint8Array(passkey.publicKey),
      counter: Number(passkey.counter),
    },
  }).catch(() => null);
  if (!verification?.verified) return false;
  // Only if the counter is still what was checked: two answers racing cannot both pass with one counter value.
  const moved = await tx.passkeyCredential.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: { counter: BigInt(verification.authenticationInfo.newCounter), lastUsedAt: now },
  });
  return moved.count === 1;
}
