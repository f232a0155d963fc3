import { describe, expect, it } from "vitest";
import { CASE_COMMAND_TYPES } from "../cases/lifecycle";
import type { TActor } from "../roles/actor";
import { ACTORS, caseFacts, ROLE_KEYS } from "../test-support/fixtures";
import {
  CASE_ACTIONS,
  type CaseAction,
  can,
  ORGANIZATION_ACTIONS,
  type PermissionAction,
  SYSTEM_ACTIONS,
} from "./can";

const CASE = { kind: "case", case: caseFacts({ state: "fix-ready" }) } as const;
const S = ["pst", "fix-lead", "fix-team"];

/** Who may do what on a case: restated from the issue and the policy, independent of the implementation. */
const EXPECTED_CASE: Record<(typeof CASE_ACTIONS)[number], string[]> = {
  "case.view-summary": [...S, "distributor", "reporter"],
  "case.read-history": S,
  "report.read": [...S, "reporter"],
  "report.comment": [...S, "reporter"],
  "case.assign-fix-lead": ["pst"],
  "case.manage-fix-team": ["fix-lead"],
  "cvss.propose": ["fix-lead", "fix-team"],
  "case.record-facts": ["fix-lead"],
  "case.record-exploitation": ["pst", "fix-lead", "fix-team"],
  "cvss.finalize": ["fix-lead"],
  "timeline.record-slow-down": ["fix-lead", "fix-team"],
  "fix.read": S,
  "fix.lgtm": S,
  "embargo.read": [...S, "distributor"],
  "embargo.set-disclosure-time": ["fix-lead"],
  "distributors.select": ["fix-lead"],
  "distributor.record-test-result": ["distributor"],
  "leak.report": [...S, "distributor"],
  "leak.assess": ["pst"],
  "leak.decide": ["pst"],
  "cve.request": ["fix-lead"],
  "advisory.publish": ["fix-lead"],
  "announcement.send": ["fix-lead"],
};
const EXPECTED_TRANSITIONS: Record<string, string[]> = {
  acknowledge: ["pst"],
  "request-info": ["pst"],
  accept: ["pst"],
  "mark-duplicate": ["pst"],
  "mark-not-vulnerability": ["pst"],
  reject: ["pst"],
  "mark-spam": ["pst"],
  "start-fix": ["fix-lead"],
  "mark-fix-ready": ["fix-lead", "fix-team"],
  "reopen-fix": ["fix-lead", "fix-team"],
  "notify-distributors": ["fix-lead"],
  release: ["fix-lead"],
  close: ["fix-lead", "pst"],
};

const caseCells = [
  ...CASE_ACTIONS.map((action) => ({ action: action as CaseAction, allowed: EXPECTED_CASE[action] })),
  ...CASE_COMMAND_TYPES.map((t) => ({
    action: `transition:${t}` as CaseAction,
    allowed: EXPECTED_TRANSITIONS[t] ?? [],
  })),
].flatMap(({ action, allowed }) =>
  ROLE_KEYS.map((role) => ({ action, role, expected: allowed.includes(role) })),
);

describe("can(): every case permission cell", () => {
  it.each(caseCells)("$role → $action = $expected", ({ action, role, expected }) => {
    expect(can(ACTORS[role], action, CASE)).toBe(expected);
  });
});

describe("can(): distributor and reporter conditions", () => {
  const distributor = ACTORS.distributor;
  const embargoRead = (actor: TActor, facts = caseFacts()) =>
    can(actor, "embargo.read", { kind: "case", case: facts });
  it("only for cases disclosed to the distributor's organisation", () => {
    expect(
      embargoRead({ kind: "distributor", userId: "u-x", organizationId: "org-2", membership: "active" }),
    ).toBe(false);
  });
  it("only after the organisation was notified", () => {
    expect(
      embargoRead(
        distributor,
        caseFacts({ distributorDisclosures: [{ organizationId: "org-1", notifiedAt: null }] }),
      ),
    ).toBe(false);
  });
  it("a warned member keeps access, a removed member loses it", () => {
    expect(embargoRead({ ...distributor, membership: "warned" } as TActor)).toBe(true);
    expect(embargoRead({ ...distributor, membership: "removed" } as TActor)).toBe(false);
  });
  it("a reporter's capability covers their own report only", () => {
    expect(can({ kind: "reporter", caseId: "case-2" }, "report.read", CASE)).toBe(false);
    expect(can(ACTORS.reporter, "report.read", CASE)).toBe(true);
  });
  it("an unknown transition or action is denied", () => {
    expect(can(ACTORS.pst, "transition:teleport" as CaseAction, CASE)).toBe(false);
    expect(can(ACTORS.pst, "case.delete-everything" as PermissionAction, CASE)).toBe(false);
  });
});

