import { describe, expect, it } from "vitest";
import { CASE_OUTCOMES, CASE_SEVERITIES, METRIC_IDS, type MetricId } from "./case-metrics";
import { metricsCaseRow, monthKey, summarizeMetrics, type TMetricsSummary } from "./summary";
import {
  at,
  days,
  freshReport,
  history,
  hours,
  receipt,
  slowDown,
  T0,
  upstream,
} from "./test-support/history";
import type { TCaseHistory } from "./types";
import { VULTRON_DESIDERATUM_IDS } from "./vultron";

const FROM = new Date("2026-01-01T00:00:00Z");
const TO = new Date("2027-01-01T00:00:00Z");
const NOW = new Date("2026-06-01T00:00:00Z");
const summarize = (
  histories: TCaseHistory[],
  options: Partial<Parameters<typeof summarizeMetrics>[1]> = {},
) => summarizeMetrics(histories, { from: FROM, to: TO, now: NOW, ...options });
const milestone = (s: TMetricsSummary, id: MetricId) => s.milestones.find((m) => m.id === id)!;

/** Plain data all the way down: no NaN, no undefined, no Date; JSON gives back the same thing. */
function expectPlain(value: unknown, path = "summary"): void {
  if (typeof value === "number") {
    expect(Number.isFinite(value), `${path} is ${value}`).toBe(true);
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) expectPlain(v, `${path}[${i}]`);
  } else if (value !== null && typeof value === "object") {
    expect(Object.getPrototypeOf(value), `${path} is a plain object`).toBe(Object.prototype);
    for (const [k, v] of Object.entries(value)) expectPlain(v, `${path}.${k}`);
  } else {
    expect(
      ["string", "boolean"].includes(typeof value) || value === null,
      `${path} is ${String(value)}`,
    ).toBe(true);
  }
}

describe("summarizeMetrics: empty inputs", () => {
  const s = summarize([]);
  it("has zero counts and null figures, never NaN, and serialises", () => {
    expectPlain(s);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s.cases).toBe(0);
    expect(s.rows).toEqual([]);
    expect(s.milestones.map((m) => m.id)).toEqual([...METRIC_IDS]);
    for (const m of s.milestones) {
      expect(m.reached).toBe(0);
      expect(m.duration).toEqual({ count: 0, medianMs: null, p90Ms: null });
      expect(m.policy).toEqual({ onTime: 0, late: 0, overdue: 0, open: 0, onTimeRate: null });
      expect(m.adjusted["slow-down"].onTimeRate).toBeNull();
    }
    expect(Object.keys(s.bySeverity)).toEqual([...CASE_SEVERITIES]);
    expect(Object.keys(s.byOutcome)).toEqual([...CASE_OUTCOMES]);
    expect(Object.values(s.bySeverity).every((n) => n === 0)).toBe(true);
    expect(s.distributors).toMatchObject({
      notifications: 0,
      organizations: 0,
      neverAcknowledged: 0,
      feedbackRate: null,
      byOrganization: [],
    });
    expect(s.vultron.map((v) => v.id)).toEqual(VULTRON_DESIDERATUM_IDS);
    expect(s.vultron.every((v) => v.shareMet === null && v.met + v.broken + v.pending === 0)).toBe(true);
    expect(s.monthly).toHaveLength(12);
    expect(s.monthly[0]).toEqual({ month: "2026-01", received: 0, released: 0, medianTimeToReleaseMs: null });
    expect(s.period).toEqual({ from: "2026-01-01T00:00:00.000Z", to: "2027-01-01T00:00:00.000Z" });
    expect(s.generatedAt).toBe("2026-06-01T00:00:00.000Z");
    expect(s.ackDeadlineHours).toBe(48);
  });

  it("an empty or reversed period has no months", () => {
    expect(summarize([history()], { from: TO, to: FROM }).monthly).toEqual([]);
    expect(summarize([history()], { from: FROM, to: FROM })).toMatchObject({ cases: 0, monthly: [] });
  });
});

