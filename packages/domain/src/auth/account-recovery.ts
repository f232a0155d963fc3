import { HOUR_MS, type Instant, toEpochMs } from "../time/utc";

/**
 * Recovery of an account whose every second factor is lost. Whoever holds the mailbox can sign in with a link, so
 * a recovery must never rest on the mailbox alone: two other people, an admin and a PST member, each confirm with
 * the person (a call, in person) and approve; only then are the old factors removed so that a new one can be
 * enrolled. Short windows keep a forgotten request from becoming an open door later.
 */

/** A request nobody approved in time lapses: approvers should act while the person is reachable. */
export const RECOVERY_REQUEST_TTL_MS = 72 * HOUR_MS;
/** Once approved, the person must enrol a new factor within this time (expiresAt moves to approval + this). */
export const RECOVERY_ENROL_TTL_MS = 24 * HOUR_MS;
/** The reason shown to the approvers. */
export const RECOVERY_REASON_MAX_CHARS = 1000;

/** The two capacities a recovery needs, each filled by a different person. */
export const RECOVERY_CAPACITIES = ["ADMIN", "PST_MEMBER"] as const;
export type RecoveryCapacity = (typeof RECOVERY_CAPACITIES)[number];

export const RECOVERY_STATES = ["pending", "approved", "completed", "cancelled", "expired"] as const;
export type RecoveryState = (typeof RECOVERY_STATES)[number];

/** How each capacity reads in a sentence ("approved by an admin"). */
export const RECOVERY_CAPACITY_LABELS: Readonly<Record<RecoveryCapacity, string>> = {
  ADMIN: "an admin",
  PST_MEMBER: "a PST member",
};

export interface RecoveryTimes {
  readonly expiresAt: Instant;
  readonly approvedAt: Instant | null;
  readonly completedAt: Instant | null;
  readonly cancelledAt: Instant | null;
}

/** When a request asked at `requestedAt` lapses if nobody approves it. */
export function recoveryRequestExpiry(requestedAt: Instant): Date {
  return new Date(toEpochMs(requestedAt) + RECOVERY_REQUEST_TTL_MS);
}

/** When an approved recovery lapses if the person enrols no new factor. */
export function recoveryEnrolmentExpiry(approvedAt: Instant): Date {
  return new Date(toEpochMs(approvedAt) + RECOVERY_ENROL_TTL_MS);
}

/** Where a recovery stands at `now`. Completion and cancellation are final; expiry ends pending and approved. */
export function recoveryState(row: RecoveryTimes, now: Instant): RecoveryState {
  if (row.completedAt !== null) return "completed";
  if (row.cancelledAt !== null) return "cancelled";
  if (toEpochMs(now) >= toEpochMs(row.expiresAt)) return "expired";
  return row.approvedAt !== null ? "approved" : "pending";
}

/** Still open: the person may still be helped by it (or cancel it). */
export function isRecoveryOpen(state: RecoveryState): boolean {
  return state === "pending" || state === "approved";
}

export interface RecoveryApprovalRef {
  readonly approverId: string;
  readonly capacity: RecoveryCapacity;
}

export type ApprovalCapacityAnswer =
  | { readonly ok: true; readonly capacity: RecoveryCapacity }
  | { readonly ok: false; readonly refusal: ApprovalRefusal; readonly reason: string };

/** Why an approval cannot count: who the approver is ("self", "role") or where the request stands. */
export type ApprovalRefusal = "self" | "role" | "already-approved" | "capacity-taken" | "not-pending";

const NOT_PENDING: Readonly<Record<Exclude<RecoveryState, "pending">, string>> = {
  approved: "This recovery is already approved by an admin and a PST member.",
  completed: "This recovery is finished: the person has set up a new second factor.",
  cancelled: "This recovery was cancelled. The person can ask again.",
  expired: "This request has expired: no approval counts after it lapsed. The person can ask again.",
};

/**
 * The capacity an approval by `approverId` fills, or why it cannot count. Never the person themselves (that would
 * be recovery by whoever holds their mailbox); only admins and PST members; once per person; a person holding both
 * roles fills one capacity only (the one still open, the admin's first), so two different people always approve.
 */
export function approvalCapacity({
  requesterId,
  approverId,
  approverRoles,
  approvals,
  state,
}: {
  requesterId: string;
  approverId: string;
  /** The approver's deployment roles (ADMIN, PST_MEMBER, DISTRIBUTOR_MEMBER); others give no capacity. */
  approverRoles: readonly string[];
  approvals: readonly RecoveryApprovalRef[];
  state: RecoveryState;
}): ApprovalCapacityAnswer {
  if (approverId === requesterId) {
    return {
      ok: false,
      refusal: "self",
      reason:
        "You cannot approve your own recovery: an admin and a PST member other than you must approve it.",
    };
  }
  if (state !== "pending") return { ok: false, refusal: "not-pending", reason: NOT_PENDING[state] };
  const capacities = RECOVERY_CAPACITIES.filter((c) => approverRoles.includes(c));
  if (capacities.length === 0) {
    return { ok: false, refusal: "role", reason: "Only an admin or a PST member can approve a recovery." };
  }
  if (approvals.some((a) => a.approverId === approverId)) {
    return {
      ok: false,
      refusal: "already-approved",
      reason: "You approved this recovery already. A second person must approve it in the other capacity.",
    };
  }
  const open = capacities.find((c) => !approvals.some((a) => a.capacity === c));
  if (!open) {
    const taken = capacities.map((c) => RECOVERY_CAPACITY_LABELS[c]).join(" and ");
    return {
      ok: false,
      refusal: "capacity-taken",
      reason: `Approval by ${taken} is already given. The other approval must come from someone with the other role.`,
    };
  }
  return { ok: true, capacity: open };
}

/** Both capacities are filled, by two different people: the old factors may be removed. */
export function isApprovalComplete(approvals: readonly RecoveryApprovalRef[]): boolean {
  const admin = approvals.find((a) => a.capacity === "ADMIN");
  const pst = approvals.find((a) => a.capacity === "PST_MEMBER");
  return admin !== undefined && pst !== undefined && admin.approverId !== pst.approverId;
}

/** The capacities still waiting for an approval, in a fixed order. */
export function missingCapacities(approvals: readonly RecoveryApprovalRef[]): RecoveryCapacity[] {
  return RECOVERY_CAPACITIES.filter((c) => !approvals.some((a) => a.capacity === c));
}

/** At most this many requests per person a day: each one mails every approver. */
export const RECOVERY_REQUESTS_PER_DAY = 3;

/**
 * Whether enrolling a first second factor is allowed given the person's latest recovery that removed their
 * factors (approved, not completed). Removing factors opens enrolment to whoever can sign in with a link, so that
 * door stays open only while the recovery is approved and unexpired; lapsed or cancelled, it needs a new request.
 */
export function mayEnrolAfterRecovery(latestApproved: RecoveryTimes | null, now: Instant): boolean {
  if (latestApproved === null || latestApproved.completedAt !== null) return true;
  return recoveryState(latestApproved, now) === "approved";
}
