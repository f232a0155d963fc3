import { appendAuditEvent, type Db } from "@disclose/db";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { SESSION_MAX_AGE_S } from "../../auth/next-auth";
import { hashSessionToken, newSessionToken } from "../../auth/session-token";
import { takeChallenge } from "../../auth/webauthn";
import { isProduction } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import type { TRenewedSession } from "../auth/second-factor-attempts";
import { consumeRateLimit, countersFor, RATE_LIMITS } from "../rate-limits/consume-rate-limit";
import { checkPasskeyAssertion } from "./check-passkey-assertion";

/** One answer for every refusal: it must not tell whether a passkey or an account exists. */
const refused = () =>
  new AppError(
    AppErrorCode.BAD_INPUT,
    "This passkey cannot sign you in. Signing in with a passkey alone may be off for your account: use an emailed link.",
  );

/**
 * Signs a person in with a passkey alone, when they chose that on their account page: the passkey, with its user
 * verification, stands for both factors. Makes a session that has passed the second factor (the caller hands its
 * token to the browser), audited as a sign-in.
 */
export async function signInWithPasskey({
  db,
  clientIp,
  appUrl,
  now,
  response,
}: {
  db: Db;
  clientIp: string;
  appUrl: string;
  now: Date;
  response: AuthenticationResponseJSON;
}): Promise<{ session: TRenewedSession }> {
  await consumeRateLimit({ db, counters: countersFor(RATE_LIMITS.passkeySignInPerClient, clientIp), now });
  const challenge = await takeChallenge(db, {
    clientDataJSON: response.response.clientDataJSON,
    purpose: "sign-in",
    sessionId: null,
    now,
  });
  const passkey = await db.passkeyCredential.findUnique({
    where: { credentialId: response.id },
    include: { user: { select: { active: true, isDemo: true, passkeySignIn: true } } },
  });
  const user = passkey?.user;
  if (!passkey || !user?.active || !user.passkeySignIn || (user.isDemo && isProduction())) throw refused();
  // A discoverable passkey names its account; it must be the one the credential belongs to.
  const handle = response.response.userHandle;
  if (handle && Buffer.from(handle, "base64url").toString("utf8") !== passkey.userId) throw refused();

  const signedIn = await db.$transaction(async (tx) => {
    const ok = await checkPasskeyAssertion(tx, {
      passkey,
      response,
      challenge,
      appUrl,
      requireUserVerification: true,
      now,
    });
    if (!ok) return null;
    const token = newSessionToken();
    const expires = new Date(now.getTime() + SESSION_MAX_AGE_S * 1000);
    const session = await tx.session.create({
      data: { sessionToken: hashSessionToken(token), userId: passkey.userId, expires, secondFactorAt: now },
      select: { id: true },
    });
    await appendAuditEvent(tx, {
      actorId: passkey.userId,
      actorKind: "user",
      action: "session.signed_in",
      subjectType: "user",
      subjectId: passkey.userId,
      data: { method: "passkey", passkeyId: passkey.id, sessionId: session.id },
      occurredAt: now,
    });
    return { token, expires };
  });
  if (signedIn) return { session: signedIn };
  await db.$transaction((tx) =>
    appendAuditEvent(tx, {
      actorId: passkey.userId,
      actorKind: "user",
      action: "auth.passkey_sign_in_failed",
      subjectType: "user",
      subjectId: passkey.userId,
      data: { passkeyId: passkey.id },
      occurredAt: now,
    }),
  );
  throw refused();
}
