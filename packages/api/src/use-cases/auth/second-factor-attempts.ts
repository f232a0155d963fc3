import { appendAuditEvent, type Db, type DbTx } from "@disclose/db";
import { secondFactorBlockedUntil, secondFactorWaitSeconds } from "@disclose/domain";
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

/** A right code: the session has passed the second factor, and the failure count starts again. */
export async function markSecondFactorPassed(
  tx: DbTx,
  { userId, sessionId, now, method }: { userId: string; sessionId: string; now: Date; method: string },
): Promise<void> {
  await tx.user.update({
    where: { id: userId },
    data: { secondFactorFailures: 0, secondFactorBlockedUntil: null },
  });
  await tx.session.updateMany({ where: { id: sessionId, userId }, data: { secondFactorAt: now } });
  await appendAuditEvent(tx, {
    actorId: userId,
    actorKind: "user",
    action: "auth.second_factor_passed",
    subjectType: "session",
    subjectId: sessionId,
    data: { method },
    occurredAt: now,
  });
}
