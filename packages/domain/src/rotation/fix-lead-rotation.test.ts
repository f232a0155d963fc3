import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { at, days, T0 } from "../test-support/fixtures";
import {
  assignFixLead,
  nextFixLead,
  reassignFixLead,
  type TFixLeadAssignment,
  type TRotationMember,
  volunteerAsFixLead,
  ZFixLeadAssignment,
} from "./fix-lead-rotation";

const members = (ids: string[], unavailable: string[] = []): TRotationMember[] =>
  ids.map((id) => ({ id, available: !unavailable.includes(id) }));
const record = (
  memberId: string,
  reason: TFixLeadAssignment["reason"] = "rotation",
  caseId = "c",
): TFixLeadAssignment => ({
  caseId,
  memberId,
  at: T0,
  reason,
  previousMemberId: null,
  note: null,
});

function runRotation(roster: TRotationMember[], n: number, history: TFixLeadAssignment[] = []) {
  const picks: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = assignFixLead({ caseId: `case-${i}`, members: roster, history, now: at(i) });
    if (!r.ok) break;
    history.push(r.assignment);
    picks.push(r.assignment.memberId);
  }
  return picks;
}

describe("Fix Lead rotation", () => {
  it("goes round-robin in roster order", () => {
    expect(runRotation(members(["ana", "bo", "cy"]), 7)).toEqual([
      "ana",
      "bo",
      "cy",
      "ana",
      "bo",
      "cy",
      "ana",
    ]);
  });
  it("skips unavailable members without losing their place", () => {
    expect(runRotation(members(["ana", "bo", "cy"], ["bo"]), 4)).toEqual(["ana", "cy", "ana", "cy"]);
    expect(nextFixLead(members(["ana", "bo", "cy"]), [record("ana")])).toBe("bo");
  });
  it("continues after the last rotation pick; volunteers do not move it", () => {
    expect(nextFixLead(members(["ana", "bo", "cy"]), [record("bo"), record("ana", "volunteer")])).toBe("cy");
  });
  it("starts at the top when the last pick left the roster", () => {
    expect(nextFixLead(members(["ana", "bo"]), [record("zed")])).toBe("ana");
  });
  it("refuses when nobody is available", () => {
    expect(assignFixLead({ caseId: "c", members: members(["ana"], ["ana"]), history: [], now: T0 })).toEqual({
      ok: false,
      reason: "No PST member is available to lead this case.",
    });
    expect(nextFixLead([], [])).toBeNull();
  });
  it("records an assignment", () => {
    const r = assignFixLead({ caseId: "case-7", members: members(["ana"]), history: [], now: T0.getTime() });
    expect(r).toEqual({
      ok: true,
      assignment: {
        caseId: "case-7",
        memberId: "ana",
        at: T0,
        reason: "rotation",
        previousMemberId: null,
        note: null,
      },
    });
    if (r.ok) expect(ZFixLeadAssignment.parse(r.assignment)).toEqual(r.assignment);
  });
  it("reassignment picks the next member, never the current one, and records who and why", () => {
    const r = reassignFixLead({
      caseId: "case-1",
      currentMemberId: "bo",
      members: members(["ana", "bo", "cy"], ["cy"]),
      history: [record("ana")],
      now: at(days(1)),
      note: " Bo is on leave ",
    });
    expect(r).toMatchObject({
      ok: true,
      assignment: { memberId: "ana", reason: "reassignment", previousMemberId: "bo", note: "Bo is on leave" },
    });
    expect(
      reassignFixLead({
        caseId: "c",
        currentMemberId: "ana",
        members: members(["ana"]),
        history: [],
        now: T0,
        note: "x",
      }),
    ).toEqual({
      ok: false,
      reason: "No other PST member is available to take over.",
    });
    expect(
      reassignFixLead({
        caseId: "c",
        currentMemberId: "ana",
        members: members(["ana", "bo"]),
        history: [],
        now: T0,
        note: " ",
      }).ok,
    ).toBe(false);
  });
  it("a PST member may volunteer when available", () => {
    const roster = members(["ana", "bo"], ["bo"]);
    expect(
      volunteerAsFixLead({ caseId: "c", memberId: "ana", currentMemberId: "bo", members: roster, now: T0 }),
    ).toMatchObject({
      ok: true,
      assignment: { reason: "volunteer", memberId: "ana", previousMemberId: "bo" },
    });
    expect(
      volunteerAsFixLead({ caseId: "c", memberId: "bo", currentMemberId: null, members: roster, now: T0 }).ok,
    ).toBe(false);
    expect(
      volunteerAsFixLead({ caseId: "c", memberId: "eve", currentMemberId: null, members: roster, now: T0 })
        .ok,
    ).toBe(false);
  });
});

describe("rotation fairness (property)", () => {
  const arbRoster = fc
    .uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 })
    .chain((ids) => fc.tuple(fc.constant(ids), fc.subarray(ids)));

  it("over any run of assignments, available members' counts differ by at most one", () => {
    fc.assert(
      fc.property(arbRoster, fc.nat(60), fc.nat(20), fc.nat(60), (roster, warmup, start, length) => {
        const [ids, unavailable] = roster;
        const team = members(ids, unavailable);
        const picks = runRotation(team, warmup + start + length);
        const available = ids.filter((id) => !unavailable.includes(id));
        if (available.length === 0) {
          expect(picks).toEqual([]);
          return;
        }
        const window = picks.slice(start, start + length);
        const counts = available.map((id) => window.filter((p) => p === id).length);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        expect(window.every((p) => available.includes(p))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it("is deterministic: the same roster and history give the same pick", () => {
    fc.assert(
      fc.property(arbRoster, fc.array(fc.nat(7), { maxLength: 10 }), ([ids, unavailable], picks) => {
        const history = picks.map((i) => record(ids[i % ids.length] as string));
        const team = members(ids, unavailable);
        expect(nextFixLead(team, history)).toBe(nextFixLead(team, [...history]));
      }),
    );
  });
  it("after availability changes, fairness holds again over the new available set", () => {
    fc.assert(
      fc.property(arbRoster, fc.nat(30), fc.nat(40), ([ids, unavailable], before, after) => {
        const history: TFixLeadAssignment[] = [];
        runRotation(members(ids), before, history);
        const team = members(ids, unavailable);
        const picks = runRotation(team, after, history);
        const available = ids.filter((id) => !unavailable.includes(id));
        if (available.length === 0) return;
        const counts = available.map((id) => picks.filter((p) => p === id).length);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});
