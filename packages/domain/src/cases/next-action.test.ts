import { describe, expect, it } from "vitest";
import { at, caseFacts, days, hours, T0 } from "../test-support/fixtures";
import { computeTimeline, type TTimelineInput } from "../timeline/milestones";
import type { TimelineMilestoneId } from "../timeline/policy";
import type { TCaseFacts } from "./case-facts";
import { NEXT_ACTION_CODES, nextAction } from "./next-action";
import { CASE_STATES } from "./states";

const NOW = at(days(5));
type Done = Partial<Record<TimelineMilestoneId, Date>>;

function next(
  overrides: Partial<TCaseFacts>,
  completed: Done = {},
  timeline: Partial<TTimelineInput> = {},
  now = NOW,
) {
  const facts = caseFacts({ state: "fix-in-progress", ...overrides });
  const t = computeTimeline(
    {
      state: facts.state,
      reportedAt: facts.reportedAt,
      isPublic: facts.isPublic,
      cvssScore: 7.5,
      remotelyExploitable: facts.remotelyExploitable,
      privilegeEscalation: facts.privilegeEscalation,
      distributorDisclosureSkipped: false,
      fixOrMitigationAt: null,
      disclosureAt: facts.disclosureAt,
      completed,
      slowDowns: [],
      ...timeline,
    },
    now,
  );
  return nextAction({ facts, timeline: t, now });
}

const TEAM: Done = { "fix-team-formed": at(hours(5)) };
const SCORED: Done = { ...TEAM, "cvss-scored": at(days(1)) };
const NOTIFIED: Done = { ...SCORED, "users-notified": at(days(3)) };
const missingLgtm = [
  { sha: "aaaaaaaaaaaa1", authorId: "u-team", lgtmBy: [] },
  { sha: "bbbbbbbbbbbb2", authorId: "u-team", lgtmBy: ["u-team"] },
];