describe("summarizeMetrics: the period", () => {
  it("counts reports that arrived in [from, to): from included, to excluded", () => {
    const from = T0;
    const to = at(days(1));
    const s = summarize(
      [
        history({ id: "before", receivedAt: at(-1) }),
        history({ id: "first", receivedAt: from }),
        history({ id: "last", receivedAt: at(days(1) - 1) }),
        history({ id: "after", receivedAt: to }),
      ],
      { from, to },
    );
    expect(s.rows.map((r) => r.id)).toEqual(["first", "last"]);
  });

  it("months are UTC months of arrival, empty ones included", () => {
    const s = summarize(
      [
        history({
          id: "a",
          receivedAt: new Date("2026-01-31T23:59:59.999Z"),
          releasedAt: new Date("2026-02-05T00:00:00Z"),
        }),
        history({
          id: "b",
          receivedAt: new Date("2026-02-01T00:00:00.000Z"),
          releasedAt: null,
          state: "fix-ready",
        }),
        history({
          id: "c",
          receivedAt: new Date("2026-04-30T12:00:00.000Z"),
          releasedAt: new Date("2026-05-10T12:00:00.000Z"),
        }),
      ],
      { from: new Date("2026-01-15T00:00:00Z"), to: new Date("2026-05-01T00:00:00Z") },
    );
    expect(s.monthly.map((m) => [m.month, m.received, m.released])).toEqual([
      ["2026-01", 1, 1],
      ["2026-02", 1, 0],
      ["2026-03", 0, 0],
      ["2026-04", 1, 1],
    ]);
    expect(s.monthly[0]?.medianTimeToReleaseMs).toBe(days(4) + 1);
    expect(s.monthly[1]?.medianTimeToReleaseMs).toBeNull();
    expect(s.monthly[3]?.medianTimeToReleaseMs).toBe(days(10));
  });

  it("monthKey pads years and months", () => {
    expect(monthKey(new Date("2026-12-31T23:59:59.999Z"))).toBe("2026-12");
    expect(monthKey(new Date("2027-01-01T00:00:00.000Z"))).toBe("2027-01");
    expect(monthKey(Date.UTC(999, 0, 1))).toBe("0999-01");
  });

  it("an 'all time' period runs from the first report's month to the last one's", () => {
    const s = summarize(
      [history({ id: "a" }), history({ id: "b", receivedAt: new Date("2026-05-03T00:00:00Z") })],
      {
        from: new Date(0),
        to: NOW,
      },
    );
    expect(s.monthly.map((m) => m.month)).toEqual(["2026-03", "2026-04", "2026-05"]);
    expect(summarize([], { from: new Date(0), to: NOW }).monthly).toEqual([]);
  });
});

describe("summarizeMetrics: milestones", () => {
  const cases = [
    history({ id: "on-time" }), // released +10 d
    history({ id: "late", releasedAt: at(days(25)), fixTeamFormedAt: at(hours(30)) }),
    history({ id: "late-2", releasedAt: at(days(22)) }),
    // Still in fix development 2026-06-01: far past its window.
    history({
      id: "overdue",
      state: "fix-in-progress",
      fixReadyAt: null,
      noticePublishedAt: null,
      distributorsNotifiedAt: null,
      releasedAt: null,
    }),
    // Arrived a day before now: open.
    freshReport({
      id: "open",
      state: "accepted",
      receivedAt: at(days(90)),
      acknowledgedAt: at(days(90) + 1),
    }),
    history({ id: "slowed", cvssScore: 3.5, releasedAt: at(days(30)), slowDowns: [slowDown()] }),
    history({ id: "slowed-late", cvssScore: 2, releasedAt: at(days(40)), slowDowns: [slowDown()] }),
    history({ id: "upstream", releasedAt: at(days(29)), upstreamDependencies: [upstream()] }),
    freshReport({ id: "spam", state: "spam" }),
  ];
  const s = summarize(cases, { now: at(days(90) + hours(1)) });

  it("counts on time, late, overdue and open against the policy; decisions counted apart", () => {
    const released = milestone(s, "released");
    expect(released.policy).toEqual({ onTime: 1, late: 2, overdue: 1, open: 1, onTimeRate: 1 / 4 });
    expect(released.adjusted["slow-down"]).toEqual({
      onTime: 1,
      late: 1,
      overdue: 0,
      open: 0,
      onTimeRate: 0.5,
    });
    expect(released.adjusted["upstream-dependency"]).toEqual({
      onTime: 1,
      late: 0,
      overdue: 0,
      open: 0,
      onTimeRate: 1,
    });
    expect(released.notApplicable).toBe(1);
  });

  it("durations of every case that reached it, adjusted or not: median and p90 by nearest rank", () => {
    const released = milestone(s, "released");
    // 10, 22, 25, 29, 30, 40 days → median (rank 3) 25 d, p90 (rank 6) 40 d.
    expect(released.reached).toBe(6);
    expect(released.duration).toEqual({ count: 6, medianMs: days(25), p90Ms: days(40) });
    expect(milestone(s, "fix-team-formed").policy).toMatchObject({ onTime: 6, late: 1, open: 1 });
  });

  it("counts by severity and outcome", () => {
    expect(s.cases).toBe(9);
    expect(s.bySeverity).toEqual({ critical: 0, high: 5, medium: 0, low: 2, none: 0, unscored: 2 });
    expect(s.byOutcome).toEqual({
      accepted: 8,
      duplicate: 0,
      rejected: 0,
      "not-a-vulnerability": 0,
      spam: 1,
      untriaged: 0,
    });
  });

  it("rows carry ids, severity, outcome and durations, in order of arrival, and serialise", () => {
    expectPlain(s);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    const row = s.rows.find((r) => r.id === "slowed")!;
    expect(row).toMatchObject({
      receivedAt: T0.toISOString(),
      severity: "low",
      outcome: "accepted",
      state: "released",
      cvssScore: 3.5,
      publicAwareAt: at(days(30)).toISOString(),
    });
    expect(row.durationsMs.released).toBe(days(30));
    expect(row.statuses.released).toBe("on-time");
    expect(row.adjusted.released).toBe("slow-down");
    expect(s.rows.at(-1)?.id).toBe("open");
    expect(s.rows[0]?.id).toBe("late");
  });
});

