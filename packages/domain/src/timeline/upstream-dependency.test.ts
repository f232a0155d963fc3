import { describe, expect, it } from "vitest";
import { at, days, T0, timelineInput } from "../test-support/fixtures";
import { checkUpstreamDependency, computeTimeline, type Milestone, type TTimelineInput } from "./milestones";
import type { MilestoneId, TimelineMilestoneId } from "./policy";
import type { TSlowDownDecision } from "./slow-down";
import { type TUpstreamDependencyDecision, upstreamDependencyProblems } from "./upstream-dependency";

const input = (overrides: Partial<TTimelineInput> = {}) => timelineInput({ cvssScore: 9.8, ...overrides });
const upstream = (overrides: Partial<TUpstreamDependencyDecision> = {}): TUpstreamDependencyDecision => ({
  id: "up-1",
  decidedBy: "u-lead",
  decidedAt: at(days(3)),
  upstreamProject: "Go",
  upstreamUrl: "https://github.com/golang/go/issues/12345",
  reason: "The fix needs Go's patched net/http; Go discloses on day 30.",
  newDueDates: { released: at(days(30)), "distributors-notified": at(days(25)) },
  ...overrides,
});
const byId = (ms: readonly Milestone[], id: TimelineMilestoneId) => ms.find((m) => m.id === id) as Milestone;
const ctx = (currentDue: Partial<Record<MilestoneId, Date>> = { released: at(days(21)) }) => ({
  isPublic: false,
  reportedAt: T0,
  currentDue,
});

describe("upstream dependency moves dates whatever the score", () => {
  it.each([null, 0, 3.9, 4, 7.5, 10])("applies with CVSS %s", (score) => {
    const t = computeTimeline(input({ cvssScore: score, upstreamDependencies: [upstream()] }), T0);
    expect(byId(t.milestones, "released")).toMatchObject({
      due: at(days(30)),
      decisionId: "up-1",
      decisionKind: "upstream-dependency",
      slowDownId: null,
    });
    expect(byId(t.milestones, "distributors-notified").due).toEqual(at(days(25)));
    expect(t.ignoredUpstreamDependencies).toEqual([]);
  });
  it("may bring a date forward to fit an earlier upstream disclosure, not before the report", () => {
    const earlier = computeTimeline(
      input({ upstreamDependencies: [upstream({ newDueDates: { released: at(days(10)) } })] }),
      T0,
    );
    expect(byId(earlier.milestones, "released").due).toEqual(at(days(10)));
    const before = computeTimeline(
      input({ upstreamDependencies: [upstream({ newDueDates: { released: at(-1) } })] }),
      T0,
    );
    expect(byId(before.milestones, "released").due).toEqual(at(days(21)));
    expect(before.ignoredUpstreamDependencies[0]?.problems[0]).toContain("cannot be due before the report");
  });
  it("is ignored for a public issue (every deadline ASAP)", () => {
    const t = computeTimeline(input({ isPublic: true, upstreamDependencies: [upstream()] }), T0);
    expect(byId(t.milestones, "released").due).toEqual(T0);
    expect(t.ignoredUpstreamDependencies).toEqual([
      { id: "up-1", problems: ["The issue is public: every deadline is as soon as possible."] },
    ]);
  });
  it("interleaves with slow-downs in decision order", () => {
    const slow: TSlowDownDecision = {
      id: "sd-1",
      decidedBy: "u-lead",
      decidedAt: at(days(5)),
      reason: "Holidays",
      discussedAt: "https://lists.example.org/t/1",
      newDueDates: { released: at(days(40)) },
    };
    const t = computeTimeline(
      input({ cvssScore: 2, slowDowns: [slow], upstreamDependencies: [upstream()] }),
      T0,
    );
    expect(byId(t.milestones, "released")).toMatchObject({
      due: at(days(40)),
      decisionKind: "slow-down",
      slowDownId: "sd-1",
    });
    // A slow-down decided before the upstream decision must not be undercut by it... it is simply replaced.
    const t2 = computeTimeline(
      input({
        cvssScore: 2,
        slowDowns: [{ ...slow, decidedAt: at(days(1)) }],
        upstreamDependencies: [upstream()],
      }),
      T0,
    );
    expect(byId(t2.milestones, "released")).toMatchObject({ due: at(days(30)), decisionId: "up-1" });
  });
  it("checkUpstreamDependency checks against current dates and ignores the score", () => {
    expect(checkUpstreamDependency(input({ cvssScore: 9.8 }), upstream())).toEqual([]);
    expect(checkUpstreamDependency(input({ remotelyExploitable: false }), upstream())).toEqual([
      'Milestone "distributors-notified" has no due date to move.',
    ]);
  });
});

describe("upstream dependency decisions are recorded, never silent (hostile inputs)", () => {
  it.each([
    ["no reason", { reason: "  " }, "Say why the upstream timeline moves ours."],
    ["no project", { upstreamProject: "" }, "Name the upstream project."],
    ["no decider", { decidedBy: "" }, null],
    ["no dates", { newDueDates: {} }, "Give at least one new date."],
    [
      "http link",
      { upstreamUrl: "http://github.com/x" },
      "Link the upstream project's timeline with an https:// address.",
    ],
    [
      "javascript link",
      { upstreamUrl: "javascript:alert(1)" },
      "Link the upstream project's timeline with an https:// address.",
    ],
    [
      "link with a newline",
      { upstreamUrl: "https://a.example/\nx" },
      "Link the upstream project's timeline with an https:// address.",
    ],
    [
      "bare host",
      { upstreamUrl: "https://localhost/x" },
      "Link the upstream project's timeline with an https:// address.",
    ],
    [
      "bidi override in the project",
      { upstreamProject: "Go\u202e" },
      "Name the upstream project without control characters.",
    ],
    ["overlong reason", { reason: "x".repeat(2001) }, "Say why in at most 2,000 characters."],
  ] as const)("%s is refused", (_name, overrides, message) => {
    const problems = upstreamDependencyProblems(
      upstream(overrides as Partial<TUpstreamDependencyDecision>),
      ctx(),
    );
    expect(problems.length).toBeGreaterThan(0);
    if (message) expect(problems).toContain(message);
  });
  it("an unknown milestone key is refused", () => {
    const problems = upstreamDependencyProblems(
      upstream({ newDueDates: { __proto__: at(days(9)) } as never }),
      ctx(),
    );
    expect(problems.length).toBeGreaterThan(0);
  });
  it("a milestone with no due date cannot move", () => {
    expect(upstreamDependencyProblems(upstream({ newDueDates: { released: at(days(9)) } }), ctx({}))).toEqual(
      ['Milestone "released" has no due date to move.'],
    );
  });
});
