import { describe, expect, it } from "vitest";
import {
  SECOND_FACTOR_FREE_ATTEMPTS,
  SECOND_FACTOR_MAX_BLOCK_MS,
  secondFactorBlockedUntil,
  secondFactorWaitSeconds,
} from "./second-factor-throttle";

const now = new Date("2026-11-24T12:00:00.000Z");
const blockMs = (failures: number) =>
  (secondFactorBlockedUntil(failures, now)?.getTime() ?? now.getTime()) - now.getTime();

describe("second-factor throttle", () => {
  it("allows a few typing mistakes without waiting", () => {
    for (let f = 0; f < SECOND_FACTOR_FREE_ATTEMPTS; f++) expect(secondFactorBlockedUntil(f, now)).toBeNull();
  });

  it("then doubles the wait with every wrong code, up to an hour", () => {
    expect(blockMs(SECOND_FACTOR_FREE_ATTEMPTS)).toBe(30_000);
    expect(blockMs(SECOND_FACTOR_FREE_ATTEMPTS + 1)).toBe(60_000);
    expect(blockMs(SECOND_FACTOR_FREE_ATTEMPTS + 2)).toBe(120_000);
    expect(blockMs(SECOND_FACTOR_FREE_ATTEMPTS + 7)).toBe(SECOND_FACTOR_MAX_BLOCK_MS);
    expect(blockMs(10_000)).toBe(SECOND_FACTOR_MAX_BLOCK_MS);
  });

  it("makes guessing a 6-digit code hopeless: under 0.2 % chance in a week", () => {
    // Each check has at most 3 valid codes in 1,000,000 (the current step and one either side).
    let t = 0;
    let attempts = 0;
    for (let failures = 0; t < 7 * 86_400_000; failures++) {
      attempts++;
      t += blockMs(failures);
    }
    expect((attempts * 3) / 1_000_000).toBeLessThan(0.002);
  });

  it("refuses nonsense failure counts", () => {
    for (const bad of [-1, 1.5, Number.NaN])
      expect(() => secondFactorBlockedUntil(bad, now)).toThrow(RangeError);
  });

  it("tells how many seconds are left", () => {
    expect(secondFactorWaitSeconds(null, now)).toBe(0);
    expect(secondFactorWaitSeconds(new Date(now.getTime() - 1), now)).toBe(0);
    expect(secondFactorWaitSeconds(new Date(now.getTime() + 1), now)).toBe(1);
    expect(secondFactorWaitSeconds(new Date(now.getTime() + 30_000), now)).toBe(30);
  });
});