const ORG = { kind: "organization", organizationId: "org-1" } as const;
const OTHER_ORG = { kind: "organization", organizationId: "org-2" } as const;
const EXPECTED_ORG: Record<(typeof ORGANIZATION_ACTIONS)[number], { own: string[]; other: string[] }> = {
  "organization.view": { own: ["pst", "distributor"], other: ["pst"] },
  "organization.manage-members": { own: ["pst"], other: ["pst"] },
  "membership.vouch": { own: ["distributor"], other: ["distributor"] },
  "membership.decide": { own: ["pst"], other: ["pst"] },
  "membership.warn": { own: ["pst"], other: ["pst"] },
  "membership.remove": { own: ["pst"], other: ["pst"] },
};
const orgCells = ORGANIZATION_ACTIONS.flatMap((action) =>
  ROLE_KEYS.flatMap((role) => [
    { action, role, resource: ORG, which: "own", expected: EXPECTED_ORG[action].own.includes(role) },
    {
      action,
      role,
      resource: OTHER_ORG,
      which: "other",
      expected: EXPECTED_ORG[action].other.includes(role),
    },
  ]),
);

describe("can(): every organisation permission cell", () => {
  it.each(orgCells)(
    "$role → $action on $which organisation = $expected",
    ({ action, role, resource, expected }) => {
      expect(can(ACTORS[role], action, resource)).toBe(expected);
    },
  );
  it("a removed member can neither view nor vouch", () => {
    const removed: TActor = {
      kind: "distributor",
      userId: "u-dist",
      organizationId: "org-1",
      membership: "removed",
    };
    expect(can(removed, "organization.view", ORG)).toBe(false);
    expect(can(removed, "membership.vouch", ORG)).toBe(false);
  });
});

const SYSTEM = { kind: "system" } as const;
const EXPECTED_SYSTEM: Record<(typeof SYSTEM_ACTIONS)[number], string[]> = {
  "case.list": ["pst"],
  "users.manage": ["admin"],
  "users.view": ["admin", "pst"],
  "settings.manage": ["admin"],
  "audit.read": ["admin", "pst"],
  "audit.verify": ["admin", "pst"],
  "rotation.manage": ["pst"],
  "distributor-application.list": ["pst"],
  "distributor-list.manage": ["admin", "pst"],
};
const systemCells = SYSTEM_ACTIONS.flatMap((action) =>
  ROLE_KEYS.map((role) => ({ action, role, expected: EXPECTED_SYSTEM[action].includes(role) })),
);

describe("can(): every system permission cell", () => {
  it.each(systemCells)("$role → $action = $expected", ({ action, role, expected }) => {
    expect(can(ACTORS[role], action, SYSTEM)).toBe(expected);
  });
});

describe("can(): deny by default", () => {
  it("an action on the wrong kind of resource is denied", () => {
    expect(can(ACTORS.admin, "users.manage", CASE)).toBe(false);
    expect(can(ACTORS.pst, "report.read", SYSTEM)).toBe(false);
    expect(can(ACTORS.pst, "report.read", ORG)).toBe(false);
    expect(can(ACTORS.pst, "membership.decide", SYSTEM)).toBe(false);
  });
  it("an unknown resource kind is denied", () => {
    expect(can(ACTORS.pst, "case.list", { kind: "galaxy" } as never)).toBe(false);
  });
});