describe("the one obvious next action", () => {
  it.each([
    ["received", { state: "received" }, {}, "acknowledge", "Acknowledge the report", "pst"],
    [
      "triage",
      { state: "triage" },
      {},
      "triage",
      "Accept the report, or close it as a duplicate, rejected or not a vulnerability",
      "pst",
    ],
    [
      "no Fix Lead",
      { state: "accepted", fixLeadId: null },
      {},
      "assign-fix-lead",
      "Assign a Fix Lead",
      "pst",
    ],
    [
      "no Fix Team",
      { state: "accepted", fixTeamIds: [] },
      {},
      "form-fix-team",
      "Form the Fix Team",
      "fix-lead",
    ],
    ["team formed, accepted", { state: "accepted" }, {}, "start-fix", "Start fix development", "fix-lead"],
    [
      "PST is the team (milestone recorded)",
      { state: "accepted", fixTeamIds: [] },
      TEAM,
      "start-fix",
      "Start fix development",
      "fix-lead",
    ],
    ["not scored", {}, TEAM, "score-cvss", "Make the CVSS call", "fix-lead"],
    ["no commit", { fixCommits: [] }, SCORED, "add-fix-commit", "Add a fix commit", "fix-team"],
    [
      "two commits without LGTM",
      { fixCommits: missingLgtm },
      SCORED,
      "get-lgtms",
      "Get LGTMs on 2 commits",
      "fix-team",
    ],
    [
      "one commit without LGTM",
      { fixCommits: missingLgtm.slice(0, 1) },
      SCORED,
      "get-lgtms",
      "Get an LGTM on 1 commit",
      "fix-team",
    ],
    ["fix developed", {}, SCORED, "mark-fix-ready", "Mark fix ready", "fix-lead"],
    [
      "mitigation before the fix",
      { fixCommits: [], mitigationAvailable: true },
      SCORED,
      "publish-notice",
      "Publish the forthcoming-fix notice",
      "fix-lead",
    ],
    [
      "fix ready, notice not out",
      { state: "fix-ready" },
      SCORED,
      "publish-notice",
      "Publish the forthcoming-fix notice",
      "fix-lead",
    ],
    [
      "no release version",
      { state: "fix-ready", releaseVersion: null },
      NOTIFIED,
      "set-release-version",
      "Set the release version",
      "fix-lead",
    ],
    [
      "early disclosure, no time",
      { state: "fix-ready", disclosureAt: null },
      NOTIFIED,
      "agree-disclosure-time",
      "Agree the disclosure time",
      "fix-lead",
    ],
    [
      "early disclosure, past time",
      { state: "fix-ready", disclosureAt: at(days(1)) },
      NOTIFIED,
      "agree-disclosure-time",
      "Agree the disclosure time",
      "fix-lead",
    ],
    [
      "early disclosure, nobody chosen",
      { state: "fix-ready", distributorDisclosures: [] },
      NOTIFIED,
      "choose-distributors",
      "Choose the distributors",
      "fix-lead",
    ],
    [
      "early disclosure ready",
      { state: "fix-ready" },
      NOTIFIED,
      "notify-distributors",
      "Disclose early to distributors",
      "fix-lead",
    ],
    [
      "no early disclosure, no time",
      { state: "fix-ready", remotelyExploitable: false, disclosureAt: null },
      NOTIFIED,
      "agree-disclosure-time",
      "Agree the disclosure time",
      "fix-lead",
    ],
    [
      "no early disclosure, time agreed",
      { state: "fix-ready", remotelyExploitable: false },
      NOTIFIED,
      "mark-released",
      "Mark released",
      "fix-lead",
    ],
    [
      "distributors notified",
      { state: "distributors-notified" },
      { ...NOTIFIED, "distributors-notified": at(days(4)) },
      "mark-released",
      "Mark released",
      "fix-lead",
    ],
    [
      "distributors notified, notice forgotten",
      { state: "distributors-notified" },
      SCORED,
      "publish-notice",
      "Publish the forthcoming-fix notice",
      "fix-lead",
    ],
    [
      "released",
      { state: "released" },
      { ...NOTIFIED, released: at(days(4)) },
      "write-retrospective",
      "Write the retrospective",
      "fix-lead",
    ],
    [
      "retrospective written",
      { state: "released" },
      { ...NOTIFIED, released: at(days(1)), retrospective: at(days(3)) },
      "close",
      "Close the case",
      "fix-lead",
    ],
  ] as const)("%s → %s", (_name, overrides, completed, code, label, by) => {
    expect(next(overrides as Partial<TCaseFacts>, completed as Done)).toMatchObject({ code, label, by });
  });
  it.each(["closed", "duplicate", "rejected", "not-a-vulnerability", "spam"] as const)(
    "nothing for a %s case",
    (state) => {
      expect(next({ state })).toBeNull();
    },
  );
  it("carries the command, milestone and its due date", () => {
    expect(next({ state: "accepted" })).toMatchObject({
      command: "start-fix",
      milestoneId: "fix-developed",
      due: at(days(7)),
      asap: false,
    });
    expect(next({ state: "fix-ready", remotelyExploitable: false }, NOTIFIED)).toMatchObject({
      command: "release",
      due: at(days(10)), // the agreed disclosure time
    });
    expect(next({ state: "received" })).toMatchObject({
      command: "acknowledge",
      milestoneId: null,
      due: null,
    });
  });
  it("a public case's actions are ASAP", () => {
    expect(next({ isPublic: true }, TEAM)).toMatchObject({ code: "score-cvss", asap: true, due: T0 });
    expect(next({ state: "triage", isPublic: true })).toMatchObject({ asap: true });
  });
  it("a skipped early disclosure goes straight to the release", () => {
    const action = next({ state: "fix-ready" }, NOTIFIED, { distributorDisclosureSkipped: true });
    expect(action?.code).toBe("mark-released");
  });
  it("every state has an answer or a reason to have none, and codes are known", () => {
    for (const state of CASE_STATES) {
      const action = next({ state }, NOTIFIED);
      if (action !== null) expect(NEXT_ACTION_CODES).toContain(action.code);
    }
  });
});
