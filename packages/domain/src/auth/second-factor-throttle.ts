/**
 * Throttling second-factor guesses. A 6-digit code has a million values and each is valid for about 90 s (the
 * current step and one either side), so guessing must be slowed long before it could succeed: a few free
 * tries for typing mistakes, then a wait that doubles with every further wrong code, up to an hour.
 */
export const SECOND_FACTOR_FREE_ATTEMPTS = 4;
export const SECOND_FACTOR_FIRST_BLOCK_MS = 30_000;
export const SECOND_FACTOR_MAX_BLOCK_MS = 3_600_000;

/** Until when the account refuses second-factor attempts after `failures` consecutive wrong codes (null: none). */
export function secondFactorBlockedUntil(failures: number, now: Date): Date | null {
  if (!Number.isInteger(failures) || failures < 0)
    throw new RangeError(`failures must be ≥ 0, got ${failures}`);
  if (failures < SECOND_FACTOR_FREE_ATTEMPTS) return null;
  const doublings = Math.min(failures - SECOND_FACTOR_FREE_ATTEMPTS, 20);
  const ms = Math.min(SECOND_FACTOR_FIRST_BLOCK_MS * 2 ** doublings, SECOND_FACTOR_MAX_BLOCK_MS);
  return new Date(now.getTime() + ms);
}

/** Seconds left before another attempt is checked, or 0 when one may be made now. */
export function secondFactorWaitSeconds(blockedUntil: Date | null, now: Date): number {
  if (!blockedUntil) return 0;
  const ms = blockedUntil.getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}
