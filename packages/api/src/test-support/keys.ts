import { generateLockedKey, type TLockedKeyPair } from "@disclose/crypto";

/**
 * When test keys are made: before every fixed test clock, so a key generated on the wall clock is never "made in the
 * future" once the calendar passes a test's `now`.
 */
export const TEST_KEY_DATE = new Date("2026-01-01T00:00:00Z");

/** A locked key pair dated {@link TEST_KEY_DATE}. */
export function generateTestKey(
  options: Omit<Parameters<typeof generateLockedKey>[0], "date">,
): Promise<TLockedKeyPair> {
  return generateLockedKey({ ...options, date: TEST_KEY_DATE });
}
