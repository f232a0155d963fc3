import "../validation/zod-messages";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkDisclosureTime, type DisclosureTimeRules, suggestDisclosureTime } from "./disclosure-time";

// 2026-11-30 is a Monday.
const d = (iso: string) => new Date(iso);

describe("suggestDisclosureTime: a weekday afternoon UTC, never Friday, never past", () => {
  it.each([
    ["Monday morning → Monday 14:00", "2026-11-30T09:00:00Z", null, "2026-11-30T14:00:00Z"],
    ["Monday 14:00 exactly → 15:00 (not now)", "2026-11-30T14:00:00Z", null, "2026-11-30T15:00:00Z"],
    ["Monday 14:30 → 15:00", "2026-11-30T14:30:00Z", null, "2026-11-30T15:00:00Z"],
    ["Monday 16:01 → Tuesday 14:00", "2026-11-30T16:01:00Z", null, "2026-12-01T14:00:00Z"],
    ["Thursday evening → next Monday", "2026-12-03T17:00:00Z", null, "2026-12-07T14:00:00Z"],
    ["Friday morning → next Monday", "2026-12-04T08:00:00Z", null, "2026-12-07T14:00:00Z"],
    ["Saturday → Monday", "2026-12-05T15:00:00Z", null, "2026-12-07T14:00:00Z"],
    ["Sunday 23:59 → Monday", "2026-12-06T23:59:00Z", null, "2026-12-07T14:00:00Z"],
    [
      "earliest later on the same day",
      "2026-11-30T09:00:00Z",
      "2026-11-30T15:30:00Z",
      "2026-11-30T16:00:00Z",
    ],
    ["earliest on a slot", "2026-11-30T09:00:00Z", "2026-12-02T15:00:00Z", "2026-12-02T15:00:00Z"],
    ["earliest on a Friday → Monday", "2026-11-30T09:00:00Z", "2026-12-04T10:00:00Z", "2026-12-07T14:00:00Z"],
    [
      "earliest in the past is ignored",
      "2026-11-30T09:00:00Z",
      "2026-11-01T00:00:00Z",
      "2026-11-30T14:00:00Z",
    ],
    [
      "across a year end (Thu 31 Dec 2026 evening → Mon 4 Jan)",
      "2026-12-31T18:00:00Z",
      null,
      "2027-01-04T14:00:00Z",
    ],
  ])("%s", (_name, now, earliest, expected) => {
    expect(suggestDisclosureTime({ now: d(now), earliest: earliest ? d(earliest) : null })).toEqual(
      d(expected),
    );
  });
  it("accepts epoch milliseconds", () => {
    expect(suggestDisclosureTime({ now: d("2026-11-30T09:00:00Z").getTime(), earliest: null })).toEqual(
      d("2026-11-30T14:00:00Z"),
    );
  });
  it("property: always Monday–Thursday, 14–16 h UTC on the hour, after now, not before earliest", () => {
    const base = d("2026-01-01T00:00:00Z").getTime();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 24 * 3600_000 }),
        fc.option(fc.integer({ min: -30 * 24 * 3600_000, max: 60 * 24 * 3600_000 }), { nil: null }),
        (nowOffset, earliestOffset) => {
          const now = base + nowOffset;
          const earliest = earliestOffset === null ? null : now + earliestOffset;
          const slot = suggestDisclosureTime({ now, earliest });
          expect([1, 2, 3, 4]).toContain(slot.getUTCDay());
          expect([14, 15, 16]).toContain(slot.getUTCHours());
          expect(slot.getUTCMinutes()).toBe(0);
          expect(slot.getTime()).toBeGreaterThan(now);
          if (earliest !== null) expect(slot.getTime()).toBeGreaterThanOrEqual(earliest);
          expect(checkDisclosureTime(slot, { now, earliest }).ok).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("checkDisclosureTime", () => {
  const rules = (overrides: Partial<DisclosureTimeRules> = {}): DisclosureTimeRules => ({
    now: d("2026-11-30T09:00:00Z"),
    earliest: null,
    ...overrides,
  });
  it("a Tuesday afternoon is fine", () => {
    expect(checkDisclosureTime(d("2026-12-01T15:00:00Z"), rules())).toEqual({
      ok: true,
      problems: [],
      warnings: [],
      overridden: false,
    });
  });
  it.each([
    ["Friday", "2026-12-04T15:00:00Z", "is a Friday"],
    ["Saturday", "2026-12-05T15:00:00Z", "is a Saturday"],
    ["Sunday", "2026-12-06T15:00:00Z", "is a Sunday"],
  ])("%s is refused with a clear message", (_name, at, message) => {
    const result = checkDisclosureTime(d(at), rules());
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toContain(message);
    expect(result.problems[0]).toContain("users would be left patching over the weekend");
  });
  it("Friday in UTC is Friday even when it is Thursday in the Americas", () => {
    expect(checkDisclosureTime(d("2026-12-04T02:00:00Z"), rules()).ok).toBe(false);
    // …and Thursday 23:00 UTC is allowed (with a window warning), though it is Friday in Asia.
    const late = checkDisclosureTime(d("2026-12-03T23:00:00Z"), rules());
    expect(late.ok).toBe(true);
    expect(late.warnings[0]).toContain("outside the usual 14:00–16:00 UTC release window");
  });
  it("the team may override a Friday with an explicit flag and a reason", () => {
    const result = checkDisclosureTime(
      d("2026-12-04T15:00:00Z"),
      rules({ override: { allowFridayOrWeekend: true, reason: "Exploited in the wild since Wednesday." } }),
    );
    expect(result).toMatchObject({ ok: true, overridden: true, problems: [] });
  });
  it.each([
    [
      "empty reason",
      { allowFridayOrWeekend: true, reason: "  " },
      "Say why the release cannot wait for a weekday.",
    ],
    ["hostile reason", { allowFridayOrWeekend: true, reason: "ok\u202e" }, "Remove the control characters"],
    ["flag not set", { allowFridayOrWeekend: false, reason: "because" }, "This must be true."],
  ])("an override with %s does not count", (_name, override, message) => {
    const result = checkDisclosureTime(d("2026-12-05T15:00:00Z"), rules({ override: override as never }));
    expect(result.ok).toBe(false);
    expect(result.overridden).toBe(false);
    expect(result.problems.join(" ")).toContain(message);
  });
  it("an override is not needed on a weekday and changes nothing", () => {
    const result = checkDisclosureTime(
      d("2026-12-01T15:00:00Z"),
      rules({ override: { allowFridayOrWeekend: true, reason: "x" } }),
    );
    expect(result).toMatchObject({ ok: true, overridden: false });
  });
  it.each([
    ["in the past", "2026-11-30T08:00:00Z", "is not in the future"],
    ["exactly now", "2026-11-30T09:00:00Z", "is not in the future"],
  ])("%s is refused, override or not", (_name, at, message) => {
    const result = checkDisclosureTime(
      d(at),
      rules({ override: { allowFridayOrWeekend: true, reason: "urgent" } }),
    );
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toContain(message);
  });
  it("before the earliest allowed release is refused", () => {
    const result = checkDisclosureTime(
      d("2026-12-01T15:00:00Z"),
      rules({ earliest: d("2026-12-02T14:00:00Z") }),
    );
    expect(result.problems).toEqual([
      "2026-12-01 15:00 UTC is before the earliest allowed release, 2026-12-02 14:00 UTC.",
    ]);
  });
  it("after the release due date it warns to record a decision", () => {
    const result = checkDisclosureTime(
      d("2026-12-10T15:00:00Z"),
      rules({ releaseDue: d("2026-12-09T09:00:00Z") }),
    );
    expect(result.ok).toBe(true);
    expect(result.warnings[0]).toContain("record a slow-down or upstream-dependency decision");
  });
  it.each([
    ["16:00 is inside", "2026-12-01T16:00:00Z", 0],
    ["16:01 is outside", "2026-12-01T16:01:00Z", 1],
    ["13:59 is outside", "2026-12-01T13:59:00Z", 1],
  ])("window: %s", (_name, at, warnings) => {
    expect(checkDisclosureTime(d(at), rules()).warnings).toHaveLength(warnings);
  });
  it("an invalid date is refused", () => {
    expect(checkDisclosureTime(new Date("nope"), rules())).toMatchObject({
      ok: false,
      problems: ["Choose a valid date and time."],
    });
    expect(checkDisclosureTime(Number.NaN, rules()).ok).toBe(false);
  });
});
