import type { Db } from "@disclose/db";
import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { issueChallenge, relyingParty } from "../../auth/webauthn";
import { consumeRateLimit, countersFor, RATE_LIMITS } from "../rate-limits/consume-rate-limit";

/**
 * Options for signing in with a passkey alone: no account is named (the browser offers the passkeys it holds for
 * this site), and the authenticator must verify the person (PIN or biometrics).
 */
export async function startPasskeySignIn({
  db,
  appUrl,
  clientIp,
  now,
}: {
  db: Db;
  appUrl: string;
  clientIp: string;
  now: Date;
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  await consumeRateLimit({ db, counters: countersFor(RATE_LIMITS.passkeySignInPerClient, clientIp), now });
  const challenge = await issueChallenge(db, { purpose: "sign-in", sessionId: null, now });
  return generateAuthenticationOptions({
    rpID: relyingParty(appUrl).rpID,
    challenge,
    userVerification: "required",
  });
}
