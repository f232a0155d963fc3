import type { Db } from "@disclose/db";
import { DAY_MS, isRecoveryOpen } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import {
  assertMayApprove,
  cancellerNames,
  RECOVERY_SELECT,
  recoveryForApprover,
  ZRecoveryForApprover,
} from "./recovery";

/** Closed requests stay on the approvers' page this long (the audit log keeps them for good). */
const RECENT_MS = 30 * DAY_MS;
const MAX_ROWS = 200;

export const ZRecoveryList = z.object({
  /** Pending and approved requests, the oldest first (the nearest to lapsing). */
  open: z.array(ZRecoveryForApprover),
  /** Completed, cancelled and expired requests of the last 30 days, the latest first. */
  recent: z.array(ZRecoveryForApprover),
  /** The caller may cancel requests (admins). */
  mayCancel: z.boolean(),
});
export type TRecoveryList = z.infer<typeof ZRecoveryList>;

/** The approvers' page: open requests first, then the last 30 days. Admins and PST members only. */
export async function listRecoveries({
  db,
  session,
  now,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
}): Promise<TRecoveryList> {
  assertMayApprove(session);
  return db.$transaction(async (tx) => {
    const rows = await tx.accountRecovery.findMany({
      where: {
        OR: [
          { completedAt: null, cancelledAt: null, expiresAt: { gt: now } },
          { requestedAt: { gte: new Date(now.getTime() - RECENT_MS) } },
        ],
      },
      orderBy: [{ requestedAt: "desc" }, { id: "asc" }],
      take: MAX_ROWS,
      select: RECOVERY_SELECT,
    });
    const names = await cancellerNames(tx, rows);
    const views = rows.map((row) => recoveryForApprover(row, session, now, names));
    return {
      open: views.filter((v) => isRecoveryOpen(v.state)).reverse(),
      recent: views.filter((v) => !isRecoveryOpen(v.state)),
      mayCancel: session.roles.includes("ADMIN"),
    };
  });
}
