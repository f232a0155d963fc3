import type { TCaseFacts } from "../cases/case-facts";
import type { CaseState } from "../cases/states";
import type { Role, TActor } from "../roles/actor";
import type { TTimelineInput } from "../timeline/milestones";

export const T0 = new Date("2026-03-02T09:00:00Z");
export const hours = (n: number) => n * 60 * 60 * 1000;
export const days = (n: number) => hours(24 * n);
export const at = (ms: number) => new Date(T0.getTime() + ms);

/** A timeline's input in fix development, scored 7.5, nothing done yet; tests change one thing at a time. */
export function timelineInput(overrides: Partial<TTimelineInput> = {}): TTimelineInput {
  return {
    state: "fix-in-progress",
    reportedAt: T0,
    isPublic: false,
    cvssScore: 7.5,
    remotelyExploitable: true,
    privilegeEscalation: false,
    distributorDisclosureSkipped: false,
    fixOrMitigationAt: null,
    disclosureAt: null,
    completed: {},
    slowDowns: [],
    ...overrides,
  };
}

/** A case for which every guard passes; tests change one thing at a time. */
export function caseFacts(overrides: Partial<TCaseFacts> = {}): TCaseFacts {
  return {
    id: "case-1",
    state: "received" as CaseState,
    reportedAt: T0,
    isPublic: false,
    fixLeadId: "u-lead",
    fixTeamIds: ["u-team"],
    fixCommits: [{ sha: "a1b2c3d4e5f6a7b8", authorId: "u-team", lgtmBy: ["u-lead"] }],
    mitigationAvailable: false,
    remotelyExploitable: true,
    privilegeEscalation: false,
    releaseVersion: "1.11.2",
    disclosureAt: at(days(10)),
    distributorDisclosures: [{ organizationId: "org-1", notifiedAt: at(days(3)) }],
    ...overrides,
  };
}

/** One actor per role, each holding only that role for case-1 (so table rows test one role at a time). */
export const ACTORS: Readonly<Record<Role | "anonymous", TActor>> = {
  admin: { kind: "staff", userId: "u-admin", roles: ["admin"] },
  pst: { kind: "staff", userId: "u-pst", roles: ["pst"] },
  "fix-lead": { kind: "staff", userId: "u-lead", roles: [] },
  "fix-team": { kind: "staff", userId: "u-team", roles: [] },
  distributor: { kind: "distributor", userId: "u-dist", organizationId: "org-1", membership: "active" },
  reporter: { kind: "reporter", caseId: "case-1" },
  anonymous: { kind: "anonymous" },
};
export const ROLE_KEYS = Object.keys(ACTORS) as (keyof typeof ACTORS)[];
