import { describe, expect, it } from "vitest";
import { REPORTER_STATE_TEXT, REPORTER_STATES, reporterStateOf } from "./reporter-view";
import { CASE_STATES, type CaseState } from "./states";

describe("reporterStateOf", () => {
  it.each<[CaseState, boolean, string]>([
    ["received", false, "received"],
    ["received", true, "acknowledged"],
    ["triage", false, "acknowledged"],
    ["spam", false, "rejected"],
    ["distributors-notified", true, "fix-ready"],
    ["accepted", true, "accepted"],
    ["released", true, "released"],
  ])("shows %s (acknowledged: %s) as %s", (state, acknowledged, shown) => {
    expect(reporterStateOf(state, acknowledged)).toBe(shown);
  });

  it("maps every staff state to a reporter state with words, never revealing spam or the embargo", () => {
    for (const state of CASE_STATES) {
      for (const acknowledged of [false, true]) {
        const shown = reporterStateOf(state, acknowledged);
        expect(REPORTER_STATES).toContain(shown);
        expect(REPORTER_STATE_TEXT[shown].label).not.toBe("");
        expect(shown).not.toMatch(/spam|distributor/);
      }
    }
  });
});
