import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CASE_STATES } from "../cases/states";
import { at, days, hours, T0, timelineInput } from "../test-support/fixtures";
import {
  checkSlowDown,
  computeTimeline,
  dueSoonThresholdMs,
  type Milestone,
  type TTimelineInput,
  ZTimelineInput,
} from "./milestones";
import {
  MILESTONE_IDS,
  MILESTONE_POLICY,
  type MilestoneId,
  TIMELINE_MILESTONE_IDS,
  type TimelineMilestoneId,
} from "./policy";
import { slowDownProblems, type TSlowDownDecision } from "./slow-down";

const input = timelineInput;
const byId = (milestones: readonly Milestone[], id: TimelineMilestoneId) =>
  milestones.find((m) => m.id === id) as Milestone;
const slowDown = (overrides: Partial<TSlowDownDecision> = {}): TSlowDownDecision => ({
  id: "sd-1",
  decidedBy: "u-lead",
  decidedAt: at(days(2)),
  reason: "Maintainers away for the holidays",
  discussedAt: "https://lists.example.org/security/2026-03/msg42",
  newDueDates: { released: at(days(35)) },
  ...overrides,
});

/** Every milestone rule of the policy, one row each: due offset and window semantics. */
const DUE_TABLE: [MilestoneId, number][] = [
  ["fix-team-formed", hours(24)],
  ["cvss-scored", days(7)],
  ["fix-developed", days(7)],
  ["users-notified", days(7)],
  ["distributors-notified", days(14)],
  ["released", days(21)],
];

describe("milestone rules (private disclosure)", () => {
  it.each(DUE_TABLE)("%s is due %d ms after the report arrives", (id, offset) => {
    const m = byId(computeTimeline(input(), T0).milestones, id);
    expect(m.due).toEqual(at(offset));
    expect(m.asap).toBe(false);
    expect(MILESTONE_POLICY[id].dueAfterMs).toBe(offset);
  });
  it.each(DUE_TABLE)("%s: on track, then due soon, then overdue", (id, offset) => {
    const soon = dueSoonThresholdMs(id);
    const status = (now: number) => byId(computeTimeline(input(), at(now)).milestones, id).status;
    expect(status(0)).toBe("on-track");
    expect(status(offset - soon - 1)).toBe("on-track");
    expect(status(offset - soon)).toBe("due-soon");
    expect(status(offset)).toBe("due-soon");
    expect(status(offset + 1)).toBe("overdue");
  });
  it("due soon is the last quarter of the window, at most 24 h", () => {
    expect(dueSoonThresholdMs("fix-team-formed")).toBe(hours(6));
    expect(dueSoonThresholdMs("released")).toBe(hours(24));
  });
  it("a completed milestone is done, and late when after its due date", () => {
    const t = computeTimeline(
      input({ completed: { "fix-team-formed": at(hours(30)), "cvss-scored": at(days(1)) } }),
      at(days(2)),
    );
    expect(byId(t.milestones, "fix-team-formed")).toMatchObject({
      status: "done",
      late: true,
      completedAt: at(hours(30)),
    });
    expect(byId(t.milestones, "cvss-scored")).toMatchObject({ status: "done", late: false });
  });
  it("the notice to users and early disclosure cannot come before a fix or mitigation", () => {
    const none = computeTimeline(input(), T0);
    expect(byId(none.milestones, "users-notified").earliest).toBeNull();
    const withFix = computeTimeline(input({ fixOrMitigationAt: at(days(3)) }), T0);
    expect(byId(withFix.milestones, "users-notified").earliest).toEqual(at(days(3)));
    expect(byId(withFix.milestones, "distributors-notified").earliest).toEqual(at(days(3)));
  });
  it("after early disclosure, release is not before the agreed disclosure time", () => {
    const t = computeTimeline(
      input({ disclosureAt: at(days(12)), completed: { "distributors-notified": at(days(5)) } }),
      at(days(6)),
    );
    expect(byId(t.milestones, "released").earliest).toEqual(at(days(12)));
  });
  it("early disclosure is not applicable unless remote or privilege escalation", () => {
    const t = computeTimeline(input({ remotelyExploitable: false }), T0);
    expect(byId(t.milestones, "distributors-notified")).toMatchObject({
      status: "not-applicable",
      due: null,
    });
    const priv = computeTimeline(input({ remotelyExploitable: false, privilegeEscalation: true }), T0);
    expect(byId(priv.milestones, "distributors-notified").status).toBe("on-track");
  });
  it("early disclosure is not applicable when the Fix Lead skipped it", () => {
    const t = computeTimeline(input({ distributorDisclosureSkipped: true }), T0);
    expect(byId(t.milestones, "distributors-notified").note).toBe(
      "The Fix Lead decided early disclosure is not needed.",
    );
  });
  it.each(["received", "triage"] as const)("no milestone applies while %s", (state) => {
    const t = computeTimeline(input({ state }), T0);
    expect(t.milestones.every((m) => m.status === "not-applicable")).toBe(true);
    expect(t.next).toBeNull();
  });
  it.each(["duplicate", "rejected", "not-a-vulnerability", "spam"] as const)(
    "no milestone applies to a %s report",
    (state) => {
      const t = computeTimeline(input({ state }), T0);
      expect(
        t.milestones.every((m) => m.status === "not-applicable" && m.note?.includes("not accepted")),
      ).toBe(true);
    },
  );
  it("next is the open milestone due first, in policy order on ties", () => {
    expect(computeTimeline(input(), T0).next?.id).toBe("fix-team-formed");
    const t = computeTimeline(input({ completed: { "fix-team-formed": at(hours(3)) } }), at(hours(4)));
    expect(t.next?.id).toBe("cvss-scored");
    const all = Object.fromEntries(TIMELINE_MILESTONE_IDS.map((id) => [id, at(days(1))]));
    expect(computeTimeline(input({ completed: all }), at(days(2))).next).toBeNull();
  });
});

