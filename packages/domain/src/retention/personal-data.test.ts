import { describe, expect, it } from "vitest";
import { CASE_STATES, type CaseState } from "../cases/states";
import { DAY_MS } from "../time/utc";
import {
  isClosedForRetention,
  isPersonalDataErasable,
  personalDataErasableAt,
  RETENTION_DAYS,
  retentionCutoff,
  ZRetentionDays,
} from "./personal-data";

const closedAt = new Date("2026-09-01T10:00:00.000Z");
const daysLater = (days: number, ms = 0) => new Date(closedAt.getTime() + days * DAY_MS + ms);

describe("which states end the need for a reporter's contact details", () => {
  const closed: CaseState[] = ["duplicate", "rejected", "not-a-vulnerability", "spam", "closed"];
  it.each(CASE_STATES.map((state) => [state, closed.includes(state)] as const))(
    "%s → %s",
    (state, expected) => {
      expect(isClosedForRetention(state)).toBe(expected);
    },
  );
});

describe("when personal data becomes erasable", () => {
  it.each([
    // [state, closedAt, days, now, erasable]
    ["closed", closedAt, 90, daysLater(90, -1), false],
    ["closed", closedAt, 90, daysLater(90), true], // the boundary itself is erasable
    ["closed", closedAt, 90, daysLater(90, 1), true],
    ["closed", closedAt, 90, daysLater(0), false],
    ["rejected", closedAt, 1, daysLater(1), true],
    ["spam", closedAt, 1, daysLater(0, DAY_MS - 1), false],
    ["duplicate", closedAt, 3650, daysLater(3650), true],
    ["not-a-vulnerability", closedAt, 30, daysLater(29), false],
    // Open states never, however old.
    ["released", closedAt, 1, daysLater(10_000), false],
    ["received", closedAt, 1, daysLater(10_000), false],
    ["fix-in-progress", closedAt, 1, daysLater(10_000), false],
    // A closed report whose closing time is unknown is never erased by guesswork.
    ["closed", null, 1, daysLater(10_000), false],
    // A clock before the closing time (skew) is not erasable.
    ["closed", closedAt, 1, daysLater(-5), false],
  ] as const)("%s closed at %s, %d days, at %s → %s", (state, at, days, now, expected) => {
    expect(isPersonalDataErasable({ state, closedAt: at }, days, now)).toBe(expected);
  });

  it("says when, in whole 24-hour days (a DST change does not matter: the clock is UTC)", () => {
    expect(personalDataErasableAt({ state: "closed", closedAt }, 90)).toEqual(daysLater(90));
    expect(personalDataErasableAt({ state: "closed", closedAt: closedAt.getTime() }, 1)).toEqual(
      daysLater(1),
    );
    expect(personalDataErasableAt({ state: "released", closedAt }, 90)).toBeNull();
    expect(personalDataErasableAt({ state: "closed", closedAt: null }, 90)).toBeNull();
  });

  it("agrees with the cutoff a database query uses", () => {
    for (const [days, now] of [
      [90, daysLater(90)],
      [90, daysLater(90, -1)],
      [1, daysLater(2)],
    ] as const) {
      const cutoff = retentionCutoff(days, now);
      const byCutoff = closedAt.getTime() <= cutoff.getTime();
      expect(byCutoff).toBe(isPersonalDataErasable({ state: "closed", closedAt }, days, now));
    }
  });

  it.each([0, -1, 1.5, 3651, Number.NaN, Number.POSITIVE_INFINITY])("refuses %s retention days", (days) => {
    expect(() => personalDataErasableAt({ state: "closed", closedAt }, days)).toThrow(RangeError);
    expect(() => retentionCutoff(days, closedAt)).toThrow(RangeError);
  });

  it("refuses an invalid instant", () => {
    expect(() =>
      isPersonalDataErasable({ state: "closed", closedAt: new Date("nope") }, 1, closedAt),
    ).toThrow(RangeError);
  });
});

describe("the retention setting", () => {
  it("defaults to 90 days", () => {
    expect(RETENTION_DAYS.default).toBe(90);
    expect(ZRetentionDays.safeParse(RETENTION_DAYS.default).success).toBe(true);
  });

  it.each([
    [1, true],
    [90, true],
    [3650, true],
    [0, false],
    [-90, false],
    [3651, false],
    [1.5, false],
    [Number.NaN, false],
    ["90", false],
    [null, false],
  ] as const)("%s → %s", (value, ok) => {
    const result = ZRetentionDays.safeParse(value);
    expect(result.success).toBe(ok);
    if (!result.success)
      expect(result.error.issues[0]?.message).toBe("Enter a whole number of days from 1 to 3650 (10 years).");
  });
});
