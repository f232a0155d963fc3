import { type DbTx, type Prisma, Role, txQuery } from "@disclose/db";
import {
  approvalCapacity,
  isRecoveryOpen,
  missingCapacities,
  RECOVERY_CAPACITIES,
  RECOVERY_CAPACITY_LABELS,
  RECOVERY_STATES,
  type RecoveryCapacity,
  recoveryState,
} from "@disclose/domain";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { displayName } from "../users/display-name";

// What the recovery use-cases share: the shape a recovery is shown in, how it is loaded, and the member's mail.

// The column is a uuid: anything else would fail in the database, not with a message a person understands.
export const ZRecoveryId = z.uuid({ error: "That is not a recovery request." });

export const ZRecoveryApproval = z.object({
  approverName: z.string(),
  capacity: z.enum(RECOVERY_CAPACITIES),
  approvedAt: z.date(),
});

export const ZRecovery = z.object({
  id: z.string(),
  state: z.enum(RECOVERY_STATES),
  reason: z.string(),
  requestedAt: z.date(),
  /** Pending: when the request lapses; approved: by when a new factor must be enrolled. */
  expiresAt: z.date(),
  approvedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  cancelledAt: z.date().nullable(),
  /** Who cancelled it (null: the person, or the system when it lapsed). */
  cancelledByName: z.string().nullable(),
  approvals: z.array(ZRecoveryApproval),
  /** The capacities still waiting for an approval (only meaningful while pending). */
  missing: z.array(z.enum(RECOVERY_CAPACITIES)),
});
export type TRecovery = z.infer<typeof ZRecovery>;

/** A recovery as the approvers see it: whose it is, and what the caller may do with it. */
export const ZRecoveryForApprover = ZRecovery.extend({
  member: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  /** The capacity the caller's approval would fill, or why it cannot count (the domain's words). */
  yourApproval: z.object({
    capacity: z.enum(RECOVERY_CAPACITIES).nullable(),
    refusal: z.string().nullable(),
  }),
  /** The caller may cancel it (an admin, while it is open). */
  mayCancel: z.boolean(),
});
export type TRecoveryForApprover = z.infer<typeof ZRecoveryForApprover>;

export const RECOVERY_SELECT = {
  id: true,
  userId: true,
  reason: true,
  requestedAt: true,
  expiresAt: true,
  approvedAt: true,
  completedAt: true,
  cancelledAt: true,
  cancelledById: true,
  approvals: {
    select: {
      approverId: true,
      capacity: true,
      approvedAt: true,
      approver: { select: { name: true, email: true } },
    },
    orderBy: { approvedAt: "asc" },
  },
  user: { select: { id: true, name: true, email: true } },
} as const satisfies Prisma.AccountRecoverySelect;

export type TRecoveryRow = Prisma.AccountRecoveryGetPayload<{ select: typeof RECOVERY_SELECT }>;

/** Only 'ADMIN' and 'PST_MEMBER' are ever written (the domain's capacities). */
export const capacityOf = (value: string): RecoveryCapacity => (value === "ADMIN" ? "ADMIN" : "PST_MEMBER");

export const approvalRefs = (row: TRecoveryRow) =>
  row.approvals.map((a) => ({ approverId: a.approverId, capacity: capacityOf(a.capacity) }));

/** The names of who cancelled, looked up once for a page of rows. */
export async function cancellerNames(tx: DbTx, rows: readonly TRecoveryRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => (r.cancelledById ? [r.cancelledById] : [])))];
  if (ids.length === 0) return new Map();
  const users = await tx.user.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, email: true },
  });
  return new Map(users.map((u) => [u.id, displayName(u)]));
}

export function recoveryView(row: TRecoveryRow, now: Date, cancellers: Map<string, string>): TRecovery {
  const approvals = approvalRefs(row);
  return {
    id: row.id,
    state: recoveryState(row, now),
    reason: row.reason,
    requestedAt: row.requestedAt,
    expiresAt: row.expiresAt,
    approvedAt: row.approvedAt,
    completedAt: row.completedAt,
    cancelledAt: row.cancelledAt,
    // The person cancelling their own request is not named back to them.
    cancelledByName:
      row.cancelledById && row.cancelledById !== row.userId
        ? (cancellers.get(row.cancelledById) ?? null)
        : null,
    approvals: row.approvals.map((a) => ({
      approverName: displayName(a.approver),
      capacity: capacityOf(a.capacity),
      approvedAt: a.approvedAt,
    })),
    missing: missingCapacities(approvals),
  };
}

export function recoveryForApprover(
  row: TRecoveryRow,
  session: SessionInfo,
  now: Date,
  cancellers: Map<string, string>,
): TRecoveryForApprover {
  const view = recoveryView(row, now, cancellers);
  const answer = approvalCapacity({
    requesterId: row.userId,
    approverId: session.userId,
    approverRoles: session.roles,
    approvals: approvalRefs(row),
    state: view.state,
  });
  return {
    ...view,
    member: { id: row.user.id, name: displayName(row.user), email: row.user.email },
    yourApproval: answer.ok
      ? { capacity: answer.capacity, refusal: null }
      : { capacity: null, refusal: answer.reason },
    mayCancel: mayCancelAny(session) && isRecoveryOpen(view.state),
  };
}

/** Admins cancel anyone's recovery (a request the person says they never made, a suspicious one). */
export const mayCancelAny = (session: SessionInfo): boolean => session.roles.includes(Role.ADMIN);

/** Approving is for admins and PST members; the domain decides the rest per request. */
export function assertMayApprove(session: SessionInfo): void {
  if (!session.roles.some((r) => r === Role.ADMIN || r === Role.PST_MEMBER)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only an admin or a PST member can approve a recovery.");
  }
}

/**
 * Locks a recovery for the rest of the transaction and loads it: approvals, cancellation and completion of one
 * request are serialised, so two approvals can never both be "the second".
 */
export async function lockRecovery(
  tx: DbTx,
  recoveryId: string,
  scope: { userId?: string } = {},
): Promise<TRecoveryRow> {
  const locked = await txQuery<{ id: string }>(
    tx,
    "SELECT id::text FROM account_recoveries WHERE id = $1::uuid FOR UPDATE",
    [recoveryId],
  );
  const row =
    locked.length === 1
      ? await tx.accountRecovery.findFirst({
          where: { id: recoveryId, ...(scope.userId ? { userId: scope.userId } : {}) },
          select: RECOVERY_SELECT,
        })
      : null;
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, "There is no such recovery request.");
  return row;
}

/** Mail to the member about their recovery, at the address on their account. */
export async function notifyMember(
  tx: DbTx,
  {
    to,
    adminUrl,
    ...data
  }: {
    to: string;
    adminUrl: string;
    event: "requested" | "approval" | "approved" | "completed" | "cancelled";
    by?: string;
    capacity?: RecoveryCapacity;
    expiresAt?: Date;
  },
): Promise<void> {
  await enqueueEmail(tx, {
    to,
    ...renderEmail("recoveryNotice", {
      event: data.event,
      by: data.by,
      capacity: data.capacity ? RECOVERY_CAPACITY_LABELS[data.capacity] : undefined,
      expiresAt: data.expiresAt,
      accountUrl: `${adminUrl}/account`,
    }),
  });
}
