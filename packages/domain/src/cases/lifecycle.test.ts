import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TActor } from "../roles/actor";
import { ACTORS, at, caseFacts, days, ROLE_KEYS, T0 } from "../test-support/fixtures";
import { caseRolesOf, isFixDeveloped, type TCaseFacts } from "./case-facts";
import {
  availableCommands,
  CASE_COMMAND_TYPES,
  type CaseCommandType,
  type TCaseCommand,
  TRANSITIONS,
  transition,
  ZCaseCommand,
} from "./lifecycle";
import { CASE_STATES, type CaseState, isTerminalState } from "./states";

const NOW = at(days(4));

const COMMANDS: Record<CaseCommandType, TCaseCommand> = {
  acknowledge: { type: "acknowledge" },
  "request-info": { type: "request-info" },
  accept: { type: "accept" },
  "mark-duplicate": { type: "mark-duplicate", duplicateOfCaseId: "case-0" },
  "mark-not-vulnerability": {
    type: "mark-not-vulnerability",
    reason: "Needs root already",
    bugReference: "#123",
  },
  reject: { type: "reject", reason: "Works as documented" },
  "mark-spam": { type: "mark-spam" },
  "start-fix": { type: "start-fix" },
  "mark-fix-ready": { type: "mark-fix-ready" },
  "reopen-fix": { type: "reopen-fix", reason: "Review found an incomplete fix" },
  "notify-distributors": { type: "notify-distributors" },
  release: { type: "release" },
  close: { type: "close" },
};

/** Expected: from-state, to-state and allowed roles, written out independently of TRANSITIONS. */
const EXPECTED: Record<CaseCommandType, { from: CaseState[]; to: CaseState; roles: string[] }> = {
  acknowledge: { from: ["received"], to: "triage", roles: ["pst"] },
  "request-info": { from: ["triage"], to: "triage", roles: ["pst"] },
  accept: { from: ["triage"], to: "accepted", roles: ["pst"] },
  "mark-duplicate": { from: ["triage"], to: "duplicate", roles: ["pst"] },
  "mark-not-vulnerability": { from: ["triage"], to: "not-a-vulnerability", roles: ["pst"] },
  reject: { from: ["triage"], to: "rejected", roles: ["pst"] },
  "mark-spam": { from: ["received", "triage"], to: "spam", roles: ["pst"] },
  "start-fix": { from: ["accepted"], to: "fix-in-progress", roles: ["fix-lead"] },
  "mark-fix-ready": { from: ["fix-in-progress"], to: "fix-ready", roles: ["fix-lead", "fix-team"] },
  "reopen-fix": { from: ["fix-ready"], to: "fix-in-progress", roles: ["fix-lead", "fix-team"] },
  "notify-distributors": { from: ["fix-ready"], to: "distributors-notified", roles: ["fix-lead"] },
  release: { from: ["fix-ready", "distributors-notified"], to: "released", roles: ["fix-lead"] },
  close: { from: ["released"], to: "closed", roles: ["fix-lead", "pst"] },
};

const cells = CASE_COMMAND_TYPES.flatMap((type) =>
  EXPECTED[type].from.flatMap((from) => ROLE_KEYS.map((role) => ({ type, from, role }))),
);

describe("every transition × role", () => {
  it("the table covers every command", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...CASE_COMMAND_TYPES].sort());
    for (const type of CASE_COMMAND_TYPES) expect([...TRANSITIONS[type].from]).toEqual(EXPECTED[type].from);
  });
  it.each(cells)("$type from $from by $role", ({ type, from, role }) => {
    // Releasing after the agreed disclosure time, so that the embargo guard does not interfere.
    const now = type === "release" ? at(days(11)) : NOW;
    const result = transition(caseFacts({ state: from }), COMMANDS[type], ACTORS[role], { now });
    if (EXPECTED[type].roles.includes(role)) {
      expect(result).toMatchObject({
        ok: true,
        event: { type, caseId: "case-1", from, to: EXPECTED[type].to },
      });
    } else {
      expect(result).toMatchObject({ ok: false, code: "role-not-allowed" });
      if (!result.ok) expect(result.reason).toMatch(/^Only the /);
    }
  });
});

