import { describe, expect, it } from "vitest";
import type { CaseState } from "../cases/states";
import { at, days, hours, T0, timelineInput } from "../test-support/fixtures";
import { computeTimeline, type TTimelineInput } from "../timeline/milestones";
import {
  type AlertPeople,
  acknowledgementDueSoonMs,
  alertKey,
  type CaseAlertInput,
  type PlannedAlert,
  planAlerts,
  planCaseAlerts,
  planDailyDigest,
  type SentAlert,
  toAlertCaseRef,
  toAlertUserId,
} from "./alert-plan";

const PEOPLE: AlertPeople = { pstIds: ["u-pst", "u-lead"], digestOnlyIds: [] };
const SETTINGS = { ackDeadlineHours: 48 };

function caseAt(now: Date, overrides: Partial<CaseAlertInput> = {}, timeline: Partial<TTimelineInput> = {}) {
  const state = (overrides.state ?? "fix-in-progress") as CaseState;
  const isPublic = overrides.isPublic ?? false;
  const input = timelineInput({ state, isPublic, remotelyExploitable: false, ...timeline });
  const c: CaseAlertInput = {
    caseRef: "case-1a2b3c4d",
    state,
    isPublic,
    receivedAt: T0,
    acknowledged: state !== "received",
    timeline: computeTimeline(input, now),
    fixLeadId: "u-lead",
    ...overrides,
  };
  return c;
}
/** Records every item of the planned alerts as sent, as the use-case would. */
const sentFrom = (alerts: readonly PlannedAlert[]): SentAlert[] =>
  alerts.flatMap((a) => a.items.map((item) => ({ ...item, recipientId: a.recipientId })));
const summary = (alerts: readonly PlannedAlert[]) =>
  alerts.map(
    (a) =>
      `${a.kind}→${a.recipientId}${a.urgent ? "!" : ""}:${a.items.map((i) => `${i.subject}/${i.status}`).join(",")}`,
  );

describe("a new report", () => {
  it("alerts every PST member at once, not urgent for a private report", () => {
    const alerts = planCaseAlerts(caseAt(T0, { state: "received" }), PEOPLE, [], SETTINGS, T0);
    expect(summary(alerts)).toEqual([
      "new-report→u-pst:report/received",
      "new-report→u-lead:report/received",
    ]);
  });
  it("is urgent for a public disclosure (the policy's IMMEDIATELY), without a separate acknowledgement alert", () => {
    const alerts = planCaseAlerts(
      caseAt(T0, { state: "received", isPublic: true }),
      PEOPLE,
      [],
      SETTINGS,
      T0,
    );
    expect(summary(alerts)).toEqual([
      "new-report→u-pst!:report/received",
      "new-report→u-lead!:report/received",
    ]);
  });
  it("is sent once", () => {
    const c = caseAt(T0, { state: "received" });
    const first = planCaseAlerts(c, PEOPLE, [], SETTINGS, T0);
    expect(planCaseAlerts(c, PEOPLE, sentFrom(first), SETTINGS, at(hours(1)))).toEqual([]);
  });
  it("is not sent once triage started (it would be news to nobody)", () => {
    expect(planCaseAlerts(caseAt(T0, { state: "triage" }), PEOPLE, [], SETTINGS, T0)).toEqual([]);
  });
});

describe("the acknowledgement clock", () => {
  const received = (now: Date) => caseAt(now, { state: "received" });
  const sentNew = sentFrom(planCaseAlerts(received(T0), PEOPLE, [], SETTINGS, T0));
  it.each([
    [hours(36) - 1, []],
    [
      hours(36),
      ["acknowledgement→u-pst:acknowledgement/due-soon", "acknowledgement→u-lead:acknowledgement/due-soon"],
    ],
    [
      hours(48),
      ["acknowledgement→u-pst:acknowledgement/overdue", "acknowledgement→u-lead:acknowledgement/overdue"],
    ],
  ])("at %d ms", (offset, expected) => {
    expect(summary(planCaseAlerts(received(at(offset)), PEOPLE, sentNew, SETTINGS, at(offset)))).toEqual(
      expected,
    );
  });
  it("due soon, then overdue, each once", () => {
    const soon = planCaseAlerts(received(at(hours(40))), PEOPLE, sentNew, SETTINGS, at(hours(40)));
    const sent = [...sentNew, ...sentFrom(soon)];
    expect(planCaseAlerts(received(at(hours(41))), PEOPLE, sent, SETTINGS, at(hours(41)))).toEqual([]);
    const overdue = planCaseAlerts(received(at(hours(49))), PEOPLE, sent, SETTINGS, at(hours(49)));
    expect(overdue).toHaveLength(2);
    const all = [...sent, ...sentFrom(overdue)];
    expect(planCaseAlerts(received(at(days(5))), PEOPLE, all, SETTINGS, at(days(5)))).toEqual([]);
  });
  it("nothing once acknowledged", () => {
    const c = caseAt(at(hours(49)), { state: "received", acknowledged: true });
    expect(summary(planCaseAlerts(c, PEOPLE, sentNew, SETTINGS, at(hours(49))))).toEqual([]);
  });
  it("due soon is the last quarter, at most 12 h", () => {
    expect(acknowledgementDueSoonMs(48)).toBe(hours(12));
    expect(acknowledgementDueSoonMs(8)).toBe(hours(2));
  });
});

