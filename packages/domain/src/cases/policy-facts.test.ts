import "../validation/zod-messages";
import { describe, expect, it } from "vitest";
import { at, days, T0 } from "../test-support/fixtures";
import {
  changePolicyFact,
  initialPolicyFacts,
  POLICY_FACT_KEYS,
  type PolicyFactChangeContext,
  type TPolicyFactChange,
  type TPolicyFacts,
  ZPolicyFacts,
} from "./policy-facts";
import { CASE_STATES, type CaseState } from "./states";

const ctx = (overrides: Partial<PolicyFactChangeContext> = {}): PolicyFactChangeContext => ({
  state: "fix-in-progress",
  changedBy: "u-lead",
  now: at(days(2)),
  distributorsNotifiedAt: null,
  ...overrides,
});
const change = (overrides: Partial<TPolicyFactChange> = {}): TPolicyFactChange => ({
  fact: "remotelyExploitable",
  value: true,
  reason: "AV:N in the final vector: any resolver on the Internet can send the packet.",
  ...overrides,
});

describe("policy facts", () => {
  it("a new case knows only whether it is already public", () => {
    expect(initialPolicyFacts(true)).toEqual({
      alreadyPublic: true,
      remotelyExploitable: false,
      privilegeEscalation: false,
      mitigationAvailable: false,
      distributorDisclosureSkipped: false,
    });
    expect(ZPolicyFacts.safeParse(initialPolicyFacts(false)).success).toBe(true);
  });
  it.each(POLICY_FACT_KEYS)("%s can be set with a reason, and the change is an audit event", (fact) => {
    const facts = initialPolicyFacts(false);
    const result = changePolicyFact(facts, change({ fact, value: true }), ctx());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.facts[fact]).toBe(true);
    expect(facts[fact]).toBe(false); // the input is not mutated
    expect(result.event).toMatchObject({
      type: "policy-fact-changed",
      fact,
      from: false,
      to: true,
      changedBy: "u-lead",
      at: at(days(2)),
    });
    expect(result.event.summary).toMatch(/: no → yes$/);
  });
  it("the reason is trimmed", () => {
    const result = changePolicyFact(initialPolicyFacts(false), change({ reason: "  because  " }), ctx());
    expect(result.ok && result.event.reason).toBe("because");
  });
});

describe("refused changes", () => {
  const facts: TPolicyFacts = { ...initialPolicyFacts(false), remotelyExploitable: true };
  it.each([
    ["no reason", change({ reason: "   " }), "Say why, in a sentence."],
    ["overlong reason", change({ reason: "x".repeat(2001) }), "Say why in at most 2,000 characters."],
    ["escape sequence", change({ reason: "ok\u001b[2J" }), "Remove the control characters from the reason."],
    ["bidi override", change({ reason: "ok\u202e" }), "Remove the control characters from the reason."],
    ["unknown fact", change({ fact: "__proto__" as never }), "Choose one of"],
    ["not a boolean", change({ value: "yes" as never }), "yes or no"],
    ["no change", change({ value: true }), '"Remotely exploitable" is already yes.'],
  ])("%s", (_name, input, message) => {
    const result = changePolicyFact(facts, input, ctx());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(message);
  });
  it("multi-line reasons are fine", () => {
    expect(changePolicyFact(initialPolicyFacts(false), change({ reason: "a\nb\tc" }), ctx()).ok).toBe(true);
  });
  it.each(["closed", "duplicate", "rejected", "not-a-vulnerability", "spam"] as CaseState[])(
    "nothing changes once the case is %s",
    (state) => {
      const result = changePolicyFact(initialPolicyFacts(false), change(), ctx({ state }));
      expect(result).toMatchObject({ ok: false });
      if (!result.ok) expect(result.reason).toContain("can no longer change");
    },
  );
  it.each(
    CASE_STATES.filter(
      (s) => !["closed", "duplicate", "rejected", "not-a-vulnerability", "spam"].includes(s),
    ),
  )("facts may change while %s", (state) => {
    expect(changePolicyFact(initialPolicyFacts(false), change(), ctx({ state })).ok).toBe(true);
  });
  it("early disclosure cannot be skipped once distributors received it", () => {
    const result = changePolicyFact(
      initialPolicyFacts(false),
      change({ fact: "distributorDisclosureSkipped", value: true }),
      ctx({ state: "distributors-notified", distributorsNotifiedAt: T0 }),
    );
    expect(result).toEqual({
      ok: false,
      reason:
        "Distributors already received the disclosure on 2026-03-02 09:00 UTC; it cannot be skipped now.",
    });
  });
  it("a mistaken public flag may be withdrawn in private work, not after the embargo or release", () => {
    const pub = initialPolicyFacts(true);
    const withdraw = change({ fact: "alreadyPublic", value: false });
    expect(changePolicyFact(pub, withdraw, ctx({ state: "fix-ready" })).ok).toBe(true);
    for (const state of ["distributors-notified", "released"] as const) {
      const result = changePolicyFact(pub, withdraw, ctx({ state }));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toContain("can no longer be withdrawn");
    }
    // Making it public is always possible (a leak, a public post): every deadline becomes ASAP.
    const leak = changePolicyFact(
      initialPolicyFacts(false),
      change({ fact: "alreadyPublic" }),
      ctx({ state: "released" }),
    );
    expect(leak.ok).toBe(true);
  });
});