describe("summarizeMetrics: distributors", () => {
  const s = summarize([
    history({
      id: "a",
      distributorReceipts: [
        receipt({ organizationId: "org-1", acknowledgedAt: at(days(5) + hours(2)), feedbackCount: 2 }),
        receipt({ organizationId: "org-2", acknowledgedAt: null, firstDownloadAt: null, feedbackCount: 0 }),
      ],
    }),
    history({
      id: "b",
      receivedAt: at(days(1)),
      distributorReceipts: [
        receipt({
          organizationId: "org-1",
          notifiedAt: at(days(6)),
          acknowledgedAt: at(days(6) + hours(6)),
          firstDownloadAt: at(days(7)),
          feedbackCount: 0,
        }),
      ],
    }),
  ]);
  it("per notification: acknowledgement and download times, feedback rate, never acknowledged", () => {
    expect(s.distributors).toEqual({
      notifications: 3,
      organizations: 2,
      acknowledged: 2,
      neverAcknowledged: 1,
      timeToAcknowledge: { count: 2, medianMs: hours(2), p90Ms: hours(6) },
      downloaded: 2,
      timeToFirstDownload: { count: 2, medianMs: hours(1), p90Ms: days(1) },
      withFeedback: 1,
      feedbackRate: 1 / 3,
      byOrganization: [
        {
          organizationId: "org-1",
          notified: 2,
          acknowledged: 2,
          withFeedback: 1,
          timeToAcknowledge: { count: 2, medianMs: hours(2), p90Ms: hours(6) },
        },
        {
          organizationId: "org-2",
          notified: 1,
          acknowledged: 0,
          withFeedback: 0,
          timeToAcknowledge: { count: 0, medianMs: null, p90Ms: null },
        },
      ],
    });
  });
});

describe("summarizeMetrics: Vultron", () => {
  it("counts accepted cases only; share met among decided ones", () => {
    const s = summarize([
      history({ id: "fine" }),
      history({ id: "leaked", publicSince: at(days(1)) }),
      freshReport({ id: "open", state: "accepted" }),
      freshReport({ id: "spam", state: "spam", exploitPublicAt: at(-1) }),
    ]);
    const fp = s.vultron.find((v) => v.id === "F-before-P")!;
    expect(fp).toEqual({
      id: "F-before-P",
      label: "Fix ready before the public knows",
      met: 1,
      broken: 1,
      pending: 1,
      shareMet: 0.5,
    });
    const dp = s.vultron.find((v) => v.id === "D-before-P")!;
    expect(dp).toMatchObject({ met: 0, broken: 2, pending: 1, shareMet: 0 });
    const vx = s.vultron.find((v) => v.id === "V-before-X")!;
    expect(vx).toMatchObject({ met: 3, broken: 0, pending: 0, shareMet: 1 });
    expect(s.rows.find((r) => r.id === "spam")?.vultron["V-before-X"]).toBe("broken");
  });
});

describe("summarizeMetrics: rows", () => {
  const cases = [
    history({ id: "a", slowDowns: [slowDown()] }),
    history({ id: "b", releasedAt: null }),
    freshReport(),
  ];

  it("leaves them out when asked, and nothing else changes", () => {
    const full = summarize(cases);
    const without = summarizeMetrics(cases, { from: FROM, to: TO, now: NOW, withoutRows: true });
    expect(without.rows).toEqual([]);
    expect({ ...without, rows: full.rows }).toEqual(full);
  });

  it("gives one case's row on its own, as the summary does", () => {
    const full = summarize(cases);
    for (const h of cases) {
      expect(metricsCaseRow(h, { now: NOW })).toEqual(full.rows.find((r) => r.id === h.id));
    }
  });
});
