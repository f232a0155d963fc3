import { z } from "zod";
import { type CaseState, TERMINAL_STATES } from "../cases/states";
import { DAY_MS, type Instant, toEpochMs } from "../time/utc";

/**
 * How long a reporter's personal data (the address they left for updates, and the emails sent to them) is kept
 * after their report's case ends. 90 days by default: long enough for a late question about the advisory or a
 * reopened duplicate, short enough that a closed case does not keep contact details for years. At most 10
 * years: beyond that "retention" means "forever".
 */
export const RETENTION_DAYS = { min: 1, max: 3650, default: 90 } as const;

const daysMessage = `Enter a whole number of days from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max} (10 years).`;

/** The admin setting's bounds, for the API and the form alike. */
export const ZRetentionDays = z
  .number(daysMessage)
  .int(daysMessage)
  .min(RETENTION_DAYS.min, daysMessage)
  .max(RETENTION_DAYS.max, daysMessage);

/**
 * The states after which nothing more happens to a report, so its reporter's contact details are no longer
 * needed: the triage outcomes (duplicate, rejected, not a vulnerability, spam) and "closed". "Released" is
 * not among them: after a release the Fix Team still writes the advisory and the retrospective and may need to
 * reach the reporter (credit, a follow-up question); the policy's process ends when the case is closed.
 * These are exactly the lifecycle's terminal states, which no transition leaves, so the time a report reached
 * one is final.
 */
export const RETENTION_CLOSED_STATES: readonly CaseState[] = TERMINAL_STATES;

export function isClosedForRetention(state: CaseState): boolean {
  return RETENTION_CLOSED_STATES.includes(state);
}

function checkDays(retentionDays: number): number {
  if (
    !Number.isInteger(retentionDays) ||
    retentionDays < RETENTION_DAYS.min ||
    retentionDays > RETENTION_DAYS.max
  ) {
    throw new RangeError(`retentionDays must be a whole number from 1 to 3650, got ${retentionDays}`);
  }
  return retentionDays;
}

/**
 * When a report's personal data becomes erasable: `retentionDays` whole days (of 24 hours, in UTC) after it
 * reached a closed state; null while it is open, or when the time it closed is unknown (never guessed: an
 * unknown time must not erase early).
 */
export function personalDataErasableAt(
  report: { state: CaseState; closedAt: Instant | null },
  retentionDays: number,
): Date | null {
  const days = checkDays(retentionDays);
  if (!isClosedForRetention(report.state) || report.closedAt === null) return null;
  return new Date(toEpochMs(report.closedAt) + days * DAY_MS);
}

/** Whether the personal data may be erased at `now` (from the boundary instant on, inclusive). */
export function isPersonalDataErasable(
  report: { state: CaseState; closedAt: Instant | null },
  retentionDays: number,
  now: Instant,
): boolean {
  const at = personalDataErasableAt(report, retentionDays);
  return at !== null && at.getTime() <= toEpochMs(now);
}

/**
 * The latest closing time whose data is erasable at `now`: a report closed at or before it is due. What a
 * database query compares `closed_at` with, so that it agrees with isPersonalDataErasable.
 */
export function retentionCutoff(retentionDays: number, now: Instant): Date {
  return new Date(toEpochMs(now) - checkDays(retentionDays) * DAY_MS);
}

/** Why personal data was erased, as the audit log records it. */
export const ERASURE_REASONS = ["retention", "reporter request"] as const;
export type TErasureReason = (typeof ERASURE_REASONS)[number];