describe("public disclosure makes every deadline ASAP", () => {
  it("all open milestones are due at the report's arrival and overdue, flagged ASAP", () => {
    const t = computeTimeline(input({ isPublic: true }), T0);
    const afterRelease = ["distributors-notified", "retrospective"];
    for (const m of t.milestones.filter((x) => !afterRelease.includes(x.id))) {
      expect(m).toMatchObject({ due: T0, asap: true, status: "overdue" });
    }
    expect(byId(t.milestones, "distributors-notified").status).toBe("not-applicable");
  });
  it("slow-downs are ignored for a public issue", () => {
    const t = computeTimeline(input({ isPublic: true, cvssScore: 3.1, slowDowns: [slowDown()] }), T0);
    expect(byId(t.milestones, "released").due).toEqual(T0);
    expect(t.ignoredSlowDowns[0]?.problems).toContain(
      "The issue is public: every deadline is as soon as possible.",
    );
  });
});

describe("slow-down decisions", () => {
  it("a valid decision below CVSS 4.0 moves dates later and is referenced", () => {
    const t = computeTimeline(input({ cvssScore: 3.9, slowDowns: [slowDown()] }), T0);
    expect(byId(t.milestones, "released")).toMatchObject({ due: at(days(35)), slowDownId: "sd-1" });
    expect(t.ignoredSlowDowns).toEqual([]);
  });
  it.each([
    [4.0, "CVSS 4.0 is not below 4.0: the timeline cannot slow down."],
    [9.8, "CVSS 9.8 is not below 4.0: the timeline cannot slow down."],
    [null, "Score the case with CVSS first: only scores below 4.0 may slow down."],
  ])("is ignored with CVSS %s", (score, problem) => {
    const t = computeTimeline(input({ cvssScore: score, slowDowns: [slowDown()] }), T0);
    expect(byId(t.milestones, "released").due).toEqual(at(days(21)));
    expect(t.ignoredSlowDowns).toEqual([{ id: "sd-1", problems: [problem] }]);
  });
  it("needs who, why, where it was discussed and new dates", () => {
    const problems = slowDownProblems(
      slowDown({ reason: " ", discussedAt: "", decidedBy: "", newDueDates: {} }),
      {
        cvssScore: 2,
        isPublic: false,
        currentDue: {},
      },
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        "Say why the release slows down.",
        "Link the security@ mailing-list discussion.",
        "Give at least one new date.",
      ]),
    );
  });
  it("cannot bring a date forward", () => {
    const t = computeTimeline(
      input({ cvssScore: 2, slowDowns: [slowDown({ newDueDates: { released: at(days(20)) } })] }),
      T0,
    );
    expect(byId(t.milestones, "released").due).toEqual(at(days(21)));
    expect(t.ignoredSlowDowns[0]?.problems[0]).toContain("cannot bring");
  });
  it("applies decisions in the order decided; a later one can extend again", () => {
    const t = computeTimeline(
      input({
        cvssScore: 2,
        slowDowns: [
          slowDown({ id: "sd-2", decidedAt: at(days(5)), newDueDates: { released: at(days(40)) } }),
          slowDown({
            id: "sd-1",
            decidedAt: at(days(2)),
            newDueDates: { released: at(days(30)), "users-notified": at(days(10)) },
          }),
        ],
      }),
      T0,
    );
    expect(byId(t.milestones, "released")).toMatchObject({ due: at(days(40)), slowDownId: "sd-2" });
    expect(byId(t.milestones, "users-notified")).toMatchObject({ due: at(days(10)), slowDownId: "sd-1" });
  });
  it("reports a date for a milestone with no due date", () => {
    expect(slowDownProblems(slowDown(), { cvssScore: 2, isPublic: false, currentDue: {} })).toEqual([
      'Milestone "released" has no due date to move.',
    ]);
  });
});

