import * as domain from "@disclose/domain";
import { describe, expect, it } from "vitest";
import {
  buildVector,
  type CvssCalculatorState,
  chooseMetric,
  differingMetrics,
  evaluate,
  evaluateVector,
  initialState,
  readSelections,
  setMetricInText,
  switchVersion,
  typeText,
} from "./cvss-model";

const rules = domain;
const V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
const V40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";

function pick(state: CvssCalculatorState, choices: Record<string, string>): CvssCalculatorState {
  return Object.entries(choices).reduce((s, [key, value]) => chooseMetric(rules, s, key, value), state);
}

describe("vector → metric selections", () => {
  it("reads a valid 3.1 vector into selections and scores it with the domain", () => {
    const state = typeText(rules, initialState(rules, ""), V31);
    expect(state.version).toBe("3.1");
    expect(state.selections).toEqual({ AV: "N", AC: "L", PR: "N", UI: "N", S: "U", C: "H", I: "H", A: "H" });
    const result = evaluate(rules, state);
    expect(result.kind === "scored" && result.score.score).toBe(9.8);
    expect(result.kind === "scored" && result.score.severity).toBe("Critical");
  });

  it("reads a 4.0 vector and switches the calculator to 4.0", () => {
    const state = typeText(rules, initialState(rules, ""), V40);
    expect(state.version).toBe("4.0");
    expect(state.selections.AT).toBe("N");
    const result = evaluate(rules, state);
    expect(result.kind === "scored" && result.score.score).toBe(rules.scoreCvss(V40).score);
  });

  it("keeps a 3.0 vector as 3.0 (the domain accepts it)", () => {
    const v30 = V31.replace("3.1", "3.0");
    const state = typeText(rules, initialState(rules, ""), v30);
    expect(state.version).toBe("3.0");
    expect(chooseMetric(rules, state, "AV", "L").text).toBe(v30.replace("AV:N", "AV:L"));
  });

  it("starts from a default value (a vector kept after a server error)", () => {
    expect(initialState(rules, V31).selections.AV).toBe("N");
    expect(initialState(null, V31)).toMatchObject({ text: V31, version: "3.1", selections: {} });
  });

  it("clearing the text clears the radios but keeps the version", () => {
    const state = typeText(rules, typeText(rules, initialState(rules, ""), V40), "   ");
    expect(state).toMatchObject({ text: "   ", version: "4.0", selections: {} });
    expect(evaluate(rules, state)).toEqual({ kind: "empty" });
  });
});

describe("metric selections → vector", () => {
  it("builds the vector in specification order as metrics are picked", () => {
    let state = initialState(rules, "");
    state = pick(state, { C: "H", AV: "N" });
    expect(state.text).toBe("CVSS:3.1/AV:N/C:H");
    state = pick(state, { AC: "L", PR: "N", UI: "N", S: "U", I: "H", A: "H" });
    expect(state.text).toBe(V31);
    expect(evaluate(rules, state).kind).toBe("scored");
  });

  it("names the base metrics left to pick instead of an error while building", () => {
    const state = pick(initialState(rules, ""), { AV: "N", AC: "L" });
    const result = evaluate(rules, state);
    expect(result.kind).toBe("incomplete");
    expect(result.kind === "incomplete" && result.missing.map((d) => d.key)).toEqual([
      "PR",
      "UI",
      "S",
      "C",
      "I",
      "A",
    ]);
  });

  it("changing a value replaces it where it is; Not Defined removes it", () => {
    let state = typeText(rules, initialState(rules, ""), `${V31}/E:P`);
    state = chooseMetric(rules, state, "AV", "L");
    expect(state.text).toBe(`${V31.replace("AV:N", "AV:L")}/E:P`);
    state = chooseMetric(rules, state, "E", "X");
    expect(state.text).toBe(V31.replace("AV:N", "AV:L"));
    expect(state.selections.E).toBeUndefined();
  });

  it("keeps a 3.1 vector's own (allowed) order when a metric changes", () => {
    const outOfOrder = "CVSS:3.1/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N";
    const state = chooseMetric(rules, typeText(rules, initialState(rules, ""), outOfOrder), "PR", "L");
    expect(state.text).toBe(outOfOrder.replace("PR:H", "PR:L"));
    expect(evaluate(rules, state).kind).toBe("scored");
  });

  it("inserts a new 4.0 metric where the specification's order wants it", () => {
    expect(setMetricInText(rules, V40, "4.0", "E", "A")).toBe(`${V40}/E:A`);
    expect(setMetricInText(rules, `${V40}/CR:H`, "4.0", "E", "A")).toBe(`${V40}/E:A/CR:H`);
    expect(buildVector(rules, "4.0", { SA: "N", AV: "N", E: "X" })).toBe("CVSS:4.0/AV:N/SA:N");
  });
});

describe("the version switch", () => {
  it("gives each version its own vector and restores it when switching back", () => {
    const in31 = typeText(rules, initialState(rules, ""), V31);
    const in40 = switchVersion(in31, "4.0");
    expect(in40).toMatchObject({ version: "4.0", text: "", selections: {} });
    const built40 = typeText(rules, in40, V40);
    const back = switchVersion(built40, "3.1");
    expect(back).toMatchObject({ version: "3.1", text: V31 });
    expect(switchVersion(back, "4.0")).toMatchObject({ version: "4.0", text: V40 });
  });

  it("switching to the version already shown changes nothing", () => {
    const state = typeText(rules, initialState(rules, ""), V31.replace("3.1", "3.0"));
    expect(switchVersion(state, "3.1")).toBe(state);
  });

  it("an invalid text survives a round trip through the other version", () => {
    const typed = "CVSS:3.1/AV:Q/AC:L";
    const state = switchVersion(switchVersion(typeText(rules, initialState(rules, ""), typed), "4.0"), "3.1");
    expect(state.text).toBe(typed);
  });
});

