import { describe, expect, it } from "vitest";
import { CASE_STATES, type CaseState } from "../cases/states";
import { DEFAULT_ACK_DEADLINE_HOURS } from "../timeline/acknowledgement";
import {
  caseMetrics,
  caseOutcome,
  caseSeverity,
  METRIC_IDS,
  METRIC_LABELS,
  type MetricId,
  timelineInputOf,
} from "./case-metrics";
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

const NOW = at(days(60));
const metricsOf = (h: TCaseHistory, now: Date | number = NOW, ackDeadlineHours?: number) =>
  caseMetrics(h, { now, ackDeadlineHours });
const status = (h: TCaseHistory, id: MetricId, now: Date | number = NOW) =>
  metricsOf(h, now).milestones[id].status;

describe("metric ids", () => {
  it("are the six milestones measured from arrival, each labelled", () => {
    expect(METRIC_IDS).toEqual([
      "acknowledged",
      "fix-team-formed",
      "fix-developed",
      "users-notified",
      "distributors-notified",
      "released",
    ]);
    for (const id of METRIC_IDS) expect(METRIC_LABELS[id].length).toBeGreaterThan(0);
  });
});

describe("caseMetrics: a private case released on time", () => {
  const m = metricsOf(history());
  it.each([
    ["acknowledged", hours(2), hours(DEFAULT_ACK_DEADLINE_HOURS)],
    ["fix-team-formed", hours(10), hours(24)],
    ["fix-developed", days(3), days(7)],
    ["users-notified", days(4), days(7)],
    ["distributors-notified", days(5), days(14)],
    ["released", days(10), days(21)],
  ] as const)("%s: took %d ms from arrival, due %d ms after it, on time", (id, duration, due) => {
    expect(m.milestones[id]).toEqual({
      id,
      reachedAt: at(duration),
      durationMs: duration,
      dueAt: at(due),
      status: "on-time",
      adjusted: null,
    });
  });
  it("carries severity, outcome, the public moment and the case's facts", () => {
    expect(m.severity).toBe("high");
    expect(m.outcome).toBe("accepted");
    expect(m.publicAwareAt).toEqual(at(days(10)));
    expect(m.id).toBe("case-1");
    expect(m.fixReopens).toBe(0);
    expect(m.vultron["F-before-P"]).toBe("met");
  });
});

describe("caseMetrics: statuses", () => {
  it("late when reached after the due time", () => {
    const m = metricsOf(history({ releasedAt: at(days(25)), fixTeamFormedAt: at(hours(30)) }));
    expect(m.milestones.released.status).toBe("late");
    expect(m.milestones.released.durationMs).toBe(days(25));
    expect(m.milestones["fix-team-formed"].status).toBe("late");
  });

  it("the acknowledgement window is the admins' setting", () => {
    const h = history({ acknowledgedAt: at(hours(30)) });
    expect(metricsOf(h).milestones.acknowledged.status).toBe("on-time");
    expect(metricsOf(h, NOW, 24).milestones.acknowledged).toMatchObject({
      status: "late",
      dueAt: at(hours(24)),
    });
  });

  it("open while it can still be on time, overdue after", () => {
    const h = freshReport({ state: "fix-in-progress", acknowledgedAt: at(hours(1)) });
    expect(status(h, "fix-team-formed", at(hours(1)))).toBe("open");
    expect(status(h, "released", at(days(21)))).toBe("open");
    expect(status(h, "released", at(days(21) + 1))).toBe("overdue");
    const m = metricsOf(h, at(days(21) + 1)).milestones.released;
    expect(m).toEqual({
      id: "released",
      reachedAt: null,
      durationMs: null,
      dueAt: at(days(21)),
      status: "overdue",
      adjusted: null,
    });
  });

  it("a report never accepted: milestones do not apply, the acknowledgement does while it waits", () => {
    const waiting = freshReport();
    expect(status(waiting, "acknowledged", at(hours(1)))).toBe("open");
    expect(status(waiting, "acknowledged", at(hours(48) + 1))).toBe("overdue");
    for (const id of METRIC_IDS.filter((i) => i !== "acknowledged")) {
      expect(metricsOf(waiting).milestones[id]).toMatchObject({ status: "not-applicable", dueAt: null });
    }
    // Spam may be discarded without an acknowledgement: nothing owed, nothing measured.
    const spam = metricsOf(freshReport({ state: "spam" }));
    expect(spam.outcome).toBe("spam");
    expect(spam.milestones.acknowledged).toMatchObject({
      status: "not-applicable",
      dueAt: null,
      durationMs: null,
    });
    const ackedThenRejected = metricsOf(freshReport({ state: "rejected", acknowledgedAt: at(hours(50)) }));
    expect(ackedThenRejected.milestones.acknowledged.status).toBe("late");
    expect(ackedThenRejected.milestones.released.status).toBe("not-applicable");
  });

  it("early disclosure does not apply when skipped or when the issue is neither remote nor privilege escalation", () => {
    const skipped = history({ distributorDisclosureSkipped: true, distributorsNotifiedAt: null });
    expect(status(skipped, "distributors-notified")).toBe("not-applicable");
    const local = history({ remotelyExploitable: false, distributorsNotifiedAt: null });
    expect(status(local, "distributors-notified")).toBe("not-applicable");
    expect(
      status(
        history({ distributorsNotifiedAt: null, state: "fix-ready", releasedAt: null }),
        "distributors-notified",
      ),
    ).toBe("overdue");
  });
});

