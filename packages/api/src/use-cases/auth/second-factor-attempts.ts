import { appendAuditEvent, type Db, type DbTx } from "@disclose/db";
import { secondFactorBlockedUntil, secondFactorWaitSeconds } from "@disclose/domain";
import { hashSessionToken, newSessionToken } from "../../auth/session-token";
import { AppError, AppErrorCode } from "../../errors";
import { consumeRateLimit, countersFor } from "../rate-limits/consume-rate-limit";

/** A hard cap per account, counted atomically: parallel guesses cannot all slip in before the block is set. */
const ATTEMPTS_PER_ACCOUNT = [{ name: "second-factor:user:15min", points: 10, windowMs: 900_000 }] as const;

/** Throws RATE_LIMITED while the account waits after wrong codes; the code is then not even looked at. */
export async function assertSecondFactorNotBlocked(db: Db, userId: string, now: Date): Promise<void> {
  await consumeRateLimit({ db, counters: countersFor(ATTEMPTS_PER_ACCOUNT, userId), now });
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { secondFactorBlockedUntil: true },
  });
  const wait = secondFactorWaitSeconds(user?.secondFactorBlockedUntil ?? null, now);
  if (wait > 0) {
    throw new AppError(
      AppErrorCode.RATE_LIMITED,
      `Too many wrong codes. Wait ${wait < 90 ? `${wait} seconds` : `${Math.ceil(wait / 60)} minutes`} and try again.`,
      { retryAfterSeconds: wait, field: "code" },
    );
  }
}

/** Counts a wrong code (atomically, so parallel guesses are all counted) and blocks the account as the rule says. */
export async function recordSecondFactorFailure(db: Db, userId: string, now: Date): Promise<never> {
  await db.$transaction(async (tx) => {
    const { secondFactorFailures } = await tx.user.update({
      where: { id: userId },
      data: { secondFactorFailures: { increment: 1 } },
      select: { secondFactorFailures: true },
    });
    const blockedUntil = secondFactorBlockedUntil(secondFactorFailures, now);
    await tx.user.update({ where: { id: userId }, data: { secondFactorBlockedUntil: blockedUntil } });
    await appendAuditEvent(tx, {
      actorId: userId,
      actorKind: "user",
      action: "auth.second_factor_failed",
      subjectType: "user",
      subjectId: userId,
      data: { failures: secondFactorFailures, blockedUntil: blockedUntil?.toISOString() ?? null },
      occurredAt: now,
    });
  });
  throw new AppError(
    AppErrorCode.BAD_INPUT,
    "That code is not right. Check your authenticator and try again.",
    {
      field: "code",
    },
  );
}

/** A session that replaced another: its token goes to the browser in a cookie, and only its hash is stored. */
export interface TRenewedSession {
  token: string;
  expires: Date;
}

/**
 * A right code: the session has passed the second factor, and the failure count starts again. The session gets
 * a new token at this point (a new row; the old one is deleted, so its token opens nothing any more): whoever
 * saw or planted the token used before the second factor does not hold the session that passed it. The new
 * session keeps the old one's expiry. Throws UNAUTHENTICATED when the session ended meanwhile (signed out, or
 * a second request passed with it first), which rolls back the caller's transaction.
 */
export async function markSecondFactorPassed(
  tx: DbTx,
  { userId, sessionId, now, method }: { userId: string; sessionId: string; now: Date; method: string },
): Promise<TRenewedSession> {
  await tx.user.update({
    where: { id: userId },
    data: { secondFactorFailures: 0, secondFactorBlockedUntil: null },
  });
  const [ended] = await tx.$queryRaw<
    { expires: Date; user_agent: string | null; created_ip: string | null }[]
  >`
    DELETE FROM sessions WHERE id = ${sessionId} AND user_id = ${userId}
    RETURNING expires, user_agent, created_ip`;
  if (!ended) throw new AppError(AppErrorCode.UNAUTHENTICATED, "This session has ended. Sign in again.");
  const token = newSessionToken();
  // The same browser goes on: the account page shows the device and address the session was made with.
  const renewed = await tx.session.create({
    data: {
      sessionToken: hashSessionToken(token),
      userId,
      expires: ended.expires,
      secondFactorAt: now,
      userAgent: ended.user_agent,
      createdIp: ended.created_ip,
      lastSeenAt: now,
    },
    select: { id: true },
  });
  await appendAuditEvent(tx, {
    actorId: userId,
    actorKind: "user",
    action: "auth.second_factor_passed",
    subjectType: "session",
    subjectId: renewed.id,
    data: { method, replacedSessionId: sessionId },
    occurredAt: now,
  });
  // A person who passes with a factor after all (the phone turned up) needs no recovery: a request still waiting
  // for approvals is withdrawn, so nobody approves the removal of factors they still use.
  const withdrawn = await tx.$queryRaw<{ id: string }[]>`
    UPDATE account_recoveries SET cancelled_at = ${now}, cancelled_by_id = ${userId}
     WHERE user_id = ${userId} AND approved_at IS NULL AND completed_at IS NULL AND cancelled_at IS NULL
    RETURNING id::text`;
  for (const { id } of withdrawn) {
    await appendAuditEvent(tx, {
      actorId: userId,
      actorKind: "user",
      action: "recovery.cancelled",
      subjectType: "user",
      subjectId: userId,
      data: { recoveryId: id, why: "second factor passed" },
      occurredAt: now,
    });
  }
  return { token, expires: ended.expires };
}
