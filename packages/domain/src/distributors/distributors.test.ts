import { describe, expect, it } from "vitest";
import { at, days, hours, T0 } from "../test-support/fixtures";
import { embargoStatus } from "./embargo";
import {
  assessLeak,
  decideLeak,
  type Leak,
  leakConsequence,
  recommendedLeakDecision,
  reportLeak,
  type TLeakReport,
} from "./leaks";
import {
  EMBARGO_POLICY,
  evaluateDistributorApplication,
  type ListMember,
  MEMBERSHIP_CRITERIA,
  mayVouch,
  type TDistributorApplication,
  ZDistributorApplication,
} from "./membership";

const LONG = {
  answer: "We ship the project in our distribution to thousands of users.",
  evidence: "https://x.test",
};
const application = (overrides: Partial<TDistributorApplication> = {}): TDistributorApplication => ({
  organizationName: "Example Linux",
  applicantEmail: "security@example-linux.test",
  answers: {
    "active-distributor": LONG,
    "user-base": LONG,
    "security-track-record": LONG,
    "not-downstream": LONG,
    "community-participant": LONG,
  },
  embargoPolicyAccepted: true,
  vouches: [{ voucherUserId: "u-member", decision: "confirmed", comment: "I know their security team." }],
  ...overrides,
});
const MEMBERS: ListMember[] = [
  { userId: "u-member", organizationId: "org-1", status: "active" },
  { userId: "u-warned", organizationId: "org-2", status: "warned" },
  { userId: "u-gone", organizationId: "org-3", status: "removed" },
];

