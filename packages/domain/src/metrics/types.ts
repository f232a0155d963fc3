import type { CaseState } from "../cases/states";
import type { TSlowDownDecision } from "../timeline/slow-down";
import type { TUpstreamDependencyDecision } from "../timeline/upstream-dependency";

/**
 * One case's recorded history, as the metrics read it (issue 15). Every time is when it happened, not when it was
 * typed in. The SQL path (packages/api, use-cases/metrics) builds these from the tables; domain tests build them by
 * hand. A re-opened fix is given as the history it was (`fixReadyAt` the last time it became ready, `fixReopens`
 * how often it was re-opened), so both paths agree.
 */
export interface TCaseHistory {
  id: string;
  /** The case's current state (a triage outcome for reports that never became a case). */
  state: CaseState;
  /** The report arrived (Vultron V: the vendor is aware). */
  receivedAt: Date;
  /** The reporter was told the report arrived. */
  acknowledgedAt: Date | null;
  /** Triage ended: accepted, duplicate, rejected, not a vulnerability or spam. */
  decidedAt: Date | null;
  /** The case's final CVSS score (the highest of its vulnerabilities), null while not scored. */
  cvssScore: number | null;
  /** The facts the policy's windows depend on. */
  remotelyExploitable: boolean;
  privilegeEscalation: boolean;
  distributorDisclosureSkipped: boolean;
  mitigationAvailableAt: Date | null;
  disclosureAt: Date | null;
  /** Milestones, when reached (null: not yet). */
  fixTeamFormedAt: Date | null;
  cvssScoredAt: Date | null;
  /** Fix ready (Vultron F, and the policy's "fix developed" milestone): the last time, after any re-opening. */
  fixReadyAt: Date | null;
  fixReopens: number;
  noticePublishedAt: Date | null;
  distributorsNotifiedAt: Date | null;
  /** The fixed release (Vultron D: the fix is deployable; we cannot see users deploy it). */
  releasedAt: Date | null;
  closedAt: Date | null;
  /**
   * Public before its release (Vultron P, with `releasedAt`): the report said so, or the fact was set later. Any
   * value makes the whole timeline public (every deadline ASAP), as on the case page.
   */
  publicSince: Date | null;
  /** Vultron X and A, recorded on the case page (the first of each kind). */
  exploitPublicAt: Date | null;
  attacksObservedAt: Date | null;
  slowDowns: TSlowDownDecision[];
  upstreamDependencies: TUpstreamDependencyDecision[];
  /** Early disclosure, per notified organisation. */
  distributorReceipts: TDistributorReceipt[];
}

export interface TDistributorReceipt {
  organizationId: string;
  notifiedAt: Date;
  acknowledgedAt: Date | null;
  /** The first download of its copies by any member. */
  firstDownloadAt: Date | null;
  /** Feedback entries it recorded ("nothing found" counts). */
  feedbackCount: number;
}
