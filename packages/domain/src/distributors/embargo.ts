import { formatUtc, type Instant, toEpochMs } from "../time/utc";

export type EmbargoState = "none" | "active" | "lifted";

export interface EmbargoStatus {
  readonly state: EmbargoState;
  /** Agreed disclosure time, when there is one. */
  readonly endsAt: Date | null;
  /** The same instant in its UTC form, the only form we show. */
  readonly endsAtUtc: string | null;
  /** Milliseconds left while active, else 0. */
  readonly remainingMs: number;
}

/**
 * Embargo of one case at `now`. It exists once material went to distributors and lasts until the
 * agreed disclosure time, or until the fix is released earlier (e.g. after a leak), whichever is first.
 */
export function embargoStatus(
  facts: { notifiedAt: Date | null; disclosureAt: Date | null; releasedAt: Date | null },
  now: Instant,
): EmbargoStatus {
  const nowMs = toEpochMs(now);
  const endsAt = facts.disclosureAt ? new Date(facts.disclosureAt.getTime()) : null;
  const endsAtUtc = endsAt ? formatUtc(endsAt) : null;
  if (facts.notifiedAt === null || facts.notifiedAt.getTime() > nowMs || endsAt === null) {
    return { state: "none", endsAt, endsAtUtc, remainingMs: 0 };
  }
  const released = facts.releasedAt !== null && facts.releasedAt.getTime() <= nowMs;
  if (released || nowMs >= endsAt.getTime()) return { state: "lifted", endsAt, endsAtUtc, remainingMs: 0 };
  return { state: "active", endsAt, endsAtUtc, remainingMs: endsAt.getTime() - nowMs };
}