const arbDate = fc.integer({ min: 0, max: days(60) }).map((ms) => at(ms));
const arbInput = fc.record({
  state: fc.constantFrom(...CASE_STATES),
  reportedAt: fc.constant(T0),
  isPublic: fc.boolean(),
  cvssScore: fc.option(
    fc.integer({ min: 0, max: 100 }).map((n) => n / 10),
    { nil: null },
  ),
  remotelyExploitable: fc.boolean(),
  privilegeEscalation: fc.boolean(),
  distributorDisclosureSkipped: fc.boolean(),
  fixOrMitigationAt: fc.option(arbDate, { nil: null }),
  disclosureAt: fc.option(arbDate, { nil: null }),
  completed: fc.dictionary(fc.constantFrom(...MILESTONE_IDS), arbDate),
  slowDowns: fc.array(
    fc.record({
      id: fc.uuid(),
      decidedBy: fc.constantFrom("u-lead", ""),
      decidedAt: arbDate,
      reason: fc.constantFrom("Holidays", ""),
      discussedAt: fc.constantFrom("https://lists.example.org/t/1", ""),
      newDueDates: fc.dictionary(fc.constantFrom(...MILESTONE_IDS), arbDate),
    }),
    { maxLength: 4 },
  ),
}) as fc.Arbitrary<TTimelineInput>;

