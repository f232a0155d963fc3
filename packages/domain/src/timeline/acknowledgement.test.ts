import { describe, expect, it } from "vitest";
import { acknowledgementClock } from "./acknowledgement";

const receivedAt = new Date("2026-11-24T12:00:00.000Z");
const hours = (h: number) => new Date(receivedAt.getTime() + h * 3_600_000);
const report = { receivedAt, isPublic: false, state: "received" as const, acknowledged: false };

describe("acknowledgement clock", () => {
  it("is due the deadline after arrival, and overdue from then on", () => {
    expect(acknowledgementClock(report, 48, hours(47))).toEqual({
      asap: false,
      dueAt: hours(48),
      overdue: false,
    });
    expect(acknowledgementClock(report, 48, hours(48)).overdue).toBe(true);
    expect(acknowledgementClock(report, 2, hours(3))).toEqual({
      asap: false,
      dueAt: hours(2),
      overdue: true,
    });
  });

  it("makes a public disclosure due at once and ASAP while the case is open", () => {
    const open = acknowledgementClock({ ...report, isPublic: true }, 48, hours(0));
    expect(open).toEqual({ asap: true, dueAt: receivedAt, overdue: true });
    expect(acknowledgementClock({ ...report, isPublic: true, state: "closed" }, 48, hours(0)).asap).toBe(
      false,
    );
  });

  it("stops once the report is acknowledged or decided", () => {
    expect(acknowledgementClock({ ...report, acknowledged: true }, 48, hours(100))).toEqual({
      asap: false,
      dueAt: null,
      overdue: false,
    });
    expect(acknowledgementClock({ ...report, state: "spam" }, 48, hours(100)).dueAt).toBeNull();
  });
});
