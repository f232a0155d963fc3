import { describe, expect, it } from "vitest";
import { DAY_MS } from "../time/utc";
import {
  CASE_EVENT_KIND_HELP,
  CASE_EVENT_KIND_LABELS,
  CASE_EVENT_KINDS,
  caseEventRefusal,
  checkCaseEventInput,
} from "./case-events";
import { CASE_STATES, type CaseState } from "./states";

const reportedAt = new Date("2026-11-01T09:00:00Z");
const now = new Date("2026-11-30T12:00:00Z");
const ctx = { now, reportedAt };
const valid = {
  kind: "exploit-public",
  occurredAt: new Date("2026-11-29T08:30:00Z"),
  source: "https://x.test/poc",
};

describe("case event kinds", () => {
  it("has a label and a help text for each kind", () => {
    for (const kind of CASE_EVENT_KINDS) {
      expect(CASE_EVENT_KIND_LABELS[kind]).toBeTruthy();
      expect(CASE_EVENT_KIND_HELP[kind]).toBeTruthy();
    }
    expect(CASE_EVENT_KIND_LABELS["exploit-public"]).toBe("Exploit public");
    expect(CASE_EVENT_KIND_LABELS["attacks-observed"]).toBe("Attacks observed");
  });
});

describe("checkCaseEventInput", () => {
  it("accepts an event and trims its source", () => {
    const result = checkCaseEventInput({ ...valid, source: "  oss-security  " }, ctx);
    expect(result).toEqual({ ok: true, input: { ...valid, source: "oss-security" } });
  });

  it.each([
    ["now", now],
    ["a browser clock 9 minutes ahead", new Date(now.getTime() + 9 * 60_000)],
    ["before the report arrived (a 0-day found in the wild)", new Date(reportedAt.getTime() - 30 * DAY_MS)],
    ["exactly a year before the report", new Date(reportedAt.getTime() - 365 * DAY_MS)],
  ])("accepts a date %s", (_, occurredAt) => {
    expect(checkCaseEventInput({ ...valid, occurredAt }, ctx).ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ["an hour in the future", { occurredAt: new Date(now.getTime() + 3_600_000) }, "occurredAt", /future/],
    [
      "just past the clock skew",
      { occurredAt: new Date(now.getTime() + 11 * 60_000) },
      "occurredAt",
      /future/,
    ],
    [
      "over a year before the report",
      { occurredAt: new Date(reportedAt.getTime() - 366 * DAY_MS) },
      "occurredAt",
      /year before the report arrived \(2026-11-01 09:00 UTC\)/,
    ],
    ["an invalid date", { occurredAt: new Date(Number.NaN) }, "occurredAt", /date and time/],
    ["a string for a date", { occurredAt: "2026-11-29T08:30:00Z" }, "occurredAt", /date and time/],
    ["no date", { occurredAt: undefined }, "occurredAt", /date and time/],
    ["an empty source", { source: "" }, "source", /Say where/],
    ["a blank source", { source: "   \t " }, "source", /Say where|control/],
    ["an oversized source", { source: "a".repeat(501) }, "source", /500 characters/],
    ["a line feed in the source", { source: "a\nb" }, "source", /control characters/],
    ["a bidi override in the source", { source: "evil\u202Etxt.exe" }, "source", /control characters/],
    ["a zero-width space in the source", { source: "ex\u200Bploit-db" }, "source", /control characters/],
    ["a number for a source", { source: 42 }, "source", /Say where/],
    ["an unknown kind", { kind: "patched" }, "kind", /Exploit public/],
    ["no kind", { kind: undefined }, "kind", /Exploit public/],
  ])("refuses %s, naming the field", (_, change, field, message) => {
    const result = checkCaseEventInput({ ...valid, ...change }, ctx);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.field).toBe(field);
    expect(result.reason).toMatch(message);
  });

  it("accepts a source of exactly 500 characters, counted after trimming", () => {
    expect(checkCaseEventInput({ ...valid, source: ` ${"a".repeat(500)} ` }, ctx).ok).toBe(true);
  });
});

describe("caseEventRefusal", () => {
  const allowed: CaseState[] = [
    "accepted",
    "fix-in-progress",
    "fix-ready",
    "distributors-notified",
    "released",
    "closed",
  ];
  it.each(allowed)("allows recording in state %s", (state) => {
    expect(caseEventRefusal(state)).toBeNull();
  });
  it.each(["duplicate", "rejected", "not-a-vulnerability", "spam"] as const)(
    "refuses a triage outcome (%s) with a reason",
    (state) => {
      expect(caseEventRefusal(state)).toMatch(/not a case/);
    },
  );
  it.each(["received", "triage"] as const)("asks to accept a report in %s first", (state) => {
    expect(caseEventRefusal(state)).toMatch(/Accept the report/);
  });
  it("answers every state", () => {
    for (const state of CASE_STATES) expect(() => caseEventRefusal(state)).not.toThrow();
  });
});