describe("transitions only in order", () => {
  const illegal = CASE_COMMAND_TYPES.flatMap((type) =>
    CASE_STATES.filter((s) => !EXPECTED[type].from.includes(s)).map((state) => ({ type, state })),
  );
  it.each(illegal)("$type is refused in $state", ({ type, state }) => {
    const role = EXPECTED[type].roles[0] as keyof typeof ACTORS;
    const result = transition(caseFacts({ state }), COMMANDS[type], ACTORS[role], { now: NOW });
    expect(result).toMatchObject({ ok: false, code: "illegal-transition" });
    if (!result.ok) expect(result.reason).toContain("is not possible while the case is");
  });
});

describe("events are audit-ready", () => {
  it("records who, when, what and the details given", () => {
    const result = transition(caseFacts({ state: "triage" }), COMMANDS.reject, ACTORS.pst, {
      now: NOW.getTime(),
    });
    expect(result).toEqual({
      ok: true,
      event: {
        type: "reject",
        caseId: "case-1",
        from: "triage",
        to: "rejected",
        actor: "staff:u-pst",
        at: NOW,
        details: { reason: "Works as documented" },
        summary: "Reject: In triage → Rejected",
      },
    });
  });
  it("a PST member who is also the Fix Lead holds both roles", () => {
    const both: TActor = { kind: "staff", userId: "u-lead", roles: ["pst"] };
    expect([...caseRolesOf(both, caseFacts())].sort()).toEqual(["fix-lead", "pst"]);
    expect(transition(caseFacts({ state: "accepted" }), COMMANDS["start-fix"], both, { now: NOW }).ok).toBe(
      true,
    );
  });
});