describe("membership criteria", () => {
  it("are the policy's seven, in order", () => {
    expect(MEMBERSHIP_CRITERIA.map((c) => c.id)).toEqual([
      "active-distributor",
      "user-base",
      "security-track-record",
      "not-downstream",
      "community-participant",
      "accepts-embargo",
      "vouched",
    ]);
  });
  it("a complete application is eligible", () => {
    expect(evaluateDistributorApplication(application(), MEMBERS)).toEqual({ eligible: true, problems: [] });
    expect(ZDistributorApplication.safeParse(application()).success).toBe(true);
  });
  it.each([
    ["active-distributor"],
    ["user-base"],
    ["security-track-record"],
    ["not-downstream"],
    ["community-participant"],
  ])("needs a real answer and evidence for %s", (criterion) => {
    const short = { ...application().answers, [criterion]: { answer: "  yes  ", evidence: "x" } };
    const result = evaluateDistributorApplication(application({ answers: short }), MEMBERS);
    expect(result.eligible).toBe(false);
    expect(result.problems.map((p) => p.criterion)).toEqual([criterion]);
    const bare = { ...application().answers, [criterion]: { answer: LONG.answer, evidence: " " } };
    expect(evaluateDistributorApplication(application({ answers: bare }), MEMBERS).problems).toEqual([
      { criterion, message: expect.stringMatching(/^Show evidence for/) },
    ]);
  });
  it("a missing answer counts as unanswered, whatever the record's prototype says", () => {
    const { "user-base": _omit, ...answers } = application().answers;
    expect(evaluateDistributorApplication(application({ answers }), MEMBERS).problems[0]?.criterion).toBe(
      "user-base",
    );
    const hostile = JSON.parse('{"__proto__": {"user-base": {"answer": "x", "evidence": "y"}}}');
    expect(
      evaluateDistributorApplication(application({ answers: { ...answers, ...hostile } }), MEMBERS)
        .problems[0]?.criterion,
    ).toBe("user-base");
  });
  it("needs the embargo policy accepted", () => {
    const result = evaluateDistributorApplication(application({ embargoPolicyAccepted: false }), MEMBERS);
    expect(result.problems).toEqual([
      { criterion: "accepts-embargo", message: "The Embargo Policy must be accepted." },
    ]);
  });
  const NONE = "Someone already on the list (or a PST member) must vouch for the applicant.";
  it.each([
    ["no vouch yet", [], NONE],
    ["a stranger's", [{ voucherUserId: "u-x", decision: "confirmed", comment: "hi" }], NONE],
    ["a removed member's", [{ voucherUserId: "u-gone", decision: "confirmed", comment: "hi" }], NONE],
    [
      "declined",
      [{ voucherUserId: "u-member", decision: "declined", comment: "never heard of them" }],
      "The person named declined to vouch; someone on the list (or a PST member) must vouch.",
    ],
  ] as const)("no vouch counts: %s", (_label, vouches, message) => {
    const result = evaluateDistributorApplication(application({ vouches: [...vouches] }), MEMBERS);
    expect(result.problems).toEqual([{ criterion: "vouched", message }]);
  });
  it("a warned member is still on the list and may vouch; so may a PST member", () => {
    const vouches = (voucherUserId: string) => [
      { voucherUserId, decision: "confirmed" as const, comment: "ok" },
    ];
    expect(
      evaluateDistributorApplication(application({ vouches: vouches("u-warned") }), MEMBERS).eligible,
    ).toBe(true);
    expect(
      evaluateDistributorApplication(application({ vouches: vouches("u-pst") }), MEMBERS, ["u-pst"]).eligible,
    ).toBe(true);
    expect(mayVouch("u-pst", MEMBERS, [])).toBe(false);
  });
  it("the embargo policy shown has a version to store with each acceptance", () => {
    expect(EMBARGO_POLICY.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(EMBARGO_POLICY.paragraphs.join(" ")).toContain("need-to-know");
  });
});

describe("embargo status", () => {
  const facts = { notifiedAt: at(days(3)), disclosureAt: at(days(10)), releasedAt: null };
  it.each([
    ["before notification", facts, at(days(2)), "none"],
    ["not notified", { ...facts, notifiedAt: null }, at(days(4)), "none"],
    ["no agreed time", { ...facts, disclosureAt: null }, at(days(4)), "none"],
    ["during", facts, at(days(4)), "active"],
    ["at the agreed time", facts, at(days(10)), "lifted"],
    ["released early", { ...facts, releasedAt: at(days(5)) }, at(days(6)), "lifted"],
  ] as const)("%s → %s", (_label, f, now, state) => {
    expect(embargoStatus(f, now).state).toBe(state);
  });
  it("shows the end in UTC and the time left", () => {
    expect(embargoStatus(facts, at(days(9))).endsAtUtc).toBe("2026-03-12 09:00 UTC");
    expect(embargoStatus(facts, at(days(9))).remainingMs).toBe(days(1));
    expect(embargoStatus(facts, at(days(11))).remainingMs).toBe(0);
  });
});

describe("leak workflow", () => {
  const report: TLeakReport = {
    what: "Patch for the cache poisoning fix",
    toWhom: "A public mailing list",
    leakedAt: at(days(4)),
    organizationId: "org-1",
    prevention: "Patches only go to the security team's own list from now on",
    selfReported: true,
  };
  const reported = () => {
    const r = reportLeak({
      id: "leak-1",
      caseId: "case-1",
      report,
      reportedBy: "distributor:u-dist",
      now: at(days(4) + hours(1)),
    });
    if (!r.ok) throw new Error(r.reason);
    return r.leak;
  };
  const assessed = (damage: "none" | "limited" | "severe" | "unknown"): Leak => {
    const r = assessLeak(reported(), {
      damage,
      notes: "Patch visible for 2 hours",
      by: "staff:u-pst",
      now: at(days(5)),
    });
    if (!r.ok) throw new Error(r.reason);
    return r.leak;
  };
  it("reported → assessed → decided", () => {
    const leak = reported();
    expect(leak).toMatchObject({
      state: "reported",
      reportedAt: at(days(4) + hours(1)),
      assessment: null,
      decision: null,
    });
    const a = assessed("severe");
    expect(a.state).toBe("assessed");
    const d = decideLeak(a, {
      decision: "release-early",
      reason: "Exploit details are out",
      by: "staff:u-pst",
      now: at(days(5)),
    });
    expect(d).toMatchObject({
      ok: true,
      leak: { state: "decided", decision: { decision: "release-early" } },
    });
  });
  it("a report must say what leaked and to whom", () => {
    const r = reportLeak({
      id: "l",
      caseId: "c",
      report: { ...report, what: " ", toWhom: "" },
      reportedBy: "x",
      now: T0,
    });
    expect(r).toEqual({ ok: false, reason: "Say exactly what leaked. Say to whom it leaked." });
  });
  it("needs to know how the leak will be prevented, and bounds what is written", () => {
    const r = reportLeak({
      id: "l",
      caseId: "c",
      report: { ...report, prevention: "  " },
      reportedBy: "x",
      now: T0,
    });
    expect(r).toEqual({ ok: false, reason: "Say how it will be prevented from happening again." });
    const long = reportLeak({
      id: "l",
      caseId: "c",
      report: { ...report, what: "x".repeat(4001) },
      reportedBy: "x",
      now: T0,
    });
    expect(long.ok).toBe(false);
  });
  it("steps happen in order, once", () => {
    expect(decideLeak(reported(), { decision: "continue", reason: "x", by: "p", now: T0 })).toEqual({
      ok: false,
      reason: "Assess the damage before deciding.",
    });
    expect(assessLeak(assessed("limited"), { damage: "none", notes: "again", by: "p", now: T0 }).ok).toBe(
      false,
    );
    expect(assessLeak(reported(), { damage: "none", notes: " ", by: "p", now: T0 }).ok).toBe(false);
    const decided = decideLeak(assessed("limited"), {
      decision: "continue",
      reason: "Contained",
      by: "p",
      now: T0,
    });
    if (!decided.ok) throw new Error(decided.reason);
    expect(decideLeak(decided.leak, { decision: "continue", reason: "x", by: "p", now: T0 }).ok).toBe(false);
    expect(decideLeak(assessed("limited"), { decision: "continue", reason: " ", by: "p", now: T0 }).ok).toBe(
      false,
    );
  });
  it("when in doubt, go public: 'continue' is refused while the damage is unknown", () => {
    expect(
      decideLeak(assessed("unknown"), { decision: "continue", reason: "hope", by: "p", now: T0 }),
    ).toEqual({
      ok: false,
      reason: "The damage is unknown: when in doubt, release early and go public as soon as possible.",
    });
    expect(recommendedLeakDecision("unknown")).toBe("release-early");
    expect(recommendedLeakDecision("severe")).toBe("release-early");
    expect(recommendedLeakDecision("limited")).toBe("continue");
    expect(recommendedLeakDecision("none")).toBe("continue");
  });
  it("a member who leaks is warned, and removed if they leak again", () => {
    const other = { ...assessed("limited"), organizationId: "org-2" };
    expect(leakConsequence("org-1", [])).toBe("none");
    expect(leakConsequence("org-1", [reported()])).toBe("none");
    expect(leakConsequence("org-1", [assessed("none")])).toBe("none");
    expect(leakConsequence("org-1", [assessed("limited"), other])).toBe("warn");
    expect(leakConsequence("org-1", [assessed("limited"), { ...assessed("severe"), id: "leak-2" }])).toBe(
      "remove",
    );
  });
});
