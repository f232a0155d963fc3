import { describe, expect, it } from "vitest";
import { formatUtc, toEpochMs, toUtcIso } from "./utc";

describe("UTC formatting", () => {
  it("always shows the UTC form, whatever the input's offset", () => {
    expect(formatUtc(new Date("2026-03-04T15:00:00+02:00"))).toBe("2026-03-04 13:00 UTC");
    expect(formatUtc(Date.UTC(2026, 0, 1, 0, 5))).toBe("2026-01-01 00:05 UTC");
    expect(toUtcIso(new Date("2026-03-04T15:00:00-05:00"))).toBe("2026-03-04T20:00:00.000Z");
  });
  it("refuses invalid instants", () => {
    expect(() => toEpochMs(new Date("nope"))).toThrow(RangeError);
    expect(() => formatUtc(Number.NaN)).toThrow(RangeError);
  });
});