describe("guards", () => {
  const lead = ACTORS["fix-lead"];
  const refusal = (
    facts: TCaseFacts,
    command: TCaseCommand,
    ctx: { now: Date; releaseEarlyLeakIds?: string[] } = { now: NOW },
  ) => {
    const r = transition(
      facts,
      command,
      lead.kind === "staff" && command.type === "mark-duplicate" ? ACTORS.pst : lead,
      ctx,
    );
    return r.ok ? null : r;
  };
  it("a case is not a duplicate of itself", () => {
    expect(
      refusal(caseFacts({ state: "triage" }), { type: "mark-duplicate", duplicateOfCaseId: "case-1" })
        ?.reason,
    ).toBe("A case cannot be a duplicate of itself.");
  });
  it("start fix needs a Fix Lead", () => {
    const r = transition(
      caseFacts({ state: "accepted", fixLeadId: null }),
      COMMANDS["start-fix"],
      ACTORS.pst,
      { now: NOW },
    );
    // With no Fix Lead nobody holds the role that may start the fix.
    expect(r).toMatchObject({ ok: false, code: "role-not-allowed" });
  });
  it("fix ready needs at least one commit", () => {
    expect(
      refusal(caseFacts({ state: "fix-in-progress", fixCommits: [] }), COMMANDS["mark-fix-ready"])?.reason,
    ).toBe("There is no fix commit yet.");
  });
  it("fix ready needs an LGTM on every commit, from someone other than the author", () => {
    const facts = caseFacts({
      state: "fix-in-progress",
      fixCommits: [
        { sha: "1111111111111111", authorId: "u-team", lgtmBy: ["u-lead"] },
        { sha: "2222222222222222", authorId: "u-team", lgtmBy: ["u-team"] },
        { sha: "3333333333333333", authorId: "u-team", lgtmBy: [] },
      ],
    });
    const r = refusal(facts, COMMANDS["mark-fix-ready"]);
    expect(r?.code).toBe("guard-failed");
    expect(r?.reason).toContain("222222222222, 333333333333");
    expect(r?.reason).not.toContain("111111111111");
  });
  it("early disclosure needs a fix or a mitigation", () => {
    const facts = caseFacts({ state: "fix-ready", fixCommits: [] });
    expect(refusal(facts, COMMANDS["notify-distributors"])?.reason).toBe(
      "Early disclosure needs a fix or a mitigation first.",
    );
    expect(refusal({ ...facts, mitigationAvailable: true }, COMMANDS["notify-distributors"])).toBeNull();
  });
  it("early disclosure is for remotely exploitable or privilege-escalation issues only", () => {
    const facts = caseFacts({ state: "fix-ready", remotelyExploitable: false, privilegeEscalation: false });
    expect(refusal(facts, COMMANDS["notify-distributors"])?.reason).toContain(
      "remotely exploitable or privilege-escalation",
    );
    expect(refusal({ ...facts, privilegeEscalation: true }, COMMANDS["notify-distributors"])).toBeNull();
  });
  it("early disclosure of a public issue is pointless", () => {
    expect(
      refusal(caseFacts({ state: "fix-ready", isPublic: true }), COMMANDS["notify-distributors"])?.reason,
    ).toContain("already public");
  });
  it("early disclosure needs chosen distributors and a future disclosure time", () => {
    expect(
      refusal(caseFacts({ state: "fix-ready", distributorDisclosures: [] }), COMMANDS["notify-distributors"])
        ?.reason,
    ).toBe("Choose which distributors receive the disclosure.");
    expect(
      refusal(caseFacts({ state: "fix-ready", disclosureAt: null }), COMMANDS["notify-distributors"])?.reason,
    ).toContain("Agree the public disclosure date");
    expect(
      refusal(caseFacts({ state: "fix-ready", disclosureAt: at(days(1)) }), COMMANDS["notify-distributors"])
        ?.reason,
    ).toBe("The agreed disclosure time 2026-03-03 09:00 UTC has passed; agree a new one first.");
  });
  it("release needs a fix, a release version and a disclosure time", () => {
    expect(refusal(caseFacts({ state: "fix-ready", fixCommits: [] }), COMMANDS.release)?.reason).toBe(
      "Release needs a fix with an LGTM on every commit.",
    );
    expect(refusal(caseFacts({ state: "fix-ready", releaseVersion: null }), COMMANDS.release)?.reason).toBe(
      "Set the release version first.",
    );
    expect(refusal(caseFacts({ state: "fix-ready", disclosureAt: null }), COMMANDS.release)?.reason).toBe(
      "Set the public disclosure date and time first.",
    );
  });
  it("release during an embargo needs a recorded release-early leak decision", () => {
    const facts = caseFacts({ state: "distributors-notified" });
    expect(refusal(facts, COMMANDS.release)?.reason).toBe(
      'Distributors are under embargo until 2026-03-12 09:00 UTC; releasing earlier needs a recorded "release early" leak decision.',
    );
    expect(
      refusal(
        facts,
        { type: "release", earlyReleaseLeakId: "leak-9" },
        { now: NOW, releaseEarlyLeakIds: ["leak-1"] },
      ),
    ).not.toBeNull();
    expect(
      refusal(
        facts,
        { type: "release", earlyReleaseLeakId: "leak-1" },
        { now: NOW, releaseEarlyLeakIds: ["leak-1"] },
      ),
    ).toBeNull();
    expect(refusal(facts, COMMANDS.release, { now: at(days(10)) })).toBeNull();
  });
});

describe("availableCommands", () => {
  it("lists what the actor may try in the current state", () => {
    expect(availableCommands(caseFacts({ state: "triage" }), ACTORS.pst).map((c) => c.type)).toEqual([
      "request-info",
      "accept",
      "mark-duplicate",
      "mark-not-vulnerability",
      "reject",
      "mark-spam",
    ]);
    expect(
      availableCommands(caseFacts({ state: "fix-ready" }), ACTORS["fix-team"]).map((c) => c.type),
    ).toEqual(["reopen-fix"]);
    expect(availableCommands(caseFacts({ state: "triage" }), ACTORS.reporter)).toEqual([]);
  });
});

