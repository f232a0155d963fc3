import { describe, expect, it } from "vitest";
import { CASE_STATES, hasFixTeam } from "../cases/states";
import { ACTORS, caseFacts, ROLE_KEYS } from "../test-support/fixtures";
import { caseTakesNewReaders, ITEM_HOLDERS, mayHold, SEALED_ITEM_KINDS } from "./holders";

describe("who may hold what", () => {
  const expected: Record<(typeof SEALED_ITEM_KINDS)[number], string[]> = {
    report: ["pst", "fix-lead", "fix-team", "reporter"],
    summary: ["pst", "fix-lead", "fix-team"],
    attachment: ["pst", "fix-lead", "fix-team", "reporter"],
    "reporter-message": ["pst", "fix-lead", "fix-team", "reporter"],
    "team-message": ["pst", "fix-lead", "fix-team"],
    note: ["pst", "fix-lead", "fix-team"],
    patch: ["pst", "fix-lead", "fix-team"],
    "fix-commit": ["pst", "fix-lead", "fix-team"],
    "distributor-feedback": ["pst", "fix-lead", "fix-team"],
    "advisory-draft": ["pst", "fix-lead", "fix-team"],
    "advisory-comment": ["pst", "fix-lead", "fix-team"],
  };
  for (const kind of SEALED_ITEM_KINDS) {
    it.each(ROLE_KEYS)(`${kind}: %s`, (role) => {
      expect(mayHold(ACTORS[role], kind, caseFacts({ state: "fix-in-progress" }))).toBe(
        expected[kind].includes(role),
      );
    });
  }

  it("never gives an admin or a distributor case content, whatever the item", () => {
    for (const kind of SEALED_ITEM_KINDS) {
      expect(ITEM_HOLDERS[kind]).not.toContain("admin");
      expect(ITEM_HOLDERS[kind]).not.toContain("distributor");
    }
  });

  it("keeps the Fix Team after release and ends it at close; the PST keeps holding", () => {
    const team = ACTORS["fix-team"];
    expect(mayHold(team, "report", caseFacts({ state: "released" }))).toBe(true);
    expect(mayHold(team, "report", caseFacts({ state: "closed" }))).toBe(false);
    expect(mayHold(ACTORS.pst, "report", caseFacts({ state: "closed" }))).toBe(true);
  });

  it("gives nothing to someone taken off the Fix Team", () => {
    expect(mayHold(ACTORS["fix-team"], "report", caseFacts({ fixTeamIds: [] }))).toBe(false);
  });

  it("gives a reporter their own case only", () => {
    expect(mayHold({ kind: "reporter", caseId: "other" }, "report", caseFacts())).toBe(false);
  });
});

describe("caseTakesNewReaders", () => {
  it("grants open cases from arrival to release, not triage outcomes or closed cases", () => {
    expect(CASE_STATES.filter(caseTakesNewReaders)).toEqual([
      "received",
      "triage",
      "accepted",
      "fix-in-progress",
      "fix-ready",
      "distributors-notified",
      "released",
    ]);
  });
});

describe("hasFixTeam", () => {
  it("shows Fix Lead and Fix Team from acceptance on, never in triage or for a triage outcome", () => {
    expect(CASE_STATES.filter(hasFixTeam)).toEqual([
      "accepted",
      "fix-in-progress",
      "fix-ready",
      "distributors-notified",
      "released",
      "closed",
    ]);
  });
});
