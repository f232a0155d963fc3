import { at, days, hours, T0 } from "../../test-support/fixtures";
import type { TSlowDownDecision } from "../../timeline/slow-down";
import type { TUpstreamDependencyDecision } from "../../timeline/upstream-dependency";
import type { TCaseHistory, TDistributorReceipt } from "../types";

export { at, days, hours, T0 };

/**
 * A released private case, scored 7.5, every milestone on time; tests change one thing at a time.
 * Arrived T0; acknowledged +2 h; Fix Team +10 h; fix ready +3 d; notice +4 d; distributors +5 d; released +10 d.
 */
export function history(overrides: Partial<TCaseHistory> = {}): TCaseHistory {
  return {
    id: "case-1",
    state: "released",
    receivedAt: T0,
    acknowledgedAt: at(hours(2)),
    decidedAt: at(hours(6)),
    cvssScore: 7.5,
    remotelyExploitable: true,
    privilegeEscalation: false,
    distributorDisclosureSkipped: false,
    mitigationAvailableAt: null,
    disclosureAt: at(days(10)),
    fixTeamFormedAt: at(hours(10)),
    cvssScoredAt: at(days(1)),
    fixReadyAt: at(days(3)),
    fixReopens: 0,
    noticePublishedAt: at(days(4)),
    distributorsNotifiedAt: at(days(5)),
    releasedAt: at(days(10)),
    closedAt: null,
    publicSince: null,
    exploitPublicAt: null,
    attacksObservedAt: null,
    slowDowns: [],
    upstreamDependencies: [],
    distributorReceipts: [],
    ...overrides,
  };
}

/** A report that just arrived: nothing reached yet. */
export function freshReport(overrides: Partial<TCaseHistory> = {}): TCaseHistory {
  return history({
    state: "received",
    acknowledgedAt: null,
    decidedAt: null,
    cvssScore: null,
    disclosureAt: null,
    fixTeamFormedAt: null,
    cvssScoredAt: null,
    fixReadyAt: null,
    noticePublishedAt: null,
    distributorsNotifiedAt: null,
    releasedAt: null,
    ...overrides,
  });
}

export function receipt(overrides: Partial<TDistributorReceipt> = {}): TDistributorReceipt {
  return {
    organizationId: "org-1",
    notifiedAt: at(days(5)),
    acknowledgedAt: at(days(5) + hours(3)),
    firstDownloadAt: at(days(5) + hours(1)),
    feedbackCount: 1,
    ...overrides,
  };
}

export function slowDown(overrides: Partial<TSlowDownDecision> = {}): TSlowDownDecision {
  return {
    id: "sd-1",
    decidedBy: "u-lead",
    decidedAt: at(days(2)),
    reason: "Maintainers away for the holidays",
    discussedAt: "https://lists.example.org/security/2026-03/msg42",
    newDueDates: { released: at(days(35)) },
    ...overrides,
  };
}

export function upstream(overrides: Partial<TUpstreamDependencyDecision> = {}): TUpstreamDependencyDecision {
  return {
    id: "ud-1",
    decidedBy: "u-lead",
    decidedAt: at(days(2)),
    upstreamProject: "Go",
    upstreamUrl: "https://go.dev/issue/12345",
    reason: "Go discloses on its own schedule",
    newDueDates: { released: at(days(30)) },
    ...overrides,
  };
}