describe("ZCaseCommand", () => {
  it("transition() refuses a malformed command even without a router in front", () => {
    const r = transition(caseFacts({ state: "triage" }), { type: "reject", reason: " " }, ACTORS.pst, {
      now: NOW,
    });
    expect(r).toEqual({ ok: false, code: "invalid-command", reason: "Say why, in a sentence." });
  });
  it("requires reasons where the policy wants one", () => {
    expect(ZCaseCommand.safeParse({ type: "reject", reason: "  " }).success).toBe(false);
    expect(ZCaseCommand.safeParse({ type: "reject", reason: "Out of scope" }).success).toBe(true);
    expect(ZCaseCommand.safeParse({ type: "teleport" }).success).toBe(false);
  });
});

describe("no sequence of actions reaches an illegal state (property)", () => {
  const arbCommand = fc.constantFrom(...Object.values(COMMANDS), {
    type: "release",
    earlyReleaseLeakId: "leak-1",
  } as TCaseCommand);
  const arbActor = fc.constantFrom(...Object.values(ACTORS));
  const arbFactChange = fc.record({
    commits: fc.constantFrom("keep", "none", "unreviewed", "reviewed"),
    remote: fc.boolean(),
    priv: fc.boolean(),
    mitigation: fc.boolean(),
    isPublic: fc.boolean(),
    version: fc.boolean(),
    disclosure: fc.constantFrom("keep", "none", "past", "future"),
    fixLead: fc.boolean(),
  });
  const step = fc.record({
    command: arbCommand,
    actor: arbActor,
    change: arbFactChange,
    advanceHours: fc.nat(72),
  });

  it("every accepted step is an edge of the lifecycle, by an allowed role, with its guard true", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let facts = caseFacts({ state: "received" });
        let now = T0.getTime();
        for (const { command, actor, change, advanceHours } of steps) {
          now += advanceHours * 3600_000;
          facts = {
            ...facts,
            fixCommits:
              change.commits === "keep"
                ? facts.fixCommits
                : change.commits === "none"
                  ? []
                  : [
                      {
                        sha: "abc",
                        authorId: "u-team",
                        lgtmBy: change.commits === "reviewed" ? ["u-lead"] : [],
                      },
                    ],
            remotelyExploitable: change.remote,
            privilegeEscalation: change.priv,
            mitigationAvailable: change.mitigation,
            isPublic: change.isPublic,
            releaseVersion: change.version ? "1.0.1" : null,
            fixLeadId: change.fixLead ? "u-lead" : null,
            disclosureAt:
              change.disclosure === "keep"
                ? facts.disclosureAt
                : change.disclosure === "none"
                  ? null
                  : new Date(now + (change.disclosure === "past" ? -1 : 1) * days(2)),
          };
          const before = facts.state;
          const result = transition(facts, command, actor, { now, releaseEarlyLeakIds: ["leak-1"] });
          if (!result.ok) continue;
          const rule = TRANSITIONS[command.type];
          // Legal edge, allowed role, never out of a terminal state.
          expect(rule.from).toContain(before);
          expect(isTerminalState(before)).toBe(false);
          expect(rule.roles.some((r) => caseRolesOf(actor, facts).has(r))).toBe(true);
          const to = result.event.to;
          expect(CASE_STATES).toContain(to);
          // State invariants at the moment of entering each state.
          if (to === "fix-ready") expect(isFixDeveloped(facts)).toBe(true);
          if (to === "distributors-notified") {
            expect(facts.remotelyExploitable || facts.privilegeEscalation).toBe(true);
            expect(isFixDeveloped(facts) || facts.mitigationAvailable).toBe(true);
            expect(facts.isPublic).toBe(false);
            expect(facts.disclosureAt && facts.disclosureAt.getTime() > now).toBeTruthy();
          }
          if (to === "released") {
            expect(
              isFixDeveloped(facts) && facts.releaseVersion !== null && facts.disclosureAt !== null,
            ).toBe(true);
          }
          if (to === "fix-in-progress" && before === "accepted") expect(facts.fixLeadId).not.toBeNull();
          facts = { ...facts, state: to };
        }
      }),
      { numRuns: 500 },
    );
  });
});