describe("milestone reminders", () => {
  it("go to the Fix Lead and the PST when due soon, once per milestone and status", () => {
    const now = at(hours(20));
    const c = caseAt(now);
    const first = planCaseAlerts(c, PEOPLE, [], SETTINGS, now);
    expect(summary(first)).toEqual([
      "reminder→u-lead:fix-team-formed/due-soon",
      "reminder→u-pst:fix-team-formed/due-soon",
    ]);
    expect(first[0]?.items[0]?.due).toEqual(at(hours(24)));
    expect(planCaseAlerts(c, PEOPLE, sentFrom(first), SETTINGS, at(hours(23)))).toEqual([]);
    const later = caseAt(at(hours(25)));
    const overdue = planCaseAlerts(later, PEOPLE, sentFrom(first), SETTINGS, at(hours(25)));
    expect(summary(overdue)).toEqual([
      "reminder→u-lead:fix-team-formed/overdue",
      "reminder→u-pst:fix-team-formed/overdue",
    ]);
  });
  it("a Fix Lead outside the PST gets them too; no Fix Lead means the PST only", () => {
    const now = at(hours(20));
    const outside = planCaseAlerts(caseAt(now, { fixLeadId: "u-eng" }), PEOPLE, [], SETTINGS, now);
    expect(outside.map((a) => a.recipientId)).toEqual(["u-eng", "u-pst", "u-lead"]);
    const none = planCaseAlerts(caseAt(now, { fixLeadId: null }), PEOPLE, [], SETTINGS, now);
    expect(none.map((a) => a.recipientId)).toEqual(["u-pst", "u-lead"]);
  });
  it("a moved due date (recorded decision) is reminded again for the new date", () => {
    const now = at(days(20) + hours(1));
    const before = planCaseAlerts(caseAt(now), PEOPLE, [], SETTINGS, now);
    const slowed = caseAt(
      at(days(34) + hours(1)),
      {},
      {
        cvssScore: 2,
        slowDowns: [
          {
            id: "sd-1",
            decidedBy: "u-lead",
            decidedAt: at(days(20) + hours(2)),
            reason: "Holidays",
            discussedAt: "https://lists.example.org/t/1",
            newDueDates: { released: at(days(35)) },
          },
        ],
      },
    );
    const after = planCaseAlerts(slowed, PEOPLE, sentFrom(before), SETTINGS, at(days(34) + hours(1)));
    expect(after.flatMap((a) => a.items).filter((i) => i.subject === "released")[0]).toMatchObject({
      status: "due-soon",
      due: at(days(35)),
    });
  });
  it("a public case: every milestone at once, urgent, in one email per person", () => {
    const alerts = planCaseAlerts(
      caseAt(T0, { isPublic: true, state: "accepted" }),
      PEOPLE,
      [],
      SETTINGS,
      T0,
    );
    expect(alerts).toHaveLength(2);
    expect(alerts[0]?.urgent).toBe(true);
    expect(alerts[0]?.items.map((i) => i.subject)).toEqual([
      "fix-team-formed",
      "cvss-scored",
      "fix-developed",
      "users-notified",
      "released",
    ]);
  });
  it("the retrospective is reminded after release", () => {
    const now = at(days(17) + hours(12));
    const c = caseAt(
      now,
      { state: "released" },
      {
        completed: {
          released: at(days(15)),
          "fix-team-formed": T0,
          "cvss-scored": T0,
          "fix-developed": T0,
          "users-notified": T0,
        },
      },
    );
    expect(summary(planCaseAlerts(c, PEOPLE, [], SETTINGS, now))).toEqual([
      "reminder→u-lead:retrospective/due-soon",
      "reminder→u-pst:retrospective/due-soon",
    ]);
  });
  it.each(["closed", "duplicate", "rejected", "not-a-vulnerability", "spam"] as CaseState[])(
    "none for a %s case",
    (state) => {
      const now = at(days(30));
      const c = { ...caseAt(now), state };
      expect(planCaseAlerts(c, PEOPLE, [], SETTINGS, now)).toEqual([]);
      // The PST's digest still goes out (it carries the audit head), with nothing of this case in it.
      expect(planDailyDigest([c], PEOPLE, [], SETTINGS, now).flatMap((d) => d.items)).toEqual([]);
    },
  );
});

