// When an unlocked key locks by itself: pure rules, time passed in (milliseconds since the epoch).

/** The API's default and range for the admin setting (packages/api settings use-cases say the same). */
export const DEFAULT_IDLE_MINUTES = 15;
export const MIN_IDLE_MINUTES = 1;
export const MAX_IDLE_MINUTES = 480;

/** Activity is written to sessionStorage at most this often (an input event fires many times a second). */
export const ACTIVITY_WRITE_INTERVAL_MS = 15_000;
/** ...and to the tab's IndexedDB record (what other tabs' garbage collection reads) at most this often. */
export const VAULT_TOUCH_INTERVAL_MS = 60_000;
/**
 * A timestamp this far in the future means the clock went back (or the entry was forged): treated as idle, so a
 * clock change can only lock early, never keep a key unlocked longer.
 */
export const CLOCK_SKEW_MS = 60_000;

/** Whole minutes within the setting's range; anything else (NaN, a fraction, out of range) becomes the default. */
export function idleMinutesOf(minutes: unknown): number {
  return typeof minutes === "number" &&
    Number.isInteger(minutes) &&
    minutes >= MIN_IDLE_MINUTES &&
    minutes <= MAX_IDLE_MINUTES
    ? minutes
    : DEFAULT_IDLE_MINUTES;
}

export const idleMsOf = (minutes: unknown): number => idleMinutesOf(minutes) * 60_000;

/** True when a key last used at `lastActivity` must be locked at `now`. */
export function isIdleExpired(lastActivity: number, now: number, idleMs: number): boolean {
  if (!Number.isFinite(lastActivity) || !Number.isFinite(now)) return true;
  if (lastActivity > now + CLOCK_SKEW_MS) return true;
  return now - lastActivity >= idleMs;
}

/**
 * How often the idle check runs: often enough that a key locks within a few seconds of its time, rarely enough
 * to cost nothing. Browsers slow timers in background tabs, so the check also runs on input and on visibility.
 */
export function idleCheckIntervalMs(idleMs: number): number {
  return Math.max(1_000, Math.min(15_000, Math.floor(idleMs / 4)));
}

export interface TActivityState {
  /** The last input seen (in memory; the stored copy may lag by ACTIVITY_WRITE_INTERVAL_MS). */
  lastActivity: number;
  /** When lastActivity was last written to sessionStorage. */
  lastWritten: number;
  /** When the tab's IndexedDB record was last touched. */
  lastTouched: number;
}

export type TActivityDecision =
  /** The key had already been idle too long when this input came (a sleeping laptop stops timers): lock. */
  { kind: "lock" } | { kind: "record"; state: TActivityState; write: boolean; touch: boolean };

/**
 * What one input event does. The idle check comes first: input after the idle period must lock rather than
 * revive the key, whether or not the timer has fired yet.
 */
export function onActivity(state: TActivityState, now: number, idleMs: number): TActivityDecision {
  if (isIdleExpired(state.lastActivity, now, idleMs)) return { kind: "lock" };
  const write = now - state.lastWritten >= ACTIVITY_WRITE_INTERVAL_MS || now < state.lastWritten;
  const touch = now - state.lastTouched >= VAULT_TOUCH_INTERVAL_MS || now < state.lastTouched;
  return {
    kind: "record",
    write,
    touch,
    state: {
      lastActivity: Math.max(state.lastActivity, now),
      lastWritten: write ? now : state.lastWritten,
      lastTouched: touch ? now : state.lastTouched,
    },
  };
}

/**
 * Whether another tab's (or a closed tab's) IndexedDB record may be deleted. Records are touched at most every
 * VAULT_TOUCH_INTERVAL_MS, so a record is kept that long past the idle time: its tab may still be in use.
 */
export function isVaultRecordStale(lastActivity: number, now: number, idleMs: number): boolean {
  return isIdleExpired(lastActivity, now, idleMs + VAULT_TOUCH_INTERVAL_MS + ACTIVITY_WRITE_INTERVAL_MS);
}