describe("deadlines never move earlier than the policy allows (property)", () => {
  it("every due date is at least the policy's (ASAP for public), whatever the slow-downs and now", () => {
    fc.assert(
      fc.property(arbInput, arbDate, (timelineInput, now) => {
        const t = computeTimeline(timelineInput, now);
        for (const m of t.milestones) {
          // The retrospective's clock is the release, not the report (tested on its own).
          if (m.due === null || m.id === "retrospective") continue;
          const policy = timelineInput.isPublic
            ? T0.getTime()
            : T0.getTime() + MILESTONE_POLICY[m.id].dueAfterMs;
          if (timelineInput.isPublic) expect(m.due.getTime()).toBe(policy);
          else expect(m.due.getTime()).toBeGreaterThanOrEqual(policy);
          // Below 4.0 only, and only by a recorded decision.
          if (m.due.getTime() > policy) {
            expect(timelineInput.cvssScore).not.toBeNull();
            expect(timelineInput.cvssScore as number).toBeLessThan(4);
            expect(m.slowDownId).not.toBeNull();
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
  it("due dates do not depend on now, and the same inputs give the same answer", () => {
    fc.assert(
      fc.property(arbInput, arbDate, arbDate, (timelineInput, a, b) => {
        const x = computeTimeline(timelineInput, a);
        const y = computeTimeline(timelineInput, b);
        expect(x.milestones.map((m) => m.due)).toEqual(y.milestones.map((m) => m.due));
        expect(computeTimeline(timelineInput, a)).toEqual(x);
      }),
      { numRuns: 300 },
    );
  });
  it("adding a slow-down never moves any due date earlier", () => {
    fc.assert(
      fc.property(
        arbInput,
        fc.dictionary(fc.constantFrom(...MILESTONE_IDS), arbDate),
        (timelineInput, dates) => {
          const before = computeTimeline(timelineInput, T0);
          const extra = slowDown({ id: "zz-extra", decidedAt: at(days(61)), newDueDates: dates });
          const after = computeTimeline(
            { ...timelineInput, slowDowns: [...timelineInput.slowDowns, extra] },
            T0,
          );
          before.milestones.forEach((m, i) => {
            const later = after.milestones[i] as Milestone;
            if (m.due && later.due) expect(later.due.getTime()).toBeGreaterThanOrEqual(m.due.getTime());
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("ZTimelineInput", () => {
  it("parses a well-formed input and refuses a score out of range", () => {
    expect(ZTimelineInput.safeParse(input({ slowDowns: [slowDown()] })).success).toBe(true);
    expect(ZTimelineInput.safeParse(input({ cvssScore: 11 })).success).toBe(false);
  });
});

describe("checkSlowDown", () => {
  it("accepts a later date below CVSS 4.0 and refuses one for a milestone that does not apply", () => {
    expect(checkSlowDown(input({ cvssScore: 3 }), slowDown())).toEqual([]);
    expect(
      checkSlowDown(
        input({ cvssScore: 3, remotelyExploitable: false }),
        slowDown({ newDueDates: { "distributors-notified": at(days(30)) } }),
      ),
    ).toEqual(['Milestone "distributors-notified" has no due date to move.']);
    expect(
      checkSlowDown(
        input({ cvssScore: 3, slowDowns: [slowDown()] }),
        slowDown({ id: "sd-2", newDueDates: { released: at(days(30)) } }),
      ),
    ).toEqual([
      'A slow-down cannot bring "released" forward (from 2026-04-06 09:00 UTC to 2026-04-01 09:00 UTC).',
    ]);
  });
});

describe("retrospective (1–3 days after the release)", () => {
  const released = { released: at(days(15)) };
  it("does not apply before the release", () => {
    const m = byId(computeTimeline(input(), T0).milestones, "retrospective");
    expect(m).toMatchObject({ status: "not-applicable", due: null, earliest: null });
    expect(m.note).toBe("Due 1–3 days after the release.");
  });
  it.each([
    [days(15), "on-track"],
    [days(18) - hours(18) - 1, "on-track"],
    [days(18) - hours(18), "due-soon"],
    [days(18), "due-soon"],
    [days(18) + 1, "overdue"],
  ] as const)("at release + offset %d ms it is %s", (now, status) => {
    const m = byId(
      computeTimeline(input({ state: "released", completed: released }), at(now)).milestones,
      "retrospective",
    );
    expect(m).toMatchObject({ status, earliest: at(days(16)), due: at(days(18)), asap: false });
  });
  it("is not ASAP even for a public issue, and is done once written", () => {
    const open = computeTimeline(
      input({ state: "released", isPublic: true, completed: released }),
      at(days(15)),
    );
    expect(byId(open.milestones, "retrospective")).toMatchObject({ asap: false, status: "on-track" });
    const done = computeTimeline(
      input({ state: "closed", completed: { ...released, retrospective: at(days(19)) } }),
      at(days(20)),
    );
    expect(byId(done.milestones, "retrospective")).toMatchObject({ status: "done", late: true });
  });
  it("is the next milestone once everything else is done", () => {
    const all = Object.fromEntries(MILESTONE_IDS.map((id) => [id, at(days(1))]));
    expect(computeTimeline(input({ state: "released", completed: all }), at(days(2))).next?.id).toBe(
      "retrospective",
    );
  });
  it("slow-downs cannot move it (its clock is the release)", () => {
    const parsed = ZTimelineInput.safeParse(
      input({
        cvssScore: 2,
        slowDowns: [slowDown({ newDueDates: { retrospective: at(days(40)) } as never })],
      }),
    );
    expect(parsed.success).toBe(false);
  });
});