describe("digest-only people", () => {
  const people: AlertPeople = { pstIds: ["u-pst", "u-lead"], digestOnlyIds: ["u-pst"] };
  it("get no immediate alert of any kind (not even urgent ones)", () => {
    const recipients = [
      ...planCaseAlerts(caseAt(T0, { state: "received", isPublic: true }), people, [], SETTINGS, T0),
      ...planCaseAlerts(caseAt(at(hours(20))), people, [], SETTINGS, at(hours(20))),
    ].map((a) => a.recipientId);
    expect(recipients).not.toContain("u-pst");
    expect(recipients).toContain("u-lead");
  });
  it("get the digest", () => {
    const now = at(hours(22));
    expect(planDailyDigest([caseAt(now)], people, [], SETTINGS, now).map((a) => a.recipientId)).toContain(
      "u-pst",
    );
  });
});

describe("the daily digest", () => {
  // T0 is 09:00 UTC.
  it("lists what is due, most pressing first, once per UTC day per person", () => {
    const now = at(hours(20)); // 05:00 UTC the next day: before the digest hour
    expect(planDailyDigest([caseAt(now)], PEOPLE, [], SETTINGS, now)).toEqual([]);
    const morning = at(hours(22)); // 07:00 UTC
    const cases = [
      caseAt(morning),
      caseAt(morning, { caseRef: "case-public1", isPublic: true, state: "accepted" }),
      caseAt(morning, { caseRef: "case-inbox01", state: "received", acknowledged: false }, {}),
    ];
    const digests = planDailyDigest(cases, PEOPLE, [], SETTINGS, morning);
    expect(digests.map((d) => d.recipientId)).toEqual(["u-pst", "u-lead"]);
    const items = digests[0]?.items ?? [];
    expect(items[0]).toMatchObject({ caseRef: "case-public1", asap: true });
    expect(items.at(-1)).toMatchObject({
      caseRef: "case-1a2b3c4d",
      subject: "fix-team-formed",
      status: "due-soon",
    });
    expect(items.some((i) => i.caseRef === "case-inbox01")).toBe(false); // its acknowledgement is not due yet
    expect(digests[0]?.keys).toEqual(["-|digest|daily|2026-03-03T00:00:00.000Z|u-pst"]);
    const sent = digests.map((d) => ({
      caseRef: null,
      subject: "digest" as const,
      status: "daily" as const,
      due: new Date("2026-03-03T00:00:00Z"),
      recipientId: d.recipientId,
    }));
    expect(planDailyDigest(cases, PEOPLE, sent, SETTINGS, at(hours(30)))).toEqual([]);
    expect(planDailyDigest(cases, PEOPLE, sent, SETTINGS, at(hours(46)))).toHaveLength(2); // next day
  });
  it("a Fix Lead outside the PST gets a digest of their own cases only", () => {
    const now = at(hours(22));
    const mine = caseAt(now, { fixLeadId: "u-eng" });
    const other = caseAt(now, { caseRef: "case-other001", fixLeadId: "u-lead" });
    const digest = planDailyDigest([mine, other], PEOPLE, [], SETTINGS, now).find(
      (d) => d.recipientId === "u-eng",
    );
    expect(digest?.items.map((i) => i.caseRef)).toEqual(["case-1a2b3c4d"]);
  });
  it("no empty digest, except the PST's: every day, to carry the audit head", () => {
    expect(planDailyDigest([caseAt(at(hours(22)))], PEOPLE, [], SETTINGS, at(hours(22)))).toHaveLength(2);
    const empty = planDailyDigest([], PEOPLE, [], SETTINGS, at(hours(22)));
    expect(empty.map((d) => [d.recipientId, d.items.length])).toEqual([
      ["u-pst", 0],
      ["u-lead", 0],
    ]);
    expect(empty[0]?.keys).toEqual(["-|digest|daily|2026-03-03T00:00:00.000Z|u-pst"]);
    // Once a day all the same.
    const sent = empty.map((d) => ({
      caseRef: null,
      subject: "digest" as const,
      status: "daily" as const,
      due: new Date("2026-03-03T00:00:00Z"),
      recipientId: d.recipientId,
    }));
    expect(planDailyDigest([], PEOPLE, sent, SETTINGS, at(hours(30)))).toEqual([]);
    // A Fix Lead outside the PST with nothing due gets none.
    const calm = caseAt(at(hours(1)), { fixLeadId: "u-eng" }, { completed: { "fix-team-formed": T0 } });
    const calmDigests = planDailyDigest([calm], PEOPLE, [], SETTINGS, at(hours(1) + days(1)));
    expect(calmDigests.map((d) => d.recipientId)).toEqual(["u-pst", "u-lead"]);
    expect(calmDigests.flatMap((d) => d.items)).toEqual([]);
  });
  it.each([-1, 24, 7.5])("refuses digest hour %s", (hour) => {
    expect(() => planDailyDigest([], PEOPLE, [], { ackDeadlineHours: 48, digestHourUtc: hour }, T0)).toThrow(
      RangeError,
    );
  });
  it("honours a configured digest hour", () => {
    const now = at(hours(22)); // 07:00 UTC
    expect(
      planDailyDigest([caseAt(now)], PEOPLE, [], { ackDeadlineHours: 48, digestHourUtc: 8 }, now),
    ).toEqual([]);
  });
});

