import type { Db, DbTx } from "@disclose/db";
import { apiEnv } from "./env";
import { AppError, AppErrorCode } from "./errors";

/**
 * The case clock: what timelines, deadlines, reminders and the worker's schedule read. Outside test mode it is
 * the wall clock. With DISCLOSE_TEST_CLOCK=1 (refused in production) it runs `offset_ms` ahead, so an end-to-end
 * test can live through a case's 21 days in minutes without touching what guards access: sign-in links, TOTP
 * and sessions always read the wall clock (Context.now).
 */
export function testClockEnabled(): boolean {
  const env = apiEnv();
  return env.DISCLOSE_TEST_CLOCK === "1" && env.DISCLOSE_ENV !== "production";
}

/** How far the case clock is ahead of the wall clock (0 outside test mode). */
export async function testClockOffsetMs(db: Db | DbTx): Promise<number> {
  if (!testClockEnabled()) return 0;
  const row = await db.testClock.findUnique({ where: { id: 1 } });
  return row ? Number(row.offsetMs) : 0;
}

export async function caseClockNow(db: Db | DbTx, wallNow: Date): Promise<Date> {
  const offset = await testClockOffsetMs(db);
  return offset === 0 ? wallNow : new Date(wallNow.getTime() + offset);
}

/** Moves the case clock forward (test mode only); it never goes back, as time does not. */
export async function advanceTestClock(db: Db, byMs: number): Promise<{ offsetMs: number }> {
  if (!testClockEnabled()) {
    throw new AppError(AppErrorCode.NOT_FOUND, "There is no test clock outside test mode.");
  }
  if (!Number.isSafeInteger(byMs) || byMs <= 0 || byMs > 366 * 24 * 3_600_000) {
    throw new AppError(
      AppErrorCode.BAD_INPUT,
      "Move the clock forward by a positive time of at most a year.",
    );
  }
  const row = await db.testClock.upsert({
    where: { id: 1 },
    create: { id: 1, offsetMs: BigInt(byMs) },
    update: { offsetMs: { increment: BigInt(byMs) } },
  });
  return { offsetMs: Number(row.offsetMs) };
}