describe("caseMetrics: clock edges", () => {
  it("exactly at the due time is on time; 1 ms after is late", () => {
    expect(status(history({ fixTeamFormedAt: at(hours(24)) }), "fix-team-formed")).toBe("on-time");
    expect(status(history({ fixTeamFormedAt: at(hours(24) + 1) }), "fix-team-formed")).toBe("late");
    expect(status(history({ releasedAt: at(days(21)) }), "released")).toBe("on-time");
    expect(status(history({ releasedAt: at(days(21) + 1) }), "released")).toBe("late");
    expect(status(history({ acknowledgedAt: at(hours(48)) }), "acknowledged")).toBe("on-time");
    expect(status(history({ acknowledgedAt: at(hours(48) + 1) }), "acknowledged")).toBe("late");
  });

  it("an open milestone at its due instant is still open; 1 ms later it is overdue", () => {
    const h = freshReport({ state: "accepted", acknowledgedAt: at(1) });
    expect(status(h, "fix-team-formed", at(hours(24)))).toBe("open");
    expect(status(h, "fix-team-formed", at(hours(24) + 1))).toBe("overdue");
    expect(status(freshReport(), "acknowledged", at(hours(48)))).toBe("open");
    expect(status(freshReport(), "acknowledged", at(hours(48) + 1))).toBe("overdue");
  });

  it("accepts now as epoch milliseconds", () => {
    expect(metricsOf(freshReport(), T0.getTime() + hours(49)).milestones.acknowledged.status).toBe("overdue");
  });

  it("a milestone recorded before the report arrived took no time (never a negative duration)", () => {
    const m = metricsOf(history({ fixReadyAt: at(-days(1)) }));
    expect(m.milestones["fix-developed"]).toMatchObject({ durationMs: 0, status: "on-time" });
  });
});

describe("caseMetrics: public disclosure (every deadline ASAP)", () => {
  const publicCase = history({ publicSince: T0, distributorsNotifiedAt: null });
  it("every milestone is due at arrival, so anything later is late", () => {
    const m = metricsOf(publicCase);
    for (const id of [
      "acknowledged",
      "fix-team-formed",
      "fix-developed",
      "users-notified",
      "released",
    ] as const) {
      expect(m.milestones[id]).toMatchObject({ dueAt: T0, status: "late" });
    }
    expect(m.milestones["distributors-notified"].status).toBe("not-applicable");
    expect(m.publicAwareAt).toEqual(T0);
  });

  it("only an instant response is on time", () => {
    const m = metricsOf(history({ publicSince: T0, acknowledgedAt: T0, fixTeamFormedAt: T0 }));
    expect(m.milestones.acknowledged.status).toBe("on-time");
    expect(m.milestones["fix-team-formed"].status).toBe("on-time");
  });

  it("open at the arrival instant, overdue 1 ms later", () => {
    const h = freshReport({ publicSince: T0 });
    expect(status(h, "acknowledged", T0)).toBe("open");
    expect(status(h, "acknowledged", at(1))).toBe("overdue");
  });

  it("a case that became public later is public for the timeline (as on the case page)", () => {
    const m = metricsOf(history({ publicSince: at(days(2)) }));
    expect(m.milestones.released).toMatchObject({ dueAt: T0, status: "late" });
    expect(m.publicAwareAt).toEqual(at(days(2)));
  });
});

describe("caseMetrics: recorded decisions", () => {
  it("a valid slow-down (CVSS below 4.0) moves the due date and marks the milestone adjusted", () => {
    const m = metricsOf(history({ cvssScore: 3.5, releasedAt: at(days(30)), slowDowns: [slowDown()] }));
    expect(m.milestones.released).toMatchObject({
      dueAt: at(days(35)),
      status: "on-time",
      adjusted: "slow-down",
    });
    expect(m.milestones["fix-developed"].adjusted).toBeNull();
    expect(m.severity).toBe("low");
  });

  it("an invalid slow-down (CVSS 7.5) is ignored: policy date, not adjusted", () => {
    const m = metricsOf(history({ releasedAt: at(days(30)), slowDowns: [slowDown()] }));
    expect(m.milestones.released).toMatchObject({ dueAt: at(days(21)), status: "late", adjusted: null });
  });

  it("a slow-down on a public case is ignored", () => {
    const m = metricsOf(history({ cvssScore: 3.5, publicSince: T0, slowDowns: [slowDown()] }));
    expect(m.milestones.released).toMatchObject({ dueAt: T0, adjusted: null });
  });

  it("an upstream dependency moves the date later or earlier, whatever the score", () => {
    const later = metricsOf(history({ releasedAt: at(days(25)), upstreamDependencies: [upstream()] }));
    expect(later.milestones.released).toMatchObject({
      dueAt: at(days(30)),
      status: "on-time",
      adjusted: "upstream-dependency",
    });
    const earlier = metricsOf(
      history({ upstreamDependencies: [upstream({ newDueDates: { released: at(days(5)) } })] }),
    );
    expect(earlier.milestones.released).toMatchObject({
      dueAt: at(days(5)),
      status: "late",
      adjusted: "upstream-dependency",
    });
  });

  it("the later decision wins when both moved the same date", () => {
    const m = metricsOf(
      history({
        cvssScore: 3.5,
        slowDowns: [slowDown({ decidedAt: at(days(1)) })],
        upstreamDependencies: [upstream({ decidedAt: at(days(3)), newDueDates: { released: at(days(40)) } })],
      }),
    );
    expect(m.milestones.released).toMatchObject({ dueAt: at(days(40)), adjusted: "upstream-dependency" });
  });
});