describe("planAlerts: the scheduled job's single call", () => {
  it("is each case's alerts followed by the digests, and repeating it sends nothing new", () => {
    const now = at(hours(22));
    const cases = [caseAt(now)];
    const first = planAlerts(cases, PEOPLE, [], SETTINGS, now);
    expect(first.map((a) => a.kind)).toEqual(["reminder", "reminder", "digest", "digest"]);
    const sent = [
      ...sentFrom(first.filter((a) => a.kind !== "digest")),
      ...first
        .filter((a) => a.kind === "digest")
        .map((a) => ({
          caseRef: null,
          subject: "digest" as const,
          status: "daily" as const,
          due: new Date("2026-03-03T00:00:00Z"),
          recipientId: a.recipientId,
        })),
    ];
    expect(planAlerts(cases, PEOPLE, sent, SETTINGS, at(hours(23)))).toEqual([]);
  });
});

describe("no free text can reach an email", () => {
  it.each(["RCE in forward plugin", "case 1", "case-1\nSubject: hi", "<script>", "", "-leading"])(
    "a case reference %j is refused",
    (ref) => {
      expect(() => toAlertCaseRef(ref)).toThrow(RangeError);
      expect(() =>
        planCaseAlerts(caseAt(T0, { state: "received", caseRef: ref }), PEOPLE, [], SETTINGS, T0),
      ).toThrow(RangeError);
    },
  );
  it.each(["a b", "x@example.org", "u\r\nBcc: evil", "", "x".repeat(65)])("a user id %j is refused", (id) => {
    expect(() => toAlertUserId(id)).toThrow(RangeError);
    expect(() =>
      planCaseAlerts(
        caseAt(T0, { state: "received" }),
        { pstIds: [id], digestOnlyIds: [] },
        [],
        SETTINGS,
        T0,
      ),
    ).toThrow(RangeError);
  });
  it("every string in a plan is an id, an enum or a key built from them", () => {
    const now = at(hours(22));
    const plan = planAlerts(
      [
        caseAt(now),
        caseAt(now, { caseRef: "case-public1", isPublic: true, state: "received", acknowledged: false }),
      ],
      PEOPLE,
      [],
      SETTINGS,
      now,
    );
    const strings: string[] = [];
    const walk = (v: unknown) => {
      if (typeof v === "string") strings.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object" && !(v instanceof Date)) Object.values(v).forEach(walk);
    };
    walk(plan);
    for (const s of strings) expect(s).toMatch(/^[A-Za-z0-9_.:|-]+$/);
  });
  it("alertKey is stable and distinguishes recipients, statuses and dates", () => {
    const base: SentAlert = {
      caseRef: "c1",
      subject: "released",
      status: "due-soon",
      due: T0,
      recipientId: "u1",
    };
    const keys = new Set([
      alertKey(base),
      alertKey({ ...base, recipientId: "u2" }),
      alertKey({ ...base, status: "overdue" }),
      alertKey({ ...base, due: at(1) }),
      alertKey({ ...base, due: null }),
    ]);
    expect(keys.size).toBe(5);
  });
});
