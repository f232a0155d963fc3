import { describe, expect, it } from "vitest";
import { fromUtcInput, toUtcInput } from "./utc-input";

describe("UTC date-time inputs", () => {
  it("round-trips a moment as its UTC wall-clock value", () => {
    const at = new Date("2026-12-01T15:00:00Z");
    expect(toUtcInput(at)).toBe("2026-12-01T15:00");
    expect(fromUtcInput("2026-12-01T15:00")).toEqual(at);
    expect(toUtcInput(null)).toBe("");
  });
  it.each([
    ["empty", ""],
    ["a date alone", "2026-12-01"],
    ["31 February", "2026-02-31T15:00"],
    ["hour 24", "2026-12-01T24:00"],
    ["minute 60", "2026-12-01T15:60"],
    ["with a zone", "2026-12-01T15:00+02:00"],
    ["garbage", "tomorrow afternoon"],
  ])("refuses %s", (_name, value) => {
    expect(fromUtcInput(value)).toBeNull();
  });
});
