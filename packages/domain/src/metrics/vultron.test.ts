import { describe, expect, it } from "vitest";
import { at, days, freshReport, history, T0 } from "./test-support/history";
import {
  desideratumStatus,
  earliestOf,
  VULTRON_DESIDERATA,
  VULTRON_DESIDERATUM_IDS,
  VULTRON_DESIDERATUM_LABELS,
  vultronDesiderata,
  vultronEvents,
} from "./vultron";

describe("Vultron desiderata", () => {
  it("lists the paper's twelve, each with a label", () => {
    expect(VULTRON_DESIDERATUM_IDS).toEqual([
      "V-before-P",
      "V-before-X",
      "V-before-A",
      "F-before-P",
      "F-before-X",
      "F-before-A",
      "D-before-P",
      "D-before-X",
      "D-before-A",
      "P-before-X",
      "P-before-A",
      "X-before-A",
    ]);
    expect(VULTRON_DESIDERATUM_LABELS["F-before-P"]).toBe("Fix ready before the public knows");
    for (const d of VULTRON_DESIDERATA) expect(d.id).toBe(`${d.first}-before-${d.second}`);
  });

  const a = at(days(1));
  const b = at(days(2));
  it.each([
    ["neither happened", null, null, "pending"],
    ["first happened, second not yet", a, null, "met"],
    ["second happened, first not", null, b, "broken"],
    ["first strictly before second", a, b, "met"],
    ["a tie", a, new Date(a.getTime()), "broken"],
    ["first 1 ms before second", new Date(b.getTime() - 1), b, "met"],
    ["first after second", b, a, "broken"],
  ] as const)("%s → %s", (_name, first, second, expected) => {
    expect(desideratumStatus(first, second)).toBe(expected);
  });

  it("a released private case: everything met except the release/public tie and X ≺ A (neither happened)", () => {
    const statuses = vultronDesiderata(vultronEvents(history()));
    expect(statuses).toEqual({
      "V-before-P": "met",
      "V-before-X": "met",
      "V-before-A": "met",
      "F-before-P": "met",
      "F-before-X": "met",
      "F-before-A": "met",
      // D is the release and the release makes the issue public: a tie, so broken.
      "D-before-P": "broken",
      "D-before-X": "met",
      "D-before-A": "met",
      "P-before-X": "met",
      "P-before-A": "met",
      "X-before-A": "pending",
    });
  });

  it("a fresh report: the vendor is aware, nothing else has happened", () => {
    const statuses = vultronDesiderata(vultronEvents(freshReport()));
    for (const d of VULTRON_DESIDERATA) {
      expect(statuses[d.id]).toBe(d.first === "V" ? "met" : "pending");
    }
  });

  it("a report of an issue already public and exploited: V ≺ P and V ≺ X broken (ties count as broken)", () => {
    const statuses = vultronDesiderata(
      vultronEvents(
        freshReport({ publicSince: T0, exploitPublicAt: at(-days(3)), attacksObservedAt: at(days(1)) }),
      ),
    );
    expect(statuses["V-before-P"]).toBe("broken");
    expect(statuses["V-before-X"]).toBe("broken");
    expect(statuses["V-before-A"]).toBe("met");
    expect(statuses["F-before-P"]).toBe("broken");
    expect(statuses["P-before-X"]).toBe("broken");
    expect(statuses["X-before-A"]).toBe("met");
    expect(statuses["D-before-A"]).toBe("broken");
  });

  it("P is the earliest of 'public since' and the release; D is the release", () => {
    const leaked = vultronEvents(history({ publicSince: at(days(2)) }));
    expect(leaked.P).toEqual(at(days(2)));
    expect(leaked.D).toEqual(at(days(10)));
    expect(vultronDesiderata(leaked)["F-before-P"]).toBe("broken");
    expect(vultronEvents(history({ publicSince: at(days(20)) })).P).toEqual(at(days(10)));
    expect(vultronEvents(freshReport()).P).toBeNull();
  });

  it("earliestOf ignores nulls", () => {
    expect(earliestOf()).toBeNull();
    expect(earliestOf(null, null)).toBeNull();
    expect(earliestOf(null, b, a)).toBe(a);
  });
});