describe("caseMetrics: a re-opened fix", () => {
  it("the last time the fix became ready counts", () => {
    const m = metricsOf(history({ fixReopens: 2, fixReadyAt: at(days(8)), noticePublishedAt: at(days(8)) }));
    expect(m.fixReopens).toBe(2);
    expect(m.milestones["fix-developed"]).toMatchObject({ durationMs: days(8), status: "late" });
    expect(m.vultronEvents.F).toEqual(at(days(8)));
  });

  it("a fix re-opened and not ready again is open, then overdue", () => {
    const h = history({
      state: "fix-in-progress",
      fixReopens: 1,
      fixReadyAt: null,
      noticePublishedAt: null,
      distributorsNotifiedAt: null,
      releasedAt: null,
    });
    expect(status(h, "fix-developed", at(days(6)))).toBe("open");
    expect(status(h, "fix-developed", at(days(7) + 1))).toBe("overdue");
    // No fix or mitigation yet: the notice cannot be sent, but its window still runs from arrival.
    expect(status(h, "users-notified", at(days(7) + 1))).toBe("overdue");
  });
});

describe("timelineInputOf", () => {
  it("builds the case page's input: fix or mitigation, whichever first; public when 'public since' is set", () => {
    const input = timelineInputOf(history({ mitigationAvailableAt: at(days(1)), publicSince: at(days(2)) }));
    expect(input.fixOrMitigationAt).toEqual(at(days(1)));
    expect(input.isPublic).toBe(true);
    expect(input.reportedAt).toEqual(T0);
    expect(input.completed).toEqual({
      "fix-team-formed": at(hours(10)),
      "cvss-scored": at(days(1)),
      "fix-developed": at(days(3)),
      "users-notified": at(days(4)),
      "distributors-notified": at(days(5)),
      released: at(days(10)),
    });
    expect(timelineInputOf(history()).fixOrMitigationAt).toEqual(at(days(3)));
    expect(timelineInputOf(freshReport()).completed).toEqual({});
    expect(timelineInputOf(freshReport()).fixOrMitigationAt).toBeNull();
  });
});

describe("severity and outcome", () => {
  it.each([
    [null, "unscored"],
    [0, "none"],
    [0.1, "low"],
    [3.9, "low"],
    [4, "medium"],
    [6.9, "medium"],
    [7, "high"],
    [8.9, "high"],
    [9, "critical"],
    [10, "critical"],
    [10.1, "unscored"],
    [-1, "unscored"],
    [Number.NaN, "unscored"],
  ] as const)("CVSS %s → %s", (score, severity) => {
    expect(caseSeverity(score)).toBe(severity);
  });

  const expected: Record<CaseState, string> = {
    received: "untriaged",
    triage: "untriaged",
    accepted: "accepted",
    duplicate: "duplicate",
    rejected: "rejected",
    "not-a-vulnerability": "not-a-vulnerability",
    spam: "spam",
    "fix-in-progress": "accepted",
    "fix-ready": "accepted",
    "distributors-notified": "accepted",
    released: "accepted",
    closed: "accepted",
  };
  it.each(CASE_STATES.map((s) => [s, expected[s]]))("state %s → outcome %s", (state, outcome) => {
    expect(caseOutcome(state as CaseState)).toBe(outcome);
  });
});

describe("distributor receipts", () => {
  it("times each organisation's acknowledgement and first download from its notification", () => {
    const m = metricsOf(
      history({
        distributorReceipts: [
          receipt(),
          receipt({ organizationId: "org-2", acknowledgedAt: null, firstDownloadAt: null, feedbackCount: 0 }),
        ],
      }),
    );
    expect(m.distributorReceipts).toEqual([
      {
        organizationId: "org-1",
        notifiedAt: at(days(5)),
        acknowledgedAt: at(days(5) + hours(3)),
        timeToAcknowledgeMs: hours(3),
        firstDownloadAt: at(days(5) + hours(1)),
        timeToFirstDownloadMs: hours(1),
        feedbackCount: 1,
      },
      {
        organizationId: "org-2",
        notifiedAt: at(days(5)),
        acknowledgedAt: null,
        timeToAcknowledgeMs: null,
        firstDownloadAt: null,
        timeToFirstDownloadMs: null,
        feedbackCount: 0,
      },
    ]);
  });
});
