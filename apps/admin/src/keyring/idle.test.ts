import { describe, expect, it } from "vitest";
import {
  ACTIVITY_WRITE_INTERVAL_MS,
  CLOCK_SKEW_MS,
  idleCheckIntervalMs,
  idleMinutesOf,
  idleMsOf,
  isIdleExpired,
  isVaultRecordStale,
  onActivity,
  VAULT_TOUCH_INTERVAL_MS,
} from "./idle";

const MIN = 60_000;
const t0 = Date.parse("2026-11-30T09:00:00Z");

describe("idleMinutesOf", () => {
  it.each([
    [15, 15],
    [1, 1],
    [480, 480],
    [0, 15],
    [481, 15],
    [-5, 15],
    [2.5, 15],
    [Number.NaN, 15],
    [Number.POSITIVE_INFINITY, 15],
    ["30", 15],
    [undefined, 15],
    [null, 15],
  ])("%s → %s minutes", (input, minutes) => {
    expect(idleMinutesOf(input)).toBe(minutes);
    expect(idleMsOf(input)).toBe(minutes * MIN);
  });
});

describe("isIdleExpired", () => {
  const idle = 15 * MIN;
  it("keeps the key unlocked until exactly the idle time has passed", () => {
    expect(isIdleExpired(t0, t0, idle)).toBe(false);
    expect(isIdleExpired(t0, t0 + idle - 1, idle)).toBe(false);
    expect(isIdleExpired(t0, t0 + idle, idle)).toBe(true);
    expect(isIdleExpired(t0, t0 + 3 * idle, idle)).toBe(true);
  });

  it("treats a time far in the future (clock moved back, forged entry) as idle", () => {
    expect(isIdleExpired(t0 + CLOCK_SKEW_MS, t0, idle)).toBe(false);
    expect(isIdleExpired(t0 + CLOCK_SKEW_MS + 1, t0, idle)).toBe(true);
    expect(isIdleExpired(t0 + 365 * 24 * 60 * MIN, t0, idle)).toBe(true);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    "treats a nonsense time (%s) as idle",
    (value) => {
      expect(isIdleExpired(value, t0, idle)).toBe(true);
      expect(isIdleExpired(t0, value, idle)).toBe(true);
    },
  );
});

describe("onActivity", () => {
  const idle = 15 * MIN;
  const fresh = { lastActivity: t0, lastWritten: t0, lastTouched: t0 };

  it("records input in memory, writing it to storage at most every few seconds", () => {
    const soon = onActivity(fresh, t0 + 1_000, idle);
    expect(soon).toEqual({
      kind: "record",
      write: false,
      touch: false,
      state: { lastActivity: t0 + 1_000, lastWritten: t0, lastTouched: t0 },
    });
    const later = onActivity(fresh, t0 + ACTIVITY_WRITE_INTERVAL_MS, idle);
    expect(later).toMatchObject({ kind: "record", write: true, touch: false });
    const muchLater = onActivity(fresh, t0 + VAULT_TOUCH_INTERVAL_MS, idle);
    expect(muchLater).toMatchObject({
      kind: "record",
      write: true,
      touch: true,
      state: {
        lastActivity: t0 + VAULT_TOUCH_INTERVAL_MS,
        lastWritten: t0 + VAULT_TOUCH_INTERVAL_MS,
        lastTouched: t0 + VAULT_TOUCH_INTERVAL_MS,
      },
    });
  });

  it("locks instead when the input comes after the idle time (the timer may not have run: a sleeping laptop)", () => {
    expect(onActivity(fresh, t0 + idle, idle)).toEqual({ kind: "lock" });
    expect(onActivity(fresh, t0 + idle - 1, idle).kind).toBe("record");
  });

  it("never moves the last activity backwards, and writes again after a clock change", () => {
    const ahead = { lastActivity: t0 + 30_000, lastWritten: t0 + 30_000, lastTouched: t0 + 30_000 };
    const decision = onActivity(ahead, t0, idle);
    expect(decision).toMatchObject({ kind: "record", write: true, touch: true });
    if (decision.kind === "record") expect(decision.state.lastActivity).toBe(t0 + 30_000);
  });
});

describe("isVaultRecordStale", () => {
  it("keeps another tab's key past the idle time by the touch slack, then lets it go", () => {
    const idle = 15 * MIN;
    const slack = VAULT_TOUCH_INTERVAL_MS + ACTIVITY_WRITE_INTERVAL_MS;
    expect(isVaultRecordStale(t0, t0 + idle, idle)).toBe(false);
    expect(isVaultRecordStale(t0, t0 + idle + slack - 1, idle)).toBe(false);
    expect(isVaultRecordStale(t0, t0 + idle + slack, idle)).toBe(true);
    expect(isVaultRecordStale(Number.NaN, t0, idle)).toBe(true);
  });
});

describe("idleCheckIntervalMs", () => {
  it("checks often enough for a one-minute setting and at most every 15 s", () => {
    expect(idleCheckIntervalMs(MIN)).toBe(15_000);
    expect(idleCheckIntervalMs(480 * MIN)).toBe(15_000);
    expect(idleCheckIntervalMs(2_000)).toBe(1_000);
  });
});
