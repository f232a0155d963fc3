import { describe, expect, it } from "vitest";
import { publicRecord } from "./public-record";
import { at, days, freshReport, history, hours, receipt, slowDown, T0 } from "./test-support/history";

const NOW = at(days(100));

describe("publicRecord", () => {
  it("is empty, with nulls and no NaN, when nothing was released", () => {
    const record = publicRecord([freshReport(), history({ state: "fix-ready", releasedAt: null })], {
      now: NOW,
    });
    expect(record).toEqual({
      generatedAt: NOW.toISOString(),
      coveredFrom: null,
      coveredTo: null,
      releasedCases: 0,
      timeToFixReady: { count: 0, medianMs: null, p90Ms: null },
      timeToRelease: { count: 0, medianMs: null, p90Ms: null },
      releaseOnTime: { onTime: 0, late: 0, onTimeRate: null, adjusted: 0 },
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, none: 0, unscored: 0 },
      vultron: {
        fixReadyBeforePublic: { met: 0, broken: 0, shareMet: null },
        releasedBeforeExploit: { met: 0, broken: 0, shareMet: null },
      },
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  const histories = [
    history({ id: "case-released", distributorReceipts: [receipt()] }), // fix +3 d, release +10 d, on time
    history({
      id: "case-closed",
      state: "closed",
      cvssScore: 9.8,
      receivedAt: at(days(1)),
      fixReadyAt: at(days(12)),
      fixReopens: 1,
      releasedAt: at(days(31)),
      closedAt: at(days(40)),
      publicSince: at(days(5)),
    }),
    history({ id: "case-slowed", cvssScore: 3, releasedAt: at(days(30)), slowDowns: [slowDown()] }),
    // Not public yet: in progress, released state without a release time, or a release still to come.
    history({ id: "case-in-progress", state: "fix-ready", releasedAt: null }),
    history({ id: "case-no-release-time", releasedAt: null }),
    history({ id: "case-future", releasedAt: at(days(100) + 1) }),
    freshReport({ id: "case-spam", state: "spam" }),
  ];
  const record = publicRecord(histories, { now: NOW });

  it("counts released and closed cases only, released at or before now", () => {
    expect(record.releasedCases).toBe(3);
    expect(publicRecord(histories, { now: at(days(100) + 1) }).releasedCases).toBe(4);
  });

  it("gives medians and 90th percentiles of time to fix ready and to release", () => {
    // Fix ready: 3 d, 11 d (re-opened: the last time counts), 3 d. Release: 10 d, 30 d, 30 d.
    expect(record.timeToFixReady).toEqual({ count: 3, medianMs: days(3), p90Ms: days(11) });
    expect(record.timeToRelease).toEqual({ count: 3, medianMs: days(30), p90Ms: days(30) });
  });

  it("rates releases on time against the policy, slowed ones apart", () => {
    expect(record.releaseOnTime).toEqual({ onTime: 1, late: 1, onTimeRate: 0.5, adjusted: 1 });
  });

  it("counts by severity, the share of fixes ready before the public knew and released before an exploit", () => {
    expect(record.bySeverity).toEqual({ critical: 1, high: 1, medium: 0, low: 1, none: 0, unscored: 0 });
    expect(record.vultron.fixReadyBeforePublic).toEqual({ met: 2, broken: 1, shareMet: 2 / 3 });
    // No exploit on record: each release came first, whenever one appears.
    expect(record.vultron.releasedBeforeExploit).toEqual({ met: 3, broken: 0, shareMet: 1 });
  });

  it("covers the UTC days of the first and last release", () => {
    expect(record.coveredFrom).toBe("2026-03-12");
    expect(record.coveredTo).toBe(at(days(31)).toISOString().slice(0, 10));
    expect(record.generatedAt).toBe(NOW.toISOString());
  });

  it("holds no case id, organisation or instant of any case", () => {
    const text = JSON.stringify(record);
    expect(text).not.toMatch(/case-|org-/);
    for (const h of histories) {
      for (const date of [h.receivedAt, h.releasedAt, h.fixReadyAt]) {
        if (date) expect(text).not.toContain(date.toISOString());
      }
    }
    expect(Object.keys(record).sort()).toEqual(
      [
        "bySeverity",
        "coveredFrom",
        "coveredTo",
        "generatedAt",
        "releaseOnTime",
        "releasedCases",
        "timeToFixReady",
        "timeToRelease",
        "vultron",
      ].sort(),
    );
  });

  it("reads the release time given, not the state alone", () => {
    const released = publicRecord([history({ releasedAt: at(hours(1)) })], { now: T0.getTime() + hours(1) });
    expect(released.releasedCases).toBe(1);
  });
});
