import { describe, expect, it } from "vitest";
import { durationText, relativeText } from "./relative";
import { DAY_MS, HOUR_MS } from "./utc";

const MIN = 60_000;

describe("durationText", () => {
  it.each([
    [0, "less than a minute"],
    [59_999, "less than a minute"],
    [MIN, "1 minute"],
    [2 * MIN - 1, "1 minute"],
    [29 * MIN, "29 minutes"],
    [HOUR_MS - 1, "59 minutes"],
    [HOUR_MS, "1 hour"],
    [2 * HOUR_MS + 59 * MIN, "2 hours"],
    [47 * HOUR_MS + 59 * MIN, "47 hours"],
    [2 * DAY_MS, "2 days"],
    [10 * DAY_MS + 23 * HOUR_MS, "10 days"],
  ])("%d ms reads %s", (ms, text) => {
    expect(durationText(ms)).toBe(text);
    expect(durationText(-ms)).toBe(text);
  });

  it("never says zero of anything", () => {
    for (let ms = 0; ms < 3 * DAY_MS; ms += 7 * MIN + 13_000) {
      expect(durationText(ms)).not.toMatch(/\b0\b/);
    }
  });

  it("refuses what is not a length of time", () => {
    expect(() => durationText(Number.NaN)).toThrow(RangeError);
    expect(() => durationText(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("relativeText", () => {
  const now = new Date("2026-03-04T12:00:00Z");
  it.each([
    [now.getTime(), "just now"],
    [now.getTime() - 30_000, "just now"],
    [now.getTime() + 30_000, "just now"],
    [now.getTime() - MIN, "1 minute ago"],
    [now.getTime() - 20 * MIN, "20 minutes ago"],
    [now.getTime() - 5 * HOUR_MS, "5 hours ago"],
    [now.getTime() - 3 * DAY_MS, "3 days ago"],
    [now.getTime() + 90 * MIN, "in 1 hour"],
    [now.getTime() + 2 * DAY_MS, "in 2 days"],
  ])("%d reads %s", (instant, text) => {
    expect(relativeText(instant, now)).toBe(text);
    expect(relativeText(new Date(instant), now.getTime())).toBe(text);
  });
});