describe("invalid and hostile input: the domain's message names the metric; nothing typed is lost", () => {
  const cases: { name: string; text: string; metric: string; message: RegExp }[] = [
    { name: "duplicate metric", text: `${V31}/AV:L`, metric: "AV", message: /more than once/ },
    { name: "unknown metric", text: `${V31}/ZZ:H`, metric: "ZZ", message: /not a CVSS 3\.1 metric/ },
    {
      name: "unknown value",
      text: V31.replace("AV:N", "AV:Q"),
      metric: "AV",
      message: /"Q" is not a valid value/,
    },
    {
      name: "wrong prefix",
      text: V31.replace("CVSS:3.1", "CVSS:3.2"),
      metric: "CVSS",
      message: /must start with/,
    },
    { name: "lower-case prefix", text: V31.toLowerCase(), metric: "CVSS", message: /must start with/ },
    {
      name: "no prefix",
      text: "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
      metric: "CVSS",
      message: /must start with/,
    },
    { name: "4000 characters", text: `${V31}/${"E:P/".repeat(996)}`, metric: "CVSS", message: /at most 512/ },
    {
      name: "NUL in a value",
      text: V31.replace("AV:N", "AV:N\u0000"),
      metric: "AV",
      message: /not a valid value/,
    },
    { name: "NUL alone", text: "\u0000", metric: "CVSS", message: /must start with/ },
    {
      name: "4.0 metric in a 3.1 vector",
      text: `${V31}/AT:N`,
      metric: "AT",
      message: /not a CVSS 3\.1 metric/,
    },
    {
      name: "4.0 out of order",
      text: "CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
      metric: "AV",
      message: /must come before/,
    },
    { name: "empty part", text: `${V31}//`, metric: "(empty)", message: /is not a metric/ },
    { name: "two colons", text: `${V31}/E:P:P`, metric: "E", message: /is not a metric/ },
    {
      name: "__proto__ as a metric",
      text: `${V31}/__proto__:H`,
      metric: "__proto__",
      message: /not a CVSS 3\.1 metric/,
    },
  ];

  for (const c of cases) {
    it(`${c.name}: refused, text kept`, () => {
      const before = typeText(rules, initialState(rules, ""), V31);
      const state = typeText(rules, before, c.text);
      expect(state.text).toBe(c.text);
      const result = evaluate(rules, state);
      expect(result.kind).toBe("invalid");
      if (result.kind !== "invalid") return;
      expect(result.metric).toBe(c.metric);
      expect(result.message).toMatch(c.message);
    });
  }

  it("an invalid vector still sets the radios it can read (the first of duplicates)", () => {
    const read = readSelections(rules, `${V31.replace("AV:N", "AV:Q")}/AC:H/__proto__:H/E:P:P`);
    expect(read?.selections.AV).toBeUndefined();
    expect(read?.selections.AC).toBe("L");
    expect(read?.selections.E).toBeUndefined();
    expect(Object.getPrototypeOf(read?.selections)).toBe(Object.prototype);
  });

  it("an over-long text keeps the radios as they were (nothing is read from it)", () => {
    const before = typeText(rules, initialState(rules, ""), V31);
    const state = typeText(rules, before, `${V31}/${"x".repeat(4000)}`);
    expect(state.selections).toEqual(before.selections);
    expect(state.text.length).toBe(V31.length + 4001);
  });

  it("picking a metric in an invalid vector edits it in place: the bad part stays, the message stays", () => {
    const typed = `${V31}/ZZ:H`;
    const state = chooseMetric(rules, typeText(rules, initialState(rules, ""), typed), "AV", "L");
    expect(state.text).toBe(`${V31.replace("AV:N", "AV:L")}/ZZ:H`);
    expect(evaluate(rules, state)).toMatchObject({ kind: "invalid", metric: "ZZ" });
  });

  it("picking a duplicated metric keeps one copy, which makes the vector valid again", () => {
    const state = chooseMetric(rules, typeText(rules, initialState(rules, ""), `${V31}/AV:L`), "AV", "P");
    expect(state.text).toBe(V31.replace("AV:N", "AV:P"));
    expect(evaluate(rules, state).kind).toBe("scored");
  });

  it("picking a metric after a wrong prefix rebuilds from the radios of the shown version", () => {
    const state = chooseMetric(
      rules,
      typeText(rules, typeText(rules, initialState(rules, ""), V31), "cvss:3.1/AV:N"),
      "AV",
      "L",
    );
    expect(state.text).toBe(V31.replace("AV:N", "AV:L"));
  });
});

describe("the reporter's vector", () => {
  it("is scored on its own", () => {
    const result = evaluateVector(rules, V31);
    expect(result.kind === "scored" && result.score.score).toBe(9.8);
  });

  it("names the metrics where the calculator's vector differs from it", () => {
    const mine = pick(typeText(rules, initialState(rules, ""), V31), { AV: "L", E: "X" });
    expect(differingMetrics(rules, V31, mine)).toEqual(["AV"]);
    expect(differingMetrics(rules, `${V31}/E:X`, typeText(rules, mine, V31))).toEqual([]);
    expect(differingMetrics(rules, V40, mine)).toEqual([]);
    expect(differingMetrics(rules, "\u0000", mine)).toEqual([]);
  });

  it("an invalid one is named, not thrown", () => {
    expect(evaluateVector(rules, `${V31}/AV:L`)).toMatchObject({ kind: "invalid", metric: "AV" });
    expect(evaluateVector(rules, "")).toEqual({ kind: "empty" });
  });
});
